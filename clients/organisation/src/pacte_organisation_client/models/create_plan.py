from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.create_plan_diagnosis import CreatePlanDiagnosis
  from ..models.milestone_spec import MilestoneSpec





T = TypeVar("T", bound="CreatePlan")



@_attrs_define
class CreatePlan:
    """ 
        Attributes:
            plan_id (str):
            organisation_id (str): Must be the organisation of the API key
            lot_id (str):
            order_id (str):
            diagnosis (CreatePlanDiagnosis): Dimension (`trainee_support`, `dropout_prevention`, `pedagogy`,
                `employer_links`, `continuity`, `satisfaction`) → baseline score and comment
            milestones (list[MilestoneSpec]):
            facilitators (list[str] | None | Unset): Internal facilitator roles (no names)
     """

    plan_id: str
    organisation_id: str
    lot_id: str
    order_id: str
    diagnosis: CreatePlanDiagnosis
    milestones: list[MilestoneSpec]
    facilitators: list[str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.create_plan_diagnosis import CreatePlanDiagnosis # noqa: PLC0415
        from ..models.milestone_spec import MilestoneSpec # noqa: PLC0415
        plan_id = self.plan_id

        organisation_id = self.organisation_id

        lot_id = self.lot_id

        order_id = self.order_id

        diagnosis = self.diagnosis.to_dict()

        milestones = []
        for milestones_item_data in self.milestones:
            milestones_item = milestones_item_data.to_dict()
            milestones.append(milestones_item)



        facilitators: list[str] | None | Unset
        if isinstance(self.facilitators, Unset):
            facilitators = UNSET
        elif isinstance(self.facilitators, list):
            facilitators = self.facilitators


        else:
            facilitators = self.facilitators


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "plan_id": plan_id,
            "organisation_id": organisation_id,
            "lot_id": lot_id,
            "order_id": order_id,
            "diagnosis": diagnosis,
            "milestones": milestones,
        })
        if facilitators is not UNSET:
            field_dict["facilitators"] = facilitators

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_plan_diagnosis import CreatePlanDiagnosis # noqa: PLC0415
        from ..models.milestone_spec import MilestoneSpec # noqa: PLC0415
        d = dict(src_dict)
        plan_id = d.pop("plan_id")

        organisation_id = d.pop("organisation_id")

        lot_id = d.pop("lot_id")

        order_id = d.pop("order_id")

        diagnosis = CreatePlanDiagnosis.from_dict(d.pop("diagnosis"))




        milestones = []
        _milestones = d.pop("milestones")
        for milestones_item_data in (_milestones):
            milestones_item = MilestoneSpec.from_dict(milestones_item_data)



            milestones.append(milestones_item)


        def _parse_facilitators(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                facilitators_type_0 = cast(list[str], data)

                return facilitators_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        facilitators = _parse_facilitators(d.pop("facilitators", UNSET))


        create_plan = cls(
            plan_id=plan_id,
            organisation_id=organisation_id,
            lot_id=lot_id,
            order_id=order_id,
            diagnosis=diagnosis,
            milestones=milestones,
            facilitators=facilitators,
        )


        create_plan.additional_properties = d
        return create_plan

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
