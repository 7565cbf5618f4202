from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="RecordSatisfaction")



@_attrs_define
class RecordSatisfaction:
    """ The trainee's satisfaction score (Anotéa), 1 to 5.

        Attributes:
            date (datetime.date): 1900-01-01 to 2199-12-31
            score (int):
            session_id (str): The session; a body may repeat the path's id, not contradict it
            trainee_id (str): The organisation's own trainee id (identifiant stagiaire), replaced by a keyed pseudonym
                before anything is stored or published
     """

    date: datetime.date
    score: int
    session_id: str
    trainee_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        score = self.score

        session_id = self.session_id

        trainee_id = self.trainee_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "date": date,
            "score": score,
            "session_id": session_id,
            "trainee_id": trainee_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))




        score = d.pop("score")

        session_id = d.pop("session_id")

        trainee_id = d.pop("trainee_id")

        record_satisfaction = cls(
            date=date,
            score=score,
            session_id=session_id,
            trainee_id=trainee_id,
        )


        record_satisfaction.additional_properties = d
        return record_satisfaction

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
