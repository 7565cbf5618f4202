from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ChangeDropoutActionStatus")



@_attrs_define
class ChangeDropoutActionStatus:
    """ planned → in_progress → done, or dropped before done.

        Attributes:
            plan_id (str):
            action_id (str):
            status (str): `planned`, `in_progress`, `done` or `dropped`
     """

    plan_id: str
    action_id: str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        plan_id = self.plan_id

        action_id = self.action_id

        status = self.status


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "plan_id": plan_id,
            "action_id": action_id,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        plan_id = d.pop("plan_id")

        action_id = d.pop("action_id")

        status = d.pop("status")

        change_dropout_action_status = cls(
            plan_id=plan_id,
            action_id=action_id,
            status=status,
        )


        change_dropout_action_status.additional_properties = d
        return change_dropout_action_status

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
