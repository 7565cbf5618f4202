from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.post_attendance_sheet_response_200_errors_item import PostAttendanceSheetResponse200ErrorsItem





T = TypeVar("T", bound="PostAttendanceSheetResponse200")



@_attrs_define
class PostAttendanceSheetResponse200:
    """ 
        Attributes:
            accepted (int | Unset):
            errors (list[PostAttendanceSheetResponse200ErrorsItem] | Unset):
            refused (int | Unset):
     """

    accepted: int | Unset = UNSET
    errors: list[PostAttendanceSheetResponse200ErrorsItem] | Unset = UNSET
    refused: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.post_attendance_sheet_response_200_errors_item import PostAttendanceSheetResponse200ErrorsItem # noqa: PLC0415
        accepted = self.accepted

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)



        refused = self.refused


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if accepted is not UNSET:
            field_dict["accepted"] = accepted
        if errors is not UNSET:
            field_dict["errors"] = errors
        if refused is not UNSET:
            field_dict["refused"] = refused

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.post_attendance_sheet_response_200_errors_item import PostAttendanceSheetResponse200ErrorsItem # noqa: PLC0415
        d = dict(src_dict)
        accepted = d.pop("accepted", UNSET)

        _errors = d.pop("errors", UNSET)
        errors: list[PostAttendanceSheetResponse200ErrorsItem] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = PostAttendanceSheetResponse200ErrorsItem.from_dict(errors_item_data)



                errors.append(errors_item)


        refused = d.pop("refused", UNSET)

        post_attendance_sheet_response_200 = cls(
            accepted=accepted,
            errors=errors,
            refused=refused,
        )


        post_attendance_sheet_response_200.additional_properties = d
        return post_attendance_sheet_response_200

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
