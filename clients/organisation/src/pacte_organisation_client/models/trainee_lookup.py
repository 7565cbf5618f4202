from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="TraineeLookup")



@_attrs_define
class TraineeLookup:
    """ 
        Attributes:
            trainee_id (str): the organisation's own trainee id, as sent in its declarations
     """

    trainee_id: str





    def to_dict(self) -> dict[str, Any]:
        trainee_id = self.trainee_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "trainee_id": trainee_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        trainee_id = d.pop("trainee_id")

        trainee_lookup = cls(
            trainee_id=trainee_id,
        )

        return trainee_lookup

