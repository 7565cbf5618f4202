from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="TargetSpec")



@_attrs_define
class TargetSpec:
    """ 
        Attributes:
            indicator (str): `dropout_rate`, `dropout_excl_employment_rate`, `fill_rate`, `certification_rate`,
                `return_to_work_6m_rate`, `durable_employment_6m_rate`, `satisfaction_avg`, `satisfaction_response_rate`
            scope (str): `lot`, `organisation`: the plan's lot, or every lot its organisation holds
            comparator (str): `<=`, `>=`
            threshold (float): Compared with the rate as reported (4 decimals)
            min_sample (int): Least denominator of the indicator for the target to count (≥ 0)
     """

    indicator: str
    scope: str
    comparator: str
    threshold: float
    min_sample: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        indicator = self.indicator

        scope = self.scope

        comparator = self.comparator

        threshold = self.threshold

        min_sample = self.min_sample


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "indicator": indicator,
            "scope": scope,
            "comparator": comparator,
            "threshold": threshold,
            "min_sample": min_sample,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        indicator = d.pop("indicator")

        scope = d.pop("scope")

        comparator = d.pop("comparator")

        threshold = d.pop("threshold")

        min_sample = d.pop("min_sample")

        target_spec = cls(
            indicator=indicator,
            scope=scope,
            comparator=comparator,
            threshold=threshold,
            min_sample=min_sample,
        )


        target_spec.additional_properties = d
        return target_spec

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
