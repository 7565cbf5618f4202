from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="AttendanceSessionOut")



@_attrs_define
class AttendanceSessionOut:
    """ 
        Attributes:
            cancelled (bool):
            capacity (int | None):
            ends_on (datetime.date | None):
            hours_per_day (None | str):
            lot_id (None | str):
            order_id (None | str):
            planned_days (list[datetime.date]):
            revision (int):
            session_id (str):
            starts_on (datetime.date | None):
            trainees (int): trainees enrolled (cancelled enrolments excluded)
     """

    cancelled: bool
    capacity: int | None
    ends_on: datetime.date | None
    hours_per_day: None | str
    lot_id: None | str
    order_id: None | str
    planned_days: list[datetime.date]
    revision: int
    session_id: str
    starts_on: datetime.date | None
    trainees: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        cancelled = self.cancelled

        capacity: int | None
        capacity = self.capacity

        ends_on: None | str
        if isinstance(self.ends_on, datetime.date):
            ends_on = self.ends_on.isoformat()
        else:
            ends_on = self.ends_on

        hours_per_day: None | str
        hours_per_day = self.hours_per_day

        lot_id: None | str
        lot_id = self.lot_id

        order_id: None | str
        order_id = self.order_id

        planned_days = []
        for planned_days_item_data in self.planned_days:
            planned_days_item = planned_days_item_data.isoformat()
            planned_days.append(planned_days_item)



        revision = self.revision

        session_id = self.session_id

        starts_on: None | str
        if isinstance(self.starts_on, datetime.date):
            starts_on = self.starts_on.isoformat()
        else:
            starts_on = self.starts_on

        trainees = self.trainees


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "cancelled": cancelled,
            "capacity": capacity,
            "ends_on": ends_on,
            "hours_per_day": hours_per_day,
            "lot_id": lot_id,
            "order_id": order_id,
            "planned_days": planned_days,
            "revision": revision,
            "session_id": session_id,
            "starts_on": starts_on,
            "trainees": trainees,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cancelled = d.pop("cancelled")

        def _parse_capacity(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        capacity = _parse_capacity(d.pop("capacity"))


        def _parse_ends_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_on_type_0 = datetime.date.fromisoformat(data)



                return ends_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        ends_on = _parse_ends_on(d.pop("ends_on"))


        def _parse_hours_per_day(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        hours_per_day = _parse_hours_per_day(d.pop("hours_per_day"))


        def _parse_lot_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        lot_id = _parse_lot_id(d.pop("lot_id"))


        def _parse_order_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        order_id = _parse_order_id(d.pop("order_id"))


        planned_days = []
        _planned_days = d.pop("planned_days")
        for planned_days_item_data in (_planned_days):
            planned_days_item = datetime.date.fromisoformat(planned_days_item_data)



            planned_days.append(planned_days_item)


        revision = d.pop("revision")

        session_id = d.pop("session_id")

        def _parse_starts_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_on_type_0 = datetime.date.fromisoformat(data)



                return starts_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        starts_on = _parse_starts_on(d.pop("starts_on"))


        trainees = d.pop("trainees")

        attendance_session_out = cls(
            cancelled=cancelled,
            capacity=capacity,
            ends_on=ends_on,
            hours_per_day=hours_per_day,
            lot_id=lot_id,
            order_id=order_id,
            planned_days=planned_days,
            revision=revision,
            session_id=session_id,
            starts_on=starts_on,
            trainees=trainees,
        )


        attendance_session_out.additional_properties = d
        return attendance_session_out

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
