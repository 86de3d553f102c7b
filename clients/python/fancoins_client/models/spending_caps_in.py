from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="SpendingCapsIn")


@_attrs_define
class SpendingCapsIn:
    """Caps on the coins the minor spends (gifts, promotions), per window: null no cap, 0 in
    every window switches spending off.

        Attributes:
            daily_coins (int | None):
            weekly_coins (int | None):
            monthly_coins (int | None):
    """

    daily_coins: int | None
    weekly_coins: int | None
    monthly_coins: int | None

    def to_dict(self) -> dict[str, Any]:
        daily_coins: int | None
        daily_coins = self.daily_coins

        weekly_coins: int | None
        weekly_coins = self.weekly_coins

        monthly_coins: int | None
        monthly_coins = self.monthly_coins

        field_dict: dict[str, Any] = {}

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

        spending_caps_in = cls(
            daily_coins=daily_coins,
            weekly_coins=weekly_coins,
            monthly_coins=monthly_coins,
        )

        return spending_caps_in
