from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="InvoiceStatusOut")



@_attrs_define
class InvoiceStatusOut:
    """ 
        Attributes:
            invoice_id (str):
            order_id (str):
            payable_cents (int):
            period (str):
            status (str):
            version (int):
            dispute_reason (None | str | Unset):
     """

    invoice_id: str
    order_id: str
    payable_cents: int
    period: str
    status: str
    version: int
    dispute_reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        invoice_id = self.invoice_id

        order_id = self.order_id

        payable_cents = self.payable_cents

        period = self.period

        status = self.status

        version = self.version

        dispute_reason: None | str | Unset
        if isinstance(self.dispute_reason, Unset):
            dispute_reason = UNSET
        else:
            dispute_reason = self.dispute_reason


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "invoice_id": invoice_id,
            "order_id": order_id,
            "payable_cents": payable_cents,
            "period": period,
            "status": status,
            "version": version,
        })
        if dispute_reason is not UNSET:
            field_dict["dispute_reason"] = dispute_reason

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        invoice_id = d.pop("invoice_id")

        order_id = d.pop("order_id")

        payable_cents = d.pop("payable_cents")

        period = d.pop("period")

        status = d.pop("status")

        version = d.pop("version")

        def _parse_dispute_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        dispute_reason = _parse_dispute_reason(d.pop("dispute_reason", UNSET))


        invoice_status_out = cls(
            invoice_id=invoice_id,
            order_id=order_id,
            payable_cents=payable_cents,
            period=period,
            status=status,
            version=version,
            dispute_reason=dispute_reason,
        )


        invoice_status_out.additional_properties = d
        return invoice_status_out

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
