from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="CancelEnrolment")



@_attrs_define
class CancelEnrolment:
    """ An enrolment made by mistake (no hours attended, no exit) is cancelled: it never existed.

        Attributes:
            session_id (str): The session; a body may repeat the path's id, not contradict it
            trainee_id (str): The organisation's own trainee id (identifiant stagiaire), replaced by a keyed pseudonym
                before anything is stored or published
     """

    session_id: str
    trainee_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        session_id = self.session_id

        trainee_id = self.trainee_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "session_id": session_id,
            "trainee_id": trainee_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        session_id = d.pop("session_id")

        trainee_id = d.pop("trainee_id")

        cancel_enrolment = cls(
            session_id=session_id,
            trainee_id=trainee_id,
        )


        cancel_enrolment.additional_properties = d
        return cancel_enrolment

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
