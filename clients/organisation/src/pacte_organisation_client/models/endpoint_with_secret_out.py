from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="EndpointWithSecretOut")



@_attrs_define
class EndpointWithSecretOut:
    """ 
        Attributes:
            created_at (datetime.datetime):
            description (None | str):
            endpoint_id (str):
            event_types (list[str]):
            secret (None | str): The signing secret, shown once: in this answer only (a replay of the same Idempotency-Key
                shows null). Stored encrypted.
            status (str): active | disabled
            updated_at (datetime.datetime):
            url (str):
     """

    created_at: datetime.datetime
    description: None | str
    endpoint_id: str
    event_types: list[str]
    secret: None | str
    status: str
    updated_at: datetime.datetime
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        description: None | str
        description = self.description

        endpoint_id = self.endpoint_id

        event_types = self.event_types



        secret: None | str
        secret = self.secret

        status = self.status

        updated_at = self.updated_at.isoformat()

        url = self.url


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "created_at": created_at,
            "description": description,
            "endpoint_id": endpoint_id,
            "event_types": event_types,
            "secret": secret,
            "status": status,
            "updated_at": updated_at,
            "url": url,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))


        endpoint_id = d.pop("endpoint_id")

        event_types = cast(list[str], d.pop("event_types"))


        def _parse_secret(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        secret = _parse_secret(d.pop("secret"))


        status = d.pop("status")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        url = d.pop("url")

        endpoint_with_secret_out = cls(
            created_at=created_at,
            description=description,
            endpoint_id=endpoint_id,
            event_types=event_types,
            secret=secret,
            status=status,
            updated_at=updated_at,
            url=url,
        )


        endpoint_with_secret_out.additional_properties = d
        return endpoint_with_secret_out

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
