from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import Literal, cast






T = TypeVar("T", bound="BatchRecordsItemType7")



@_attrs_define
class BatchRecordsItemType7:
    """ 
        Attributes:
            session_id (str): The session; a body may repeat the path's id, not contradict it
            trainee_id (str): The organisation's own trainee id (identifiant stagiaire), replaced by a keyed pseudonym
                before anything is stored or published
            cmd (Literal['trainee.enrol_cancel']):
     """

    session_id: str
    trainee_id: str
    cmd: Literal['trainee.enrol_cancel']
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        session_id = self.session_id

        trainee_id = self.trainee_id

        cmd = self.cmd


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "session_id": session_id,
            "trainee_id": trainee_id,
            "cmd": cmd,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        session_id = d.pop("session_id")

        trainee_id = d.pop("trainee_id")

        cmd = cast(Literal['trainee.enrol_cancel'] , d.pop("cmd"))
        if cmd != 'trainee.enrol_cancel':
            raise ValueError(f"cmd must match const 'trainee.enrol_cancel', got '{cmd}'")

        batch_records_item_type_7 = cls(
            session_id=session_id,
            trainee_id=trainee_id,
            cmd=cmd,
        )


        batch_records_item_type_7.additional_properties = d
        return batch_records_item_type_7

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
