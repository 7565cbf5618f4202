from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="OrganisationOrderOut")



@_attrs_define
class OrganisationOrderOut:
    """ 
        Attributes:
            accrued_cents (int): billable from the facts known now minus what was invoiced (BILLING.md)
            axis (str):
            billing_unit (str):
            closed_at (None | str):
            committed_cents (int): its ceiling: the amount placed, or the lowered amount once closed
            disputed_invoices (int):
            forecast_payable_cents (int): what of the accrual would be payable if invoiced now (the ceiling applied)
            invoiced_cents (int): payable of its counting invoices (every version but a disputed one)
            invoices (int):
            lot_id (str):
            order_id (str):
            paid_cents (int):
            placed_cents (int): the amount the order was placed for
            remaining_cents (int): committed minus invoiced: what it may still be paid
            status (str): placed | closed
            tender_id (str):
            unit_price_cents (int):
     """

    accrued_cents: int
    axis: str
    billing_unit: str
    closed_at: None | str
    committed_cents: int
    disputed_invoices: int
    forecast_payable_cents: int
    invoiced_cents: int
    invoices: int
    lot_id: str
    order_id: str
    paid_cents: int
    placed_cents: int
    remaining_cents: int
    status: str
    tender_id: str
    unit_price_cents: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        accrued_cents = self.accrued_cents

        axis = self.axis

        billing_unit = self.billing_unit

        closed_at: None | str
        closed_at = self.closed_at

        committed_cents = self.committed_cents

        disputed_invoices = self.disputed_invoices

        forecast_payable_cents = self.forecast_payable_cents

        invoiced_cents = self.invoiced_cents

        invoices = self.invoices

        lot_id = self.lot_id

        order_id = self.order_id

        paid_cents = self.paid_cents

        placed_cents = self.placed_cents

        remaining_cents = self.remaining_cents

        status = self.status

        tender_id = self.tender_id

        unit_price_cents = self.unit_price_cents


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "accrued_cents": accrued_cents,
            "axis": axis,
            "billing_unit": billing_unit,
            "closed_at": closed_at,
            "committed_cents": committed_cents,
            "disputed_invoices": disputed_invoices,
            "forecast_payable_cents": forecast_payable_cents,
            "invoiced_cents": invoiced_cents,
            "invoices": invoices,
            "lot_id": lot_id,
            "order_id": order_id,
            "paid_cents": paid_cents,
            "placed_cents": placed_cents,
            "remaining_cents": remaining_cents,
            "status": status,
            "tender_id": tender_id,
            "unit_price_cents": unit_price_cents,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        accrued_cents = d.pop("accrued_cents")

        axis = d.pop("axis")

        billing_unit = d.pop("billing_unit")

        def _parse_closed_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        closed_at = _parse_closed_at(d.pop("closed_at"))


        committed_cents = d.pop("committed_cents")

        disputed_invoices = d.pop("disputed_invoices")

        forecast_payable_cents = d.pop("forecast_payable_cents")

        invoiced_cents = d.pop("invoiced_cents")

        invoices = d.pop("invoices")

        lot_id = d.pop("lot_id")

        order_id = d.pop("order_id")

        paid_cents = d.pop("paid_cents")

        placed_cents = d.pop("placed_cents")

        remaining_cents = d.pop("remaining_cents")

        status = d.pop("status")

        tender_id = d.pop("tender_id")

        unit_price_cents = d.pop("unit_price_cents")

        organisation_order_out = cls(
            accrued_cents=accrued_cents,
            axis=axis,
            billing_unit=billing_unit,
            closed_at=closed_at,
            committed_cents=committed_cents,
            disputed_invoices=disputed_invoices,
            forecast_payable_cents=forecast_payable_cents,
            invoiced_cents=invoiced_cents,
            invoices=invoices,
            lot_id=lot_id,
            order_id=order_id,
            paid_cents=paid_cents,
            placed_cents=placed_cents,
            remaining_cents=remaining_cents,
            status=status,
            tender_id=tender_id,
            unit_price_cents=unit_price_cents,
        )


        organisation_order_out.additional_properties = d
        return organisation_order_out

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
