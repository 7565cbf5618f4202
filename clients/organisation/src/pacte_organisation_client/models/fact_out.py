from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.fact_out_detail_type_0 import FactOutDetailType0





T = TypeVar("T", bound="FactOut")



@_attrs_define
class FactOut:
    """ 
        Attributes:
            business_date (str):
            current_at_issue (bool): no newer version of this business key was known when issued
            detail (FactOutDetailType0 | None):
            event_id (str):
            fact_id (int):
            fact_type (str):
            new_on_this_invoice (bool): recorded after the order's previous invoice
            quantity (None | str):
            recorded_at (str):
            revision (int):
            session_id (None | str):
            subject (None | str):
     """

    business_date: str
    current_at_issue: bool
    detail: FactOutDetailType0 | None
    event_id: str
    fact_id: int
    fact_type: str
    new_on_this_invoice: bool
    quantity: None | str
    recorded_at: str
    revision: int
    session_id: None | str
    subject: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.fact_out_detail_type_0 import FactOutDetailType0 # noqa: PLC0415
        business_date = self.business_date

        current_at_issue = self.current_at_issue

        detail: dict[str, Any] | None
        if isinstance(self.detail, FactOutDetailType0):
            detail = self.detail.to_dict()
        else:
            detail = self.detail

        event_id = self.event_id

        fact_id = self.fact_id

        fact_type = self.fact_type

        new_on_this_invoice = self.new_on_this_invoice

        quantity: None | str
        quantity = self.quantity

        recorded_at = self.recorded_at

        revision = self.revision

        session_id: None | str
        session_id = self.session_id

        subject: None | str
        subject = self.subject


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "business_date": business_date,
            "current_at_issue": current_at_issue,
            "detail": detail,
            "event_id": event_id,
            "fact_id": fact_id,
            "fact_type": fact_type,
            "new_on_this_invoice": new_on_this_invoice,
            "quantity": quantity,
            "recorded_at": recorded_at,
            "revision": revision,
            "session_id": session_id,
            "subject": subject,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fact_out_detail_type_0 import FactOutDetailType0 # noqa: PLC0415
        d = dict(src_dict)
        business_date = d.pop("business_date")

        current_at_issue = d.pop("current_at_issue")

        def _parse_detail(data: object) -> FactOutDetailType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                detail_type_0 = FactOutDetailType0.from_dict(data)



                return detail_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FactOutDetailType0 | None, data)

        detail = _parse_detail(d.pop("detail"))


        event_id = d.pop("event_id")

        fact_id = d.pop("fact_id")

        fact_type = d.pop("fact_type")

        new_on_this_invoice = d.pop("new_on_this_invoice")

        def _parse_quantity(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        quantity = _parse_quantity(d.pop("quantity"))


        recorded_at = d.pop("recorded_at")

        revision = d.pop("revision")

        def _parse_session_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        session_id = _parse_session_id(d.pop("session_id"))


        def _parse_subject(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subject = _parse_subject(d.pop("subject"))


        fact_out = cls(
            business_date=business_date,
            current_at_issue=current_at_issue,
            detail=detail,
            event_id=event_id,
            fact_id=fact_id,
            fact_type=fact_type,
            new_on_this_invoice=new_on_this_invoice,
            quantity=quantity,
            recorded_at=recorded_at,
            revision=revision,
            session_id=session_id,
            subject=subject,
        )


        fact_out.additional_properties = d
        return fact_out

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
