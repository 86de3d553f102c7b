from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LimitsOut")


@_attrs_define
class LimitsOut:
    """
    Attributes:
        daily_coins (int | None):
        weekly_coins (int | None):
        monthly_coins (int | None):
    """

    daily_coins: int | None
    weekly_coins: int | None
    monthly_coins: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        daily_coins: int | None
        daily_coins = self.daily_coins

        weekly_coins: int | None
        weekly_coins = self.weekly_coins

        monthly_coins: int | None
        monthly_coins = self.monthly_coins

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "daily_coins": daily_coins,
                "weekly_coins": weekly_coins,
                "monthly_coins": monthly_coins,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_daily_coins(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        daily_coins = _parse_daily_coins(d.pop("daily_coins"))

        def _parse_weekly_coins(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        weekly_coins = _parse_weekly_coins(d.pop("weekly_coins"))

        def _parse_monthly_coins(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        monthly_coins = _parse_monthly_coins(d.pop("monthly_coins"))

        limits_out = cls(
            daily_coins=daily_coins,
            weekly_coins=weekly_coins,
            monthly_coins=monthly_coins,
        )

        limits_out.additional_properties = d
        return limits_out

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
