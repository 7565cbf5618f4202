from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.session_out import SessionOut





T = TypeVar("T", bound="CataloguePage")



@_attrs_define
class CataloguePage:
    """ 
        Attributes:
            from_ (datetime.date):
            items (list[SessionOut]):
            next_cursor (None | str): Pass as `cursor` for the next page; null on the last page
            until (datetime.date): Exclusive end of the 6-month window
     """

    from_: datetime.date
    items: list[SessionOut]
    next_cursor: None | str
    until: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.session_out import SessionOut # noqa: PLC0415
        from_ = self.from_.isoformat()

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)



        next_cursor: None | str
        next_cursor = self.next_cursor

        until = self.until.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "from": from_,
            "items": items,
            "next_cursor": next_cursor,
            "until": until,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.session_out import SessionOut # noqa: PLC0415
        d = dict(src_dict)
        from_ = datetime.date.fromisoformat(d.pop("from"))




        items = []
        _items = d.pop("items")
        for items_item_data in (_items):
            items_item = SessionOut.from_dict(items_item_data)



            items.append(items_item)


        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))


        until = datetime.date.fromisoformat(d.pop("until"))




        catalogue_page = cls(
            from_=from_,
            items=items,
            next_cursor=next_cursor,
            until=until,
        )


        catalogue_page.additional_properties = d
        return catalogue_page

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
