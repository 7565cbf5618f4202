from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.warning_reason import WarningReason
from typing import cast
import datetime






T = TypeVar("T", bound="WarningOut")



@_attrs_define
class WarningOut:
    """ An early dropout warning (avertissement de décrochage) as its organisation reads it.

        Attributes:
            raised_on (datetime.date): the trainee's newest recorded day when the warning was raised
            reasons (list[WarningReason]): why the warning holds, in the order the rule checks them
            session_id (str):
            trainee_key (str): the pseudonym the trainee's enrolment answered
            warning_id (str): the id the `dropout_warning.*` webhooks carry
     """

    raised_on: datetime.date
    reasons: list[WarningReason]
    session_id: str
    trainee_key: str
    warning_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        raised_on = self.raised_on.isoformat()

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.value
            reasons.append(reasons_item)



        session_id = self.session_id

        trainee_key = self.trainee_key

        warning_id = self.warning_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "raised_on": raised_on,
            "reasons": reasons,
            "session_id": session_id,
            "trainee_key": trainee_key,
            "warning_id": warning_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        raised_on = datetime.date.fromisoformat(d.pop("raised_on"))




        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in (_reasons):
            reasons_item = WarningReason(reasons_item_data)



            reasons.append(reasons_item)


        session_id = d.pop("session_id")

        trainee_key = d.pop("trainee_key")

        warning_id = d.pop("warning_id")

        warning_out = cls(
            raised_on=raised_on,
            reasons=reasons,
            session_id=session_id,
            trainee_key=trainee_key,
            warning_id=warning_id,
        )


        warning_out.additional_properties = d
        return warning_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
