from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="DetailedLineOut")



@_attrs_define
class DetailedLineOut:
    """ 
        Attributes:
            amount_cents (int):
            kind (str):
            n (int):
            origin_period (str):
            quantity (str): canonical decimal string
            ref (None | str):
            unit_price_cents (int):
     """

    amount_cents: int
    kind: str
    n: int
    origin_period: str
    quantity: str
    ref: None | str
    unit_price_cents: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        amount_cents = self.amount_cents

        kind = self.kind

        n = self.n

        origin_period = self.origin_period

        quantity = self.quantity

        ref: None | str
        ref = self.ref

        unit_price_cents = self.unit_price_cents


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "amount_cents": amount_cents,
            "kind": kind,
            "n": n,
            "origin_period": origin_period,
            "quantity": quantity,
            "ref": ref,
            "unit_price_cents": unit_price_cents,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_cents = d.pop("amount_cents")

        kind = d.pop("kind")

        n = d.pop("n")

        origin_period = d.pop("origin_period")

        quantity = d.pop("quantity")

        def _parse_ref(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ref = _parse_ref(d.pop("ref"))


        unit_price_cents = d.pop("unit_price_cents")

        detailed_line_out = cls(
            amount_cents=amount_cents,
            kind=kind,
            n=n,
            origin_period=origin_period,
            quantity=quantity,
            ref=ref,
            unit_price_cents=unit_price_cents,
        )


        detailed_line_out.additional_properties = d
        return detailed_line_out

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
