from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="BuyingCapsIn")


@_attrs_define
class BuyingCapsIn:
    """Caps on the money the minor spends buying coins, in minor units of `currency`, per
    window: null no cap, 0 in every window switches buying off.

        Attributes:
            currency (str):
            daily_minor (int | None):
            weekly_minor (int | None):
            monthly_minor (int | None):
    """

    currency: str
    daily_minor: int | None
    weekly_minor: int | None
    monthly_minor: int | None

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        daily_minor: int | None
        daily_minor = self.daily_minor

        weekly_minor: int | None
        weekly_minor = self.weekly_minor

        monthly_minor: int | None
        monthly_minor = self.monthly_minor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "currency": currency,
                "daily_minor": daily_minor,
                "weekly_minor": weekly_minor,
                "monthly_minor": monthly_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        currency = d.pop("currency")

        def _parse_daily_minor(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        daily_minor = _parse_daily_minor(d.pop("daily_minor"))

        def _parse_weekly_minor(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        weekly_minor = _parse_weekly_minor(d.pop("weekly_minor"))

        def _parse_monthly_minor(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        monthly_minor = _parse_monthly_minor(d.pop("monthly_minor"))

        buying_caps_in = cls(
            currency=currency,
            daily_minor=daily_minor,
            weekly_minor=weekly_minor,
            monthly_minor=monthly_minor,
        )

        return buying_caps_in
