from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="RecordDropoutAction")



@_attrs_define
class RecordDropoutAction:
    """ 
        Attributes:
            plan_id (str):
            year (int):
            reason_addressed (str): `project_abandoned`, `unjustified_absence`, `sick_or_parental_leave`, `other`,
                `business_creation`, `material_reason`, `other_training`, `return_to_work`
            description (str):
            owner_role (str): A role, never a person's name
            due_on (datetime.date): 1900-01-01 to 2199-12-31
            action_id (None | str | Unset): Chosen by the organisation, else generated
            status (str | Unset): `planned`, `in_progress`, `done` or `dropped` Default: 'planned'.
     """

    plan_id: str
    year: int
    reason_addressed: str
    description: str
    owner_role: str
    due_on: datetime.date
    action_id: None | str | Unset = UNSET
    status: str | Unset = 'planned'
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        plan_id = self.plan_id

        year = self.year

        reason_addressed = self.reason_addressed

        description = self.description

        owner_role = self.owner_role

        due_on = self.due_on.isoformat()

        action_id: None | str | Unset
        if isinstance(self.action_id, Unset):
            action_id = UNSET
        else:
            action_id = self.action_id

        status = self.status


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "plan_id": plan_id,
            "year": year,
            "reason_addressed": reason_addressed,
            "description": description,
            "owner_role": owner_role,
            "due_on": due_on,
        })
        if action_id is not UNSET:
            field_dict["action_id"] = action_id
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        plan_id = d.pop("plan_id")

        year = d.pop("year")

        reason_addressed = d.pop("reason_addressed")

        description = d.pop("description")

        owner_role = d.pop("owner_role")

        due_on = datetime.date.fromisoformat(d.pop("due_on"))




        def _parse_action_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        action_id = _parse_action_id(d.pop("action_id", UNSET))


        status = d.pop("status", UNSET)

        record_dropout_action = cls(
            plan_id=plan_id,
            year=year,
            reason_addressed=reason_addressed,
            description=description,
            owner_role=owner_role,
            due_on=due_on,
            action_id=action_id,
            status=status,
        )


        record_dropout_action.additional_properties = d
        return record_dropout_action

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
