from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.detailed_line_out import DetailedLineOut





T = TypeVar("T", bound="OrganisationInvoiceOut")



@_attrs_define
class OrganisationInvoiceOut:
    """ 
        Attributes:
            counts (bool): every version but a disputed one counts (payable, already billed, ceiling)
            invoice_id (str):
            issued_at (str):
            lines (list[DetailedLineOut]):
            order_id (str):
            over_ceiling_cents (int):
            payable_cents (int):
            period (str):
            reissued (bool): this version replaced a disputed one
            status (str):
            total_cents (int):
            version (int):
            dispute_reason (None | str | Unset):
            disputed_at (None | str | Unset): when this version was disputed
            replaced_by (None | str | Unset): the invoice id of the version that replaced it
     """

    counts: bool
    invoice_id: str
    issued_at: str
    lines: list[DetailedLineOut]
    order_id: str
    over_ceiling_cents: int
    payable_cents: int
    period: str
    reissued: bool
    status: str
    total_cents: int
    version: int
    dispute_reason: None | str | Unset = UNSET
    disputed_at: None | str | Unset = UNSET
    replaced_by: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.detailed_line_out import DetailedLineOut # noqa: PLC0415
        counts = self.counts

        invoice_id = self.invoice_id

        issued_at = self.issued_at

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)



        order_id = self.order_id

        over_ceiling_cents = self.over_ceiling_cents

        payable_cents = self.payable_cents

        period = self.period

        reissued = self.reissued

        status = self.status

        total_cents = self.total_cents

        version = self.version

        dispute_reason: None | str | Unset
        if isinstance(self.dispute_reason, Unset):
            dispute_reason = UNSET
        else:
            dispute_reason = self.dispute_reason

        disputed_at: None | str | Unset
        if isinstance(self.disputed_at, Unset):
            disputed_at = UNSET
        else:
            disputed_at = self.disputed_at

        replaced_by: None | str | Unset
        if isinstance(self.replaced_by, Unset):
            replaced_by = UNSET
        else:
            replaced_by = self.replaced_by


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "counts": counts,
            "invoice_id": invoice_id,
            "issued_at": issued_at,
            "lines": lines,
            "order_id": order_id,
            "over_ceiling_cents": over_ceiling_cents,
            "payable_cents": payable_cents,
            "period": period,
            "reissued": reissued,
            "status": status,
            "total_cents": total_cents,
            "version": version,
        })
        if dispute_reason is not UNSET:
            field_dict["dispute_reason"] = dispute_reason
        if disputed_at is not UNSET:
            field_dict["disputed_at"] = disputed_at
        if replaced_by is not UNSET:
            field_dict["replaced_by"] = replaced_by

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.detailed_line_out import DetailedLineOut # noqa: PLC0415
        d = dict(src_dict)
        counts = d.pop("counts")

        invoice_id = d.pop("invoice_id")

        issued_at = d.pop("issued_at")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in (_lines):
            lines_item = DetailedLineOut.from_dict(lines_item_data)



            lines.append(lines_item)


        order_id = d.pop("order_id")

        over_ceiling_cents = d.pop("over_ceiling_cents")

        payable_cents = d.pop("payable_cents")

        period = d.pop("period")

        reissued = d.pop("reissued")

        status = d.pop("status")

        total_cents = d.pop("total_cents")

        version = d.pop("version")

        def _parse_dispute_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        dispute_reason = _parse_dispute_reason(d.pop("dispute_reason", UNSET))


        def _parse_disputed_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        disputed_at = _parse_disputed_at(d.pop("disputed_at", UNSET))


        def _parse_replaced_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        replaced_by = _parse_replaced_by(d.pop("replaced_by", UNSET))


        organisation_invoice_out = cls(
            counts=counts,
            invoice_id=invoice_id,
            issued_at=issued_at,
            lines=lines,
            order_id=order_id,
            over_ceiling_cents=over_ceiling_cents,
            payable_cents=payable_cents,
            period=period,
            reissued=reissued,
            status=status,
            total_cents=total_cents,
            version=version,
            dispute_reason=dispute_reason,
            disputed_at=disputed_at,
            replaced_by=replaced_by,
        )


        organisation_invoice_out.additional_properties = d
        return organisation_invoice_out

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
