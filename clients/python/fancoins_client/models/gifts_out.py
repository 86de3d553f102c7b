from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.gift_minute_out import GiftMinuteOut
    from ..models.gift_rate_out import GiftRateOut


T = TypeVar("T", bound="GiftsOut")


@_attrs_define
class GiftsOut:
    """
    Attributes:
        last_minute (GiftRateOut):
        last_hour (GiftRateOut):
        per_minute (list[GiftMinuteOut]): Minutes with gifts, oldest first
    """

    last_minute: GiftRateOut
    last_hour: GiftRateOut
    per_minute: list[GiftMinuteOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        last_minute = self.last_minute.to_dict()

        last_hour = self.last_hour.to_dict()

        per_minute = []
        for per_minute_item_data in self.per_minute:
            per_minute_item = per_minute_item_data.to_dict()
            per_minute.append(per_minute_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "last_minute": last_minute,
                "last_hour": last_hour,
                "per_minute": per_minute,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gift_minute_out import GiftMinuteOut
        from ..models.gift_rate_out import GiftRateOut

        d = dict(src_dict)
        last_minute = GiftRateOut.from_dict(d.pop("last_minute"))

        last_hour = GiftRateOut.from_dict(d.pop("last_hour"))

        per_minute = []
        _per_minute = d.pop("per_minute")
        for per_minute_item_data in _per_minute:
            per_minute_item = GiftMinuteOut.from_dict(per_minute_item_data)

            per_minute.append(per_minute_item)

        gifts_out = cls(
            last_minute=last_minute,
            last_hour=last_hour,
            per_minute=per_minute,
        )

        gifts_out.additional_properties = d
        return gifts_out

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
