from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.milestone_spec import MilestoneSpec
  from ..models.propose_amendment_diagnosis_type_0 import ProposeAmendmentDiagnosisType0





T = TypeVar("T", bound="ProposeAmendment")



@_attrs_define
class ProposeAmendment:
    """ A plan is never edited in place: the organisation proposes, the buyer accepts.

        Attributes:
            plan_id (str):
            reason (str | Unset):  Default: ''.
            diagnosis (None | ProposeAmendmentDiagnosisType0 | Unset): Diagnosis entries to rewrite
            facilitators (list[str] | None | Unset): Replaces the facilitator roles
            milestones (list[MilestoneSpec] | None | Unset): New milestones, or new versions of milestones still planned
     """

    plan_id: str
    reason: str | Unset = ''
    diagnosis: None | ProposeAmendmentDiagnosisType0 | Unset = UNSET
    facilitators: list[str] | None | Unset = UNSET
    milestones: list[MilestoneSpec] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.milestone_spec import MilestoneSpec # noqa: PLC0415
        from ..models.propose_amendment_diagnosis_type_0 import ProposeAmendmentDiagnosisType0 # noqa: PLC0415
        plan_id = self.plan_id

        reason = self.reason

        diagnosis: dict[str, Any] | None | Unset
        if isinstance(self.diagnosis, Unset):
            diagnosis = UNSET
        elif isinstance(self.diagnosis, ProposeAmendmentDiagnosisType0):
            diagnosis = self.diagnosis.to_dict()
        else:
            diagnosis = self.diagnosis

        facilitators: list[str] | None | Unset
        if isinstance(self.facilitators, Unset):
            facilitators = UNSET
        elif isinstance(self.facilitators, list):
            facilitators = self.facilitators


        else:
            facilitators = self.facilitators

        milestones: list[dict[str, Any]] | None | Unset
        if isinstance(self.milestones, Unset):
            milestones = UNSET
        elif isinstance(self.milestones, list):
            milestones = []
            for milestones_type_0_item_data in self.milestones:
                milestones_type_0_item = milestones_type_0_item_data.to_dict()
                milestones.append(milestones_type_0_item)


        else:
            milestones = self.milestones


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "plan_id": plan_id,
        })
        if reason is not UNSET:
            field_dict["reason"] = reason
        if diagnosis is not UNSET:
            field_dict["diagnosis"] = diagnosis
        if facilitators is not UNSET:
            field_dict["facilitators"] = facilitators
        if milestones is not UNSET:
            field_dict["milestones"] = milestones

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.milestone_spec import MilestoneSpec # noqa: PLC0415
        from ..models.propose_amendment_diagnosis_type_0 import ProposeAmendmentDiagnosisType0 # noqa: PLC0415
        d = dict(src_dict)
        plan_id = d.pop("plan_id")

        reason = d.pop("reason", UNSET)

        def _parse_diagnosis(data: object) -> None | ProposeAmendmentDiagnosisType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                diagnosis_type_0 = ProposeAmendmentDiagnosisType0.from_dict(data)



                return diagnosis_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProposeAmendmentDiagnosisType0 | Unset, data)

        diagnosis = _parse_diagnosis(d.pop("diagnosis", UNSET))


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


        def _parse_milestones(data: object) -> list[MilestoneSpec] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                milestones_type_0 = []
                _milestones_type_0 = data
                for milestones_type_0_item_data in (_milestones_type_0):
                    milestones_type_0_item = MilestoneSpec.from_dict(milestones_type_0_item_data)



                    milestones_type_0.append(milestones_type_0_item)

                return milestones_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[MilestoneSpec] | None | Unset, data)

        milestones = _parse_milestones(d.pop("milestones", UNSET))


        propose_amendment = cls(
            plan_id=plan_id,
            reason=reason,
            diagnosis=diagnosis,
            facilitators=facilitators,
            milestones=milestones,
        )


        propose_amendment.additional_properties = d
        return propose_amendment

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
