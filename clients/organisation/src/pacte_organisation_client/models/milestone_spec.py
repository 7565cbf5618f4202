from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.target_spec import TargetSpec





T = TypeVar("T", bound="MilestoneSpec")



@_attrs_define
class MilestoneSpec:
    """ 
        Attributes:
            milestone_id (str): Unique across every plan
            dimension (str): `trainee_support`, `dropout_prevention`, `pedagogy`, `employer_links`, `continuity`,
                `satisfaction`
            description (str):
            due_on (datetime.date): 1900-01-01 to 2199-12-31
            bonus_cents (int): ≥ 0; 0 means no bonus
            target (None | TargetSpec): null: a deliverable the buyer validates by hand
     """

    milestone_id: str
    dimension: str
    description: str
    due_on: datetime.date
    bonus_cents: int
    target: None | TargetSpec
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.target_spec import TargetSpec # noqa: PLC0415
        milestone_id = self.milestone_id

        dimension = self.dimension

        description = self.description

        due_on = self.due_on.isoformat()

        bonus_cents = self.bonus_cents

        target: dict[str, Any] | None
        if isinstance(self.target, TargetSpec):
            target = self.target.to_dict()
        else:
            target = self.target


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "milestone_id": milestone_id,
            "dimension": dimension,
            "description": description,
            "due_on": due_on,
            "bonus_cents": bonus_cents,
            "target": target,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.target_spec import TargetSpec # noqa: PLC0415
        d = dict(src_dict)
        milestone_id = d.pop("milestone_id")

        dimension = d.pop("dimension")

        description = d.pop("description")

        due_on = datetime.date.fromisoformat(d.pop("due_on"))




        bonus_cents = d.pop("bonus_cents")

        def _parse_target(data: object) -> None | TargetSpec:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                target_type_0 = TargetSpec.from_dict(data)



                return target_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TargetSpec, data)

        target = _parse_target(d.pop("target"))


        milestone_spec = cls(
            milestone_id=milestone_id,
            dimension=dimension,
            description=description,
            due_on=due_on,
            bonus_cents=bonus_cents,
            target=target,
        )


        milestone_spec.additional_properties = d
        return milestone_spec

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
