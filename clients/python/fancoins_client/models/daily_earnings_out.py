from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DailyEarningsOut")


@_attrs_define
class DailyEarningsOut:
    """
    Attributes:
        day (datetime.date):
        diamonds (int):
        cash_value_minor (int):
    """

    day: datetime.date
    diamonds: int
    cash_value_minor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        day = self.day.isoformat()

        diamonds = self.diamonds

        cash_value_minor = self.cash_value_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "day": day,
                "diamonds": diamonds,
                "cash_value_minor": cash_value_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        day = datetime.date.fromisoformat(d.pop("day"))

        diamonds = d.pop("diamonds")

        cash_value_minor = d.pop("cash_value_minor")

        daily_earnings_out = cls(
            day=day,
            diamonds=diamonds,
            cash_value_minor=cash_value_minor,
        )

        daily_earnings_out.additional_properties = d
        return daily_earnings_out

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
