from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.action_type import ActionType
from ..models.axis import Axis
from ..models.domain import Domain
from ..models.territory import Territory
from typing import cast
import datetime






T = TypeVar("T", bound="SessionOut")



@_attrs_define
class SessionOut:
    """ 
        Attributes:
            action_type (ActionType):
            axis (Axis):
            cancelled (bool):
            capacity (int):
            domain (Domain):
            ends_on (datetime.date):
            enrolments (int):
            holder_id (str):
            holder_name (None | str):
            hours_per_day (str):
            lot_id (str):
            lot_title (str):
            order_id (str):
            place (str):
            places_left (int):
            planned_days (list[datetime.date]):
            revision (int):
            session_id (str):
            starts_on (datetime.date):
            status (str):
            tender_id (str):
            territory (Territory): The region's departments, by INSEE code.
     """

    action_type: ActionType
    axis: Axis
    cancelled: bool
    capacity: int
    domain: Domain
    ends_on: datetime.date
    enrolments: int
    holder_id: str
    holder_name: None | str
    hours_per_day: str
    lot_id: str
    lot_title: str
    order_id: str
    place: str
    places_left: int
    planned_days: list[datetime.date]
    revision: int
    session_id: str
    starts_on: datetime.date
    status: str
    tender_id: str
    territory: Territory
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        action_type = self.action_type.value

        axis = self.axis.value

        cancelled = self.cancelled

        capacity = self.capacity

        domain = self.domain.value

        ends_on = self.ends_on.isoformat()

        enrolments = self.enrolments

        holder_id = self.holder_id

        holder_name: None | str
        holder_name = self.holder_name

        hours_per_day = self.hours_per_day

        lot_id = self.lot_id

        lot_title = self.lot_title

        order_id = self.order_id

        place = self.place

        places_left = self.places_left

        planned_days = []
        for planned_days_item_data in self.planned_days:
            planned_days_item = planned_days_item_data.isoformat()
            planned_days.append(planned_days_item)



        revision = self.revision

        session_id = self.session_id

        starts_on = self.starts_on.isoformat()

        status = self.status

        tender_id = self.tender_id

        territory = self.territory.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "action_type": action_type,
            "axis": axis,
            "cancelled": cancelled,
            "capacity": capacity,
            "domain": domain,
            "ends_on": ends_on,
            "enrolments": enrolments,
            "holder_id": holder_id,
            "holder_name": holder_name,
            "hours_per_day": hours_per_day,
            "lot_id": lot_id,
            "lot_title": lot_title,
            "order_id": order_id,
            "place": place,
            "places_left": places_left,
            "planned_days": planned_days,
            "revision": revision,
            "session_id": session_id,
            "starts_on": starts_on,
            "status": status,
            "tender_id": tender_id,
            "territory": territory,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action_type = ActionType(d.pop("action_type"))




        axis = Axis(d.pop("axis"))




        cancelled = d.pop("cancelled")

        capacity = d.pop("capacity")

        domain = Domain(d.pop("domain"))




        ends_on = datetime.date.fromisoformat(d.pop("ends_on"))




        enrolments = d.pop("enrolments")

        holder_id = d.pop("holder_id")

        def _parse_holder_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        holder_name = _parse_holder_name(d.pop("holder_name"))


        hours_per_day = d.pop("hours_per_day")

        lot_id = d.pop("lot_id")

        lot_title = d.pop("lot_title")

        order_id = d.pop("order_id")

        place = d.pop("place")

        places_left = d.pop("places_left")

        planned_days = []
        _planned_days = d.pop("planned_days")
        for planned_days_item_data in (_planned_days):
            planned_days_item = datetime.date.fromisoformat(planned_days_item_data)



            planned_days.append(planned_days_item)


        revision = d.pop("revision")

        session_id = d.pop("session_id")

        starts_on = datetime.date.fromisoformat(d.pop("starts_on"))




        status = d.pop("status")

        tender_id = d.pop("tender_id")

        territory = Territory(d.pop("territory"))




        session_out = cls(
            action_type=action_type,
            axis=axis,
            cancelled=cancelled,
            capacity=capacity,
            domain=domain,
            ends_on=ends_on,
            enrolments=enrolments,
            holder_id=holder_id,
            holder_name=holder_name,
            hours_per_day=hours_per_day,
            lot_id=lot_id,
            lot_title=lot_title,
            order_id=order_id,
            place=place,
            places_left=places_left,
            planned_days=planned_days,
            revision=revision,
            session_id=session_id,
            starts_on=starts_on,
            status=status,
            tender_id=tender_id,
            territory=territory,
        )


        session_out.additional_properties = d
        return session_out

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
