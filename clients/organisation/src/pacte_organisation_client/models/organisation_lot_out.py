from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.action_type import ActionType
from ..models.axis import Axis
from ..models.billing_unit import BillingUnit
from ..models.domain import Domain
from ..models.lot_status import LotStatus
from ..models.territory import Territory
from typing import cast






T = TypeVar("T", bound="OrganisationLotOut")



@_attrs_define
class OrganisationLotOut:
    """ 
        Attributes:
            action_type (ActionType):
            additional_modules (list[str]):
            axis (Axis):
            billing_unit (BillingUnit):
            domain (Domain):
            holder_id (None | str):
            lot_id (str):
            members (list[str]):
            number (int):
            orders (int): orders placed under the lot (their money: billing's `GET /v1/orders`)
            return_to_work_bonus_cents (int):
            role (str): `holder` (the lead member, who declares and is invoiced) or `member`
            session_capacity (int):
            sessions (int):
            status (LotStatus):
            tender_id (str):
            territory (Territory): The region's departments, by INSEE code.
            title (str):
            unit_price_cents (int):
     """

    action_type: ActionType
    additional_modules: list[str]
    axis: Axis
    billing_unit: BillingUnit
    domain: Domain
    holder_id: None | str
    lot_id: str
    members: list[str]
    number: int
    orders: int
    return_to_work_bonus_cents: int
    role: str
    session_capacity: int
    sessions: int
    status: LotStatus
    tender_id: str
    territory: Territory
    title: str
    unit_price_cents: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        action_type = self.action_type.value

        additional_modules = self.additional_modules



        axis = self.axis.value

        billing_unit = self.billing_unit.value

        domain = self.domain.value

        holder_id: None | str
        holder_id = self.holder_id

        lot_id = self.lot_id

        members = self.members



        number = self.number

        orders = self.orders

        return_to_work_bonus_cents = self.return_to_work_bonus_cents

        role = self.role

        session_capacity = self.session_capacity

        sessions = self.sessions

        status = self.status.value

        tender_id = self.tender_id

        territory = self.territory.value

        title = self.title

        unit_price_cents = self.unit_price_cents


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "action_type": action_type,
            "additional_modules": additional_modules,
            "axis": axis,
            "billing_unit": billing_unit,
            "domain": domain,
            "holder_id": holder_id,
            "lot_id": lot_id,
            "members": members,
            "number": number,
            "orders": orders,
            "return_to_work_bonus_cents": return_to_work_bonus_cents,
            "role": role,
            "session_capacity": session_capacity,
            "sessions": sessions,
            "status": status,
            "tender_id": tender_id,
            "territory": territory,
            "title": title,
            "unit_price_cents": unit_price_cents,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action_type = ActionType(d.pop("action_type"))




        additional_modules = cast(list[str], d.pop("additional_modules"))


        axis = Axis(d.pop("axis"))




        billing_unit = BillingUnit(d.pop("billing_unit"))




        domain = Domain(d.pop("domain"))




        def _parse_holder_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        holder_id = _parse_holder_id(d.pop("holder_id"))


        lot_id = d.pop("lot_id")

        members = cast(list[str], d.pop("members"))


        number = d.pop("number")

        orders = d.pop("orders")

        return_to_work_bonus_cents = d.pop("return_to_work_bonus_cents")

        role = d.pop("role")

        session_capacity = d.pop("session_capacity")

        sessions = d.pop("sessions")

        status = LotStatus(d.pop("status"))




        tender_id = d.pop("tender_id")

        territory = Territory(d.pop("territory"))




        title = d.pop("title")

        unit_price_cents = d.pop("unit_price_cents")

        organisation_lot_out = cls(
            action_type=action_type,
            additional_modules=additional_modules,
            axis=axis,
            billing_unit=billing_unit,
            domain=domain,
            holder_id=holder_id,
            lot_id=lot_id,
            members=members,
            number=number,
            orders=orders,
            return_to_work_bonus_cents=return_to_work_bonus_cents,
            role=role,
            session_capacity=session_capacity,
            sessions=sessions,
            status=status,
            tender_id=tender_id,
            territory=territory,
            title=title,
            unit_price_cents=unit_price_cents,
        )


        organisation_lot_out.additional_properties = d
        return organisation_lot_out

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
