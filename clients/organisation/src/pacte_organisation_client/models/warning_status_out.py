from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.warning_reason import WarningReason
from ..models.warning_status_out_outcome_type_0 import WarningStatusOutOutcomeType0
from ..models.warning_status_out_status import WarningStatusOutStatus
from typing import cast
import datetime






T = TypeVar("T", bound="WarningStatusOut")



@_attrs_define
class WarningStatusOut:
    """ 
        Attributes:
            cleared_on (datetime.date | None): when attendance recovered (status `cleared`)
            closed_on (datetime.date | None): when the trainee left (status `closed`)
            outcome (None | WarningStatusOutOutcomeType0): how the trainee left (status `closed`)
            raised_on (datetime.date): the trainee's newest recorded day when the warning was raised
            reasons (list[WarningReason]): why the warning holds, in the order the rule checks them
            session_id (str):
            status (WarningStatusOutStatus):
            trainee_key (str): the pseudonym the trainee's enrolment answered
            warning_id (str): the id the `dropout_warning.*` webhooks carry
     """

    cleared_on: datetime.date | None
    closed_on: datetime.date | None
    outcome: None | WarningStatusOutOutcomeType0
    raised_on: datetime.date
    reasons: list[WarningReason]
    session_id: str
    status: WarningStatusOutStatus
    trainee_key: str
    warning_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        cleared_on: None | str
        if isinstance(self.cleared_on, datetime.date):
            cleared_on = self.cleared_on.isoformat()
        else:
            cleared_on = self.cleared_on

        closed_on: None | str
        if isinstance(self.closed_on, datetime.date):
            closed_on = self.closed_on.isoformat()
        else:
            closed_on = self.closed_on

        outcome: None | str
        if isinstance(self.outcome, WarningStatusOutOutcomeType0):
            outcome = self.outcome.value
        else:
            outcome = self.outcome

        raised_on = self.raised_on.isoformat()

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.value
            reasons.append(reasons_item)



        session_id = self.session_id

        status = self.status.value

        trainee_key = self.trainee_key

        warning_id = self.warning_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "cleared_on": cleared_on,
            "closed_on": closed_on,
            "outcome": outcome,
            "raised_on": raised_on,
            "reasons": reasons,
            "session_id": session_id,
            "status": status,
            "trainee_key": trainee_key,
            "warning_id": warning_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_cleared_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cleared_on_type_0 = datetime.date.fromisoformat(data)



                return cleared_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        cleared_on = _parse_cleared_on(d.pop("cleared_on"))


        def _parse_closed_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_on_type_0 = datetime.date.fromisoformat(data)



                return closed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        closed_on = _parse_closed_on(d.pop("closed_on"))


        def _parse_outcome(data: object) -> None | WarningStatusOutOutcomeType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                outcome_type_0 = WarningStatusOutOutcomeType0(data)



                return outcome_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | WarningStatusOutOutcomeType0, data)

        outcome = _parse_outcome(d.pop("outcome"))


        raised_on = datetime.date.fromisoformat(d.pop("raised_on"))




        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in (_reasons):
            reasons_item = WarningReason(reasons_item_data)



            reasons.append(reasons_item)


        session_id = d.pop("session_id")

        status = WarningStatusOutStatus(d.pop("status"))




        trainee_key = d.pop("trainee_key")

        warning_id = d.pop("warning_id")

        warning_status_out = cls(
            cleared_on=cleared_on,
            closed_on=closed_on,
            outcome=outcome,
            raised_on=raised_on,
            reasons=reasons,
            session_id=session_id,
            status=status,
            trainee_key=trainee_key,
            warning_id=warning_id,
        )


        warning_status_out.additional_properties = d
        return warning_status_out

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
