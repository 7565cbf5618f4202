from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.fact_out import FactOut





T = TypeVar("T", bound="LineFactsOut")



@_attrs_define
class LineFactsOut:
    """ 
        Attributes:
            facts (list[FactOut]):
            invoice_id (str):
            kind (str):
            n (int):
            next_after (int | None): pass as `after` for the next page, null at the end
            origin_period (str):
            ref (None | str):
     """

    facts: list[FactOut]
    invoice_id: str
    kind: str
    n: int
    next_after: int | None
    origin_period: str
    ref: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.fact_out import FactOut # noqa: PLC0415
        facts = []
        for facts_item_data in self.facts:
            facts_item = facts_item_data.to_dict()
            facts.append(facts_item)



        invoice_id = self.invoice_id

        kind = self.kind

        n = self.n

        next_after: int | None
        next_after = self.next_after

        origin_period = self.origin_period

        ref: None | str
        ref = self.ref


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "facts": facts,
            "invoice_id": invoice_id,
            "kind": kind,
            "n": n,
            "next_after": next_after,
            "origin_period": origin_period,
            "ref": ref,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fact_out import FactOut # noqa: PLC0415
        d = dict(src_dict)
        facts = []
        _facts = d.pop("facts")
        for facts_item_data in (_facts):
            facts_item = FactOut.from_dict(facts_item_data)



            facts.append(facts_item)


        invoice_id = d.pop("invoice_id")

        kind = d.pop("kind")

        n = d.pop("n")

        def _parse_next_after(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        next_after = _parse_next_after(d.pop("next_after"))


        origin_period = d.pop("origin_period")

        def _parse_ref(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ref = _parse_ref(d.pop("ref"))


        line_facts_out = cls(
            facts=facts,
            invoice_id=invoice_id,
            kind=kind,
            n=n,
            next_after=next_after,
            origin_period=origin_period,
            ref=ref,
        )


        line_facts_out.additional_properties = d
        return line_facts_out

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
