from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.post_batch_response_200_results_item_status import PostBatchResponse200ResultsItemStatus
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.post_batch_response_200_results_item_fact import PostBatchResponse200ResultsItemFact





T = TypeVar("T", bound="PostBatchResponse200ResultsItem")



@_attrs_define
class PostBatchResponse200ResultsItem:
    """ 
        Attributes:
            detail (str | Unset):
            fact (PostBatchResponse200ResultsItemFact | Unset):
            index (int | Unset):
            reason (str | Unset):
            replaced (bool | Unset):
            status (PostBatchResponse200ResultsItemStatus | Unset):
     """

    detail: str | Unset = UNSET
    fact: PostBatchResponse200ResultsItemFact | Unset = UNSET
    index: int | Unset = UNSET
    reason: str | Unset = UNSET
    replaced: bool | Unset = UNSET
    status: PostBatchResponse200ResultsItemStatus | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.post_batch_response_200_results_item_fact import PostBatchResponse200ResultsItemFact # noqa: PLC0415
        detail = self.detail

        fact: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fact, Unset):
            fact = self.fact.to_dict()

        index = self.index

        reason = self.reason

        replaced = self.replaced

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value



        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if detail is not UNSET:
            field_dict["detail"] = detail
        if fact is not UNSET:
            field_dict["fact"] = fact
        if index is not UNSET:
            field_dict["index"] = index
        if reason is not UNSET:
            field_dict["reason"] = reason
        if replaced is not UNSET:
            field_dict["replaced"] = replaced
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.post_batch_response_200_results_item_fact import PostBatchResponse200ResultsItemFact # noqa: PLC0415
        d = dict(src_dict)
        detail = d.pop("detail", UNSET)

        _fact = d.pop("fact", UNSET)
        fact: PostBatchResponse200ResultsItemFact | Unset
        if isinstance(_fact,  Unset):
            fact = UNSET
        else:
            fact = PostBatchResponse200ResultsItemFact.from_dict(_fact)




        index = d.pop("index", UNSET)

        reason = d.pop("reason", UNSET)

        replaced = d.pop("replaced", UNSET)

        _status = d.pop("status", UNSET)
        status: PostBatchResponse200ResultsItemStatus | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = PostBatchResponse200ResultsItemStatus(_status)




        post_batch_response_200_results_item = cls(
            detail=detail,
            fact=fact,
            index=index,
            reason=reason,
            replaced=replaced,
            status=status,
        )


        post_batch_response_200_results_item.additional_properties = d
        return post_batch_response_200_results_item

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
