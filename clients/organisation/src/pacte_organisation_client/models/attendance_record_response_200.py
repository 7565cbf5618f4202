from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="AttendanceRecordResponse200")



@_attrs_define
class AttendanceRecordResponse200:
    """ 
        Attributes:
            organisation_id (str):
            session_id (str):
            type_ (str):
            revision (int | Unset):
            trainee_key (str | Unset):
     """

    organisation_id: str
    session_id: str
    type_: str
    revision: int | Unset = UNSET
    trainee_key: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        organisation_id = self.organisation_id

        session_id = self.session_id

        type_ = self.type_

        revision = self.revision

        trainee_key = self.trainee_key


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "organisation_id": organisation_id,
            "session_id": session_id,
            "type": type_,
        })
        if revision is not UNSET:
            field_dict["revision"] = revision
        if trainee_key is not UNSET:
            field_dict["trainee_key"] = trainee_key

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        organisation_id = d.pop("organisation_id")

        session_id = d.pop("session_id")

        type_ = d.pop("type")

        revision = d.pop("revision", UNSET)

        trainee_key = d.pop("trainee_key", UNSET)

        attendance_record_response_200 = cls(
            organisation_id=organisation_id,
            session_id=session_id,
            type_=type_,
            revision=revision,
            trainee_key=trainee_key,
        )


        attendance_record_response_200.additional_properties = d
        return attendance_record_response_200

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
