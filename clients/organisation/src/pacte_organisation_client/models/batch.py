from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.batch_records_item_type_0 import BatchRecordsItemType0
  from ..models.batch_records_item_type_1 import BatchRecordsItemType1
  from ..models.batch_records_item_type_10 import BatchRecordsItemType10
  from ..models.batch_records_item_type_2 import BatchRecordsItemType2
  from ..models.batch_records_item_type_3 import BatchRecordsItemType3
  from ..models.batch_records_item_type_4 import BatchRecordsItemType4
  from ..models.batch_records_item_type_5 import BatchRecordsItemType5
  from ..models.batch_records_item_type_6 import BatchRecordsItemType6
  from ..models.batch_records_item_type_7 import BatchRecordsItemType7
  from ..models.batch_records_item_type_8 import BatchRecordsItemType8
  from ..models.batch_records_item_type_9 import BatchRecordsItemType9





T = TypeVar("T", bound="Batch")



@_attrs_define
class Batch:
    """ Up to 5,000 records `{"cmd": NAME, ...fields}` decided in order; each gets its own result.

        Attributes:
            records (list[BatchRecordsItemType0 | BatchRecordsItemType1 | BatchRecordsItemType10 | BatchRecordsItemType2 |
                BatchRecordsItemType3 | BatchRecordsItemType4 | BatchRecordsItemType5 | BatchRecordsItemType6 |
                BatchRecordsItemType7 | BatchRecordsItemType8 | BatchRecordsItemType9]): Organisation commands of SCENARIO.md,
                each with its `cmd`
     """

    records: list[BatchRecordsItemType0 | BatchRecordsItemType1 | BatchRecordsItemType10 | BatchRecordsItemType2 | BatchRecordsItemType3 | BatchRecordsItemType4 | BatchRecordsItemType5 | BatchRecordsItemType6 | BatchRecordsItemType7 | BatchRecordsItemType8 | BatchRecordsItemType9]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.batch_records_item_type_0 import BatchRecordsItemType0 # noqa: PLC0415
        from ..models.batch_records_item_type_1 import BatchRecordsItemType1 # noqa: PLC0415
        from ..models.batch_records_item_type_10 import BatchRecordsItemType10 # noqa: PLC0415
        from ..models.batch_records_item_type_2 import BatchRecordsItemType2 # noqa: PLC0415
        from ..models.batch_records_item_type_3 import BatchRecordsItemType3 # noqa: PLC0415
        from ..models.batch_records_item_type_4 import BatchRecordsItemType4 # noqa: PLC0415
        from ..models.batch_records_item_type_5 import BatchRecordsItemType5 # noqa: PLC0415
        from ..models.batch_records_item_type_6 import BatchRecordsItemType6 # noqa: PLC0415
        from ..models.batch_records_item_type_7 import BatchRecordsItemType7 # noqa: PLC0415
        from ..models.batch_records_item_type_8 import BatchRecordsItemType8 # noqa: PLC0415
        from ..models.batch_records_item_type_9 import BatchRecordsItemType9 # noqa: PLC0415
        records = []
        for records_item_data in self.records:
            records_item: dict[str, Any]
            if isinstance(records_item_data, BatchRecordsItemType0):
                records_item = records_item_data.to_dict()
            elif isinstance(records_item_data, BatchRecordsItemType1):
                records_item = records_item_data.to_dict()
            elif isinstance(records_item_data, BatchRecordsItemType2):
                records_item = records_item_data.to_dict()
            elif isinstance(records_item_data, BatchRecordsItemType3):
                records_item = records_item_data.to_dict()
            elif isinstance(records_item_data, BatchRecordsItemType4):
                records_item = records_item_data.to_dict()
            elif isinstance(records_item_data, BatchRecordsItemType5):
                records_item = records_item_data.to_dict()
            elif isinstance(records_item_data, BatchRecordsItemType6):
                records_item = records_item_data.to_dict()
            elif isinstance(records_item_data, BatchRecordsItemType7):
                records_item = records_item_data.to_dict()
            elif isinstance(records_item_data, BatchRecordsItemType8):
                records_item = records_item_data.to_dict()
            elif isinstance(records_item_data, BatchRecordsItemType9):
                records_item = records_item_data.to_dict()
            else:
                records_item = records_item_data.to_dict()

            records.append(records_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "records": records,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_records_item_type_0 import BatchRecordsItemType0 # noqa: PLC0415
        from ..models.batch_records_item_type_1 import BatchRecordsItemType1 # noqa: PLC0415
        from ..models.batch_records_item_type_10 import BatchRecordsItemType10 # noqa: PLC0415
        from ..models.batch_records_item_type_2 import BatchRecordsItemType2 # noqa: PLC0415
        from ..models.batch_records_item_type_3 import BatchRecordsItemType3 # noqa: PLC0415
        from ..models.batch_records_item_type_4 import BatchRecordsItemType4 # noqa: PLC0415
        from ..models.batch_records_item_type_5 import BatchRecordsItemType5 # noqa: PLC0415
        from ..models.batch_records_item_type_6 import BatchRecordsItemType6 # noqa: PLC0415
        from ..models.batch_records_item_type_7 import BatchRecordsItemType7 # noqa: PLC0415
        from ..models.batch_records_item_type_8 import BatchRecordsItemType8 # noqa: PLC0415
        from ..models.batch_records_item_type_9 import BatchRecordsItemType9 # noqa: PLC0415
        d = dict(src_dict)
        records = []
        _records = d.pop("records")
        for records_item_data in (_records):
            def _parse_records_item(data: object) -> BatchRecordsItemType0 | BatchRecordsItemType1 | BatchRecordsItemType10 | BatchRecordsItemType2 | BatchRecordsItemType3 | BatchRecordsItemType4 | BatchRecordsItemType5 | BatchRecordsItemType6 | BatchRecordsItemType7 | BatchRecordsItemType8 | BatchRecordsItemType9:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    records_item_type_0 = BatchRecordsItemType0.from_dict(data)



                    return records_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    records_item_type_1 = BatchRecordsItemType1.from_dict(data)



                    return records_item_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    records_item_type_2 = BatchRecordsItemType2.from_dict(data)



                    return records_item_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    records_item_type_3 = BatchRecordsItemType3.from_dict(data)



                    return records_item_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    records_item_type_4 = BatchRecordsItemType4.from_dict(data)



                    return records_item_type_4
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    records_item_type_5 = BatchRecordsItemType5.from_dict(data)



                    return records_item_type_5
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    records_item_type_6 = BatchRecordsItemType6.from_dict(data)



                    return records_item_type_6
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    records_item_type_7 = BatchRecordsItemType7.from_dict(data)



                    return records_item_type_7
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    records_item_type_8 = BatchRecordsItemType8.from_dict(data)



                    return records_item_type_8
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    records_item_type_9 = BatchRecordsItemType9.from_dict(data)



                    return records_item_type_9
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                records_item_type_10 = BatchRecordsItemType10.from_dict(data)



                return records_item_type_10

            records_item = _parse_records_item(records_item_data)

            records.append(records_item)


        batch = cls(
            records=records,
        )


        batch.additional_properties = d
        return batch

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
