from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ProfileFields")



@_attrs_define
class ProfileFields:
    """ DOMAIN.md's coarse profile; anything else sent is dropped, never kept.

        Attributes:
            age_band (str): `<26`, `26-44` or `45+`
            jobseeker_registered (bool): Inscrit à France Travail (a Mission Locale's young are not)
            qualification (str): `below_bac` (infra IV), `bac` or `above_bac`
            disability (bool | Unset): RQTH Default: False.
            invisible (bool | Unset): Followed by no public service Default: False.
            justice (bool | Unset): Placé sous main de justice Default: False.
            migrant (bool | Unset):  Default: False.
            minimum_income (bool | Unset): RSA or other minima sociaux Default: False.
            neet (bool | Unset): Young, not in employment, education or training Default: False.
            person_ref (None | str | Unset): The job seeker's identifier at France Travail (identifiant France Travail), to
                follow a pathway across organisations. Replaced at once by a region-wide keyed pseudonym: never stored,
                published or echoed back (docs/privacy.md). A corrected enrolment replaces it like the rest of the profile.
            qpv (bool | Unset): Quartier prioritaire de la ville Default: False.
            single_parent (bool | Unset):  Default: False.
            zrr (bool | Unset): Zone de revitalisation rurale Default: False.
     """

    age_band: str
    jobseeker_registered: bool
    qualification: str
    disability: bool | Unset = False
    invisible: bool | Unset = False
    justice: bool | Unset = False
    migrant: bool | Unset = False
    minimum_income: bool | Unset = False
    neet: bool | Unset = False
    person_ref: None | str | Unset = UNSET
    qpv: bool | Unset = False
    single_parent: bool | Unset = False
    zrr: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        age_band = self.age_band

        jobseeker_registered = self.jobseeker_registered

        qualification = self.qualification

        disability = self.disability

        invisible = self.invisible

        justice = self.justice

        migrant = self.migrant

        minimum_income = self.minimum_income

        neet = self.neet

        person_ref: None | str | Unset
        if isinstance(self.person_ref, Unset):
            person_ref = UNSET
        else:
            person_ref = self.person_ref

        qpv = self.qpv

        single_parent = self.single_parent

        zrr = self.zrr


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "age_band": age_band,
            "jobseeker_registered": jobseeker_registered,
            "qualification": qualification,
        })
        if disability is not UNSET:
            field_dict["disability"] = disability
        if invisible is not UNSET:
            field_dict["invisible"] = invisible
        if justice is not UNSET:
            field_dict["justice"] = justice
        if migrant is not UNSET:
            field_dict["migrant"] = migrant
        if minimum_income is not UNSET:
            field_dict["minimum_income"] = minimum_income
        if neet is not UNSET:
            field_dict["neet"] = neet
        if person_ref is not UNSET:
            field_dict["person_ref"] = person_ref
        if qpv is not UNSET:
            field_dict["qpv"] = qpv
        if single_parent is not UNSET:
            field_dict["single_parent"] = single_parent
        if zrr is not UNSET:
            field_dict["zrr"] = zrr

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        age_band = d.pop("age_band")

        jobseeker_registered = d.pop("jobseeker_registered")

        qualification = d.pop("qualification")

        disability = d.pop("disability", UNSET)

        invisible = d.pop("invisible", UNSET)

        justice = d.pop("justice", UNSET)

        migrant = d.pop("migrant", UNSET)

        minimum_income = d.pop("minimum_income", UNSET)

        neet = d.pop("neet", UNSET)

        def _parse_person_ref(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        person_ref = _parse_person_ref(d.pop("person_ref", UNSET))


        qpv = d.pop("qpv", UNSET)

        single_parent = d.pop("single_parent", UNSET)

        zrr = d.pop("zrr", UNSET)

        profile_fields = cls(
            age_band=age_band,
            jobseeker_registered=jobseeker_registered,
            qualification=qualification,
            disability=disability,
            invisible=invisible,
            justice=justice,
            migrant=migrant,
            minimum_income=minimum_income,
            neet=neet,
            person_ref=person_ref,
            qpv=qpv,
            single_parent=single_parent,
            zrr=zrr,
        )


        profile_fields.additional_properties = d
        return profile_fields

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
