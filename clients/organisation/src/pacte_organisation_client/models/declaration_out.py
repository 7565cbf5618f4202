from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.declaration_out_kind import DeclarationOutKind
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.declaration_out_value import DeclarationOutValue





T = TypeVar("T", bound="DeclarationOut")



@_attrs_define
class DeclarationOut:
    """ 
        Attributes:
            date (datetime.date | None): the day declared; the enrolment date; an outcome's observation date
            declared_at (datetime.datetime):
            kind (DeclarationOutKind):
            revision (int): grows with each correction of the same business key
            session_id (str):
            trainee (None | str): the trainee's pseudonym (as in every answer)
            trainer_id (None | str):
            value (DeclarationOutValue):
            withdrawn (bool): withdrawn, or a cancelled enrolment (a tombstone: kept, counts for nothing)
     """

    date: datetime.date | None
    declared_at: datetime.datetime
    kind: DeclarationOutKind
    revision: int
    session_id: str
    trainee: None | str
    trainer_id: None | str
    value: DeclarationOutValue
    withdrawn: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.declaration_out_value import DeclarationOutValue # noqa: PLC0415
        date: None | str
        if isinstance(self.date, datetime.date):
            date = self.date.isoformat()
        else:
            date = self.date

        declared_at = self.declared_at.isoformat()

        kind = self.kind.value

        revision = self.revision

        session_id = self.session_id

        trainee: None | str
        trainee = self.trainee

        trainer_id: None | str
        trainer_id = self.trainer_id

        value = self.value.to_dict()

        withdrawn = self.withdrawn


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "date": date,
            "declared_at": declared_at,
            "kind": kind,
            "revision": revision,
            "session_id": session_id,
            "trainee": trainee,
            "trainer_id": trainer_id,
            "value": value,
            "withdrawn": withdrawn,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.declaration_out_value import DeclarationOutValue # noqa: PLC0415
        d = dict(src_dict)
        def _parse_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                date_type_0 = datetime.date.fromisoformat(data)



                return date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        date = _parse_date(d.pop("date"))


        declared_at = datetime.datetime.fromisoformat(d.pop("declared_at"))




        kind = DeclarationOutKind(d.pop("kind"))




        revision = d.pop("revision")

        session_id = d.pop("session_id")

        def _parse_trainee(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        trainee = _parse_trainee(d.pop("trainee"))


        def _parse_trainer_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        trainer_id = _parse_trainer_id(d.pop("trainer_id"))


        value = DeclarationOutValue.from_dict(d.pop("value"))




        withdrawn = d.pop("withdrawn")

        declaration_out = cls(
            date=date,
            declared_at=declared_at,
            kind=kind,
            revision=revision,
            session_id=session_id,
            trainee=trainee,
            trainer_id=trainer_id,
            value=value,
            withdrawn=withdrawn,
        )


        declaration_out.additional_properties = d
        return declaration_out

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
