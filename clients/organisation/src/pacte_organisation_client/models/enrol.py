from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.profile_fields import ProfileFields





T = TypeVar("T", bound="Enrol")



@_attrs_define
class Enrol:
    """ Entrée en formation, or the correction of an enrolment's date and profile.

        Attributes:
            date (datetime.date): 1900-01-01 to 2199-12-31
            profile (ProfileFields): DOMAIN.md's coarse profile; anything else sent is dropped, never kept.
            session_id (str): The session; a body may repeat the path's id, not contradict it
            trainee_id (str): The organisation's own trainee id (identifiant stagiaire), replaced by a keyed pseudonym
                before anything is stored or published
     """

    date: datetime.date
    profile: ProfileFields
    session_id: str
    trainee_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.profile_fields import ProfileFields # noqa: PLC0415
        date = self.date.isoformat()

        profile = self.profile.to_dict()

        session_id = self.session_id

        trainee_id = self.trainee_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "date": date,
            "profile": profile,
            "session_id": session_id,
            "trainee_id": trainee_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.profile_fields import ProfileFields # noqa: PLC0415
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))




        profile = ProfileFields.from_dict(d.pop("profile"))




        session_id = d.pop("session_id")

        trainee_id = d.pop("trainee_id")

        enrol = cls(
            date=date,
            profile=profile,
            session_id=session_id,
            trainee_id=trainee_id,
        )


        enrol.additional_properties = d
        return enrol

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
