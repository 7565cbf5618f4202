from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from typing import Literal, cast
import datetime






T = TypeVar("T", bound="BatchRecordsItemType10")



@_attrs_define
class BatchRecordsItemType10:
    """ 
        Attributes:
            date (datetime.date): 1900-01-01 to 2199-12-31
            hours (float): At most 2 decimals
            session_id (str): The session; a body may repeat the path's id, not contradict it
            trainer_id (str): The organisation's own code for the trainer (formateur)
            cmd (Literal['trainer.hours']):
     """

    date: datetime.date
    hours: float
    session_id: str
    trainer_id: str
    cmd: Literal['trainer.hours']
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        hours = self.hours

        session_id = self.session_id

        trainer_id = self.trainer_id

        cmd = self.cmd


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "date": date,
            "hours": hours,
            "session_id": session_id,
            "trainer_id": trainer_id,
            "cmd": cmd,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))




        hours = d.pop("hours")

        session_id = d.pop("session_id")

        trainer_id = d.pop("trainer_id")

        cmd = cast(Literal['trainer.hours'] , d.pop("cmd"))
        if cmd != 'trainer.hours':
            raise ValueError(f"cmd must match const 'trainer.hours', got '{cmd}'")

        batch_records_item_type_10 = cls(
            date=date,
            hours=hours,
            session_id=session_id,
            trainer_id=trainer_id,
            cmd=cmd,
        )


        batch_records_item_type_10.additional_properties = d
        return batch_records_item_type_10

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
