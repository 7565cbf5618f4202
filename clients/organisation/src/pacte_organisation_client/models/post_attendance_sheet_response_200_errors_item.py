from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="PostAttendanceSheetResponse200ErrorsItem")



@_attrs_define
class PostAttendanceSheetResponse200ErrorsItem:
    """ 
        Attributes:
            detail (str | Unset):
            line (int | Unset):
            reason (str | Unset):
     """

    detail: str | Unset = UNSET
    line: int | Unset = UNSET
    reason: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        detail = self.detail

        line = self.line

        reason = self.reason


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if detail is not UNSET:
            field_dict["detail"] = detail
        if line is not UNSET:
            field_dict["line"] = line
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        detail = d.pop("detail", UNSET)

        line = d.pop("line", UNSET)

        reason = d.pop("reason", UNSET)

        post_attendance_sheet_response_200_errors_item = cls(
            detail=detail,
            line=line,
            reason=reason,
        )


        post_attendance_sheet_response_200_errors_item.additional_properties = d
        return post_attendance_sheet_response_200_errors_item

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
