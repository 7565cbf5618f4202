from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.declaration_out import DeclarationOut





T = TypeVar("T", bound="TraineeOut")



@_attrs_define
class TraineeOut:
    """ 
        Attributes:
            declarations (list[DeclarationOut]):
            trainee (str): the trainee's pseudonym: how answers, invoices' facts and events name it
     """

    declarations: list[DeclarationOut]
    trainee: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.declaration_out import DeclarationOut # noqa: PLC0415
        declarations = []
        for declarations_item_data in self.declarations:
            declarations_item = declarations_item_data.to_dict()
            declarations.append(declarations_item)



        trainee = self.trainee


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "declarations": declarations,
            "trainee": trainee,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.declaration_out import DeclarationOut # noqa: PLC0415
        d = dict(src_dict)
        declarations = []
        _declarations = d.pop("declarations")
        for declarations_item_data in (_declarations):
            declarations_item = DeclarationOut.from_dict(declarations_item_data)



            declarations.append(declarations_item)


        trainee = d.pop("trainee")

        trainee_out = cls(
            declarations=declarations,
            trainee=trainee,
        )


        trainee_out.additional_properties = d
        return trainee_out

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
