from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BuyingUseOut")


@_attrs_define
class BuyingUseOut:
    """Bought in one price-list currency, in its minor units at the price list's quote: the
    rolling 24 hours and 7 days the platform's purchase caps count (null cap: none set for
    the currency), and the UTC calendar day, week and month the buying limits count.

        Attributes:
            currency (str):
            last_24h_minor (int):
            last_7d_minor (int):
            today_minor (int):
            this_week_minor (int):
            this_month_minor (int):
            cap_daily_minor (int | None):
            cap_weekly_minor (int | None):
    """

    currency: str
    last_24h_minor: int
    last_7d_minor: int
    today_minor: int
    this_week_minor: int
    this_month_minor: int
    cap_daily_minor: int | None
    cap_weekly_minor: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        last_24h_minor = self.last_24h_minor

        last_7d_minor = self.last_7d_minor

        today_minor = self.today_minor

        this_week_minor = self.this_week_minor

        this_month_minor = self.this_month_minor

        cap_daily_minor: int | None
        cap_daily_minor = self.cap_daily_minor

        cap_weekly_minor: int | None
        cap_weekly_minor = self.cap_weekly_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currency": currency,
                "last_24h_minor": last_24h_minor,
                "last_7d_minor": last_7d_minor,
                "today_minor": today_minor,
                "this_week_minor": this_week_minor,
                "this_month_minor": this_month_minor,
                "cap_daily_minor": cap_daily_minor,
                "cap_weekly_minor": cap_weekly_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        currency = d.pop("currency")

        last_24h_minor = d.pop("last_24h_minor")

        last_7d_minor = d.pop("last_7d_minor")

        today_minor = d.pop("today_minor")

        this_week_minor = d.pop("this_week_minor")

        this_month_minor = d.pop("this_month_minor")

        def _parse_cap_daily_minor(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        cap_daily_minor = _parse_cap_daily_minor(d.pop("cap_daily_minor"))

        def _parse_cap_weekly_minor(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        cap_weekly_minor = _parse_cap_weekly_minor(d.pop("cap_weekly_minor"))

        buying_use_out = cls(
            currency=currency,
            last_24h_minor=last_24h_minor,
            last_7d_minor=last_7d_minor,
            today_minor=today_minor,
            this_week_minor=this_week_minor,
            this_month_minor=this_month_minor,
            cap_daily_minor=cap_daily_minor,
            cap_weekly_minor=cap_weekly_minor,
        )

        buying_use_out.additional_properties = d
        return buying_use_out

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
