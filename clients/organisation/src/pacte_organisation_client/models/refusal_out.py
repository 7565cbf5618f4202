from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.refusal_out_channel import RefusalOutChannel
from typing import cast
import datetime






T = TypeVar("T", bound="RefusalOut")



@_attrs_define
class RefusalOut:
    """ 
        Attributes:
            business_date (datetime.date | None):
            channel (RefusalOutChannel):
            command (str):
            correlation_id (None | str): the request's X-Correlation-Id (send your own to find it)
            detail (str):
            position (int | None): the record's index in a batch (from 0), its line in a sheet
            reason (str):
            refusal_id (int):
            refused_at (datetime.datetime):
            session_id (None | str):
     """

    business_date: datetime.date | None
    channel: RefusalOutChannel
    command: str
    correlation_id: None | str
    detail: str
    position: int | None
    reason: str
    refusal_id: int
    refused_at: datetime.datetime
    session_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        business_date: None | str
        if isinstance(self.business_date, datetime.date):
            business_date = self.business_date.isoformat()
        else:
            business_date = self.business_date

        channel = self.channel.value

        command = self.command

        correlation_id: None | str
        correlation_id = self.correlation_id

        detail = self.detail

        position: int | None
        position = self.position

        reason = self.reason

        refusal_id = self.refusal_id

        refused_at = self.refused_at.isoformat()

        session_id: None | str
        session_id = self.session_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "business_date": business_date,
            "channel": channel,
            "command": command,
            "correlation_id": correlation_id,
            "detail": detail,
            "position": position,
            "reason": reason,
            "refusal_id": refusal_id,
            "refused_at": refused_at,
            "session_id": session_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_business_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                business_date_type_0 = datetime.date.fromisoformat(data)



                return business_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        business_date = _parse_business_date(d.pop("business_date"))


        channel = RefusalOutChannel(d.pop("channel"))




        command = d.pop("command")

        def _parse_correlation_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        correlation_id = _parse_correlation_id(d.pop("correlation_id"))


        detail = d.pop("detail")

        def _parse_position(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        position = _parse_position(d.pop("position"))


        reason = d.pop("reason")

        refusal_id = d.pop("refusal_id")

        refused_at = datetime.datetime.fromisoformat(d.pop("refused_at"))




        def _parse_session_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        session_id = _parse_session_id(d.pop("session_id"))


        refusal_out = cls(
            business_date=business_date,
            channel=channel,
            command=command,
            correlation_id=correlation_id,
            detail=detail,
            position=position,
            reason=reason,
            refusal_id=refusal_id,
            refused_at=refused_at,
            session_id=session_id,
        )


        refusal_out.additional_properties = d
        return refusal_out

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
