from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="Resume")



@_attrs_define
class Resume:
    """ 
        Attributes:
            date (datetime.date): 1900-01-01 to 2199-12-31
            session_id (str): The session; a body may repeat the path's id, not contradict it
            trainee_id (str): The organisation's own trainee id (identifiant stagiaire), replaced by a keyed pseudonym
                before anything is stored or published
            skills_attestation_ref (None | str | Unset):
     """

    date: datetime.date
    session_id: str
    trainee_id: str
    skills_attestation_ref: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        session_id = self.session_id

        trainee_id = self.trainee_id

        skills_attestation_ref: None | str | Unset
        if isinstance(self.skills_attestation_ref, Unset):
            skills_attestation_ref = UNSET
        else:
            skills_attestation_ref = self.skills_attestation_ref


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "date": date,
            "session_id": session_id,
            "trainee_id": trainee_id,
        })
        if skills_attestation_ref is not UNSET:
            field_dict["skills_attestation_ref"] = skills_attestation_ref

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))




        session_id = d.pop("session_id")

        trainee_id = d.pop("trainee_id")

        def _parse_skills_attestation_ref(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        skills_attestation_ref = _parse_skills_attestation_ref(d.pop("skills_attestation_ref", UNSET))


        resume = cls(
            date=date,
            session_id=session_id,
            trainee_id=trainee_id,
            skills_attestation_ref=skills_attestation_ref,
        )


        resume.additional_properties = d
        return resume

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
