from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="PaymentForecastOut")



@_attrs_define
class PaymentForecastOut:
    """ 
        Attributes:
            accrued_cents (int):
            committed_cents (int):
            forecast_over_ceiling_cents (int):
            forecast_payable_cents (int):
            invoiced_cents (int):
            order_id (str):
            sequence (int | None): grows with each change of the accrual
     """

    accrued_cents: int
    committed_cents: int
    forecast_over_ceiling_cents: int
    forecast_payable_cents: int
    invoiced_cents: int
    order_id: str
    sequence: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        accrued_cents = self.accrued_cents

        committed_cents = self.committed_cents

        forecast_over_ceiling_cents = self.forecast_over_ceiling_cents

        forecast_payable_cents = self.forecast_payable_cents

        invoiced_cents = self.invoiced_cents

        order_id = self.order_id

        sequence: int | None
        sequence = self.sequence


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "accrued_cents": accrued_cents,
            "committed_cents": committed_cents,
            "forecast_over_ceiling_cents": forecast_over_ceiling_cents,
            "forecast_payable_cents": forecast_payable_cents,
            "invoiced_cents": invoiced_cents,
            "order_id": order_id,
            "sequence": sequence,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        accrued_cents = d.pop("accrued_cents")

        committed_cents = d.pop("committed_cents")

        forecast_over_ceiling_cents = d.pop("forecast_over_ceiling_cents")

        forecast_payable_cents = d.pop("forecast_payable_cents")

        invoiced_cents = d.pop("invoiced_cents")

        order_id = d.pop("order_id")

        def _parse_sequence(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        sequence = _parse_sequence(d.pop("sequence"))


        payment_forecast_out = cls(
            accrued_cents=accrued_cents,
            committed_cents=committed_cents,
            forecast_over_ceiling_cents=forecast_over_ceiling_cents,
            forecast_payable_cents=forecast_payable_cents,
            invoiced_cents=invoiced_cents,
            order_id=order_id,
            sequence=sequence,
        )


        payment_forecast_out.additional_properties = d
        return payment_forecast_out

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
