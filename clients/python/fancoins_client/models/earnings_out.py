from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.daily_earnings_out import DailyEarningsOut


T = TypeVar("T", bound="EarningsOut")


@_attrs_define
class EarningsOut:
    """
    Attributes:
        currency (str):
        diamonds_total (int): Posted diamond balance (negative after a claw-back)
        diamonds_pending_withdrawal (int):
        diamonds_on_hold (int): Earned within the hold period
        diamonds_withdrawable (int):
        cash_value_minor (int):
        on_hold_cash_minor (int):
        withdrawable_cash_minor (int):
        hold_days (int):
        min_withdrawal_minor (int):
        daily_cap_minor (int):
        daily (list[DailyEarningsOut]):
        cash_value_display (str):
        on_hold_cash_display (str):
        withdrawable_cash_display (str):
        min_withdrawal_display (str):
        daily_cap_display (str):
    """

    currency: str
    diamonds_total: int
    diamonds_pending_withdrawal: int
    diamonds_on_hold: int
    diamonds_withdrawable: int
    cash_value_minor: int
    on_hold_cash_minor: int
    withdrawable_cash_minor: int
    hold_days: int
    min_withdrawal_minor: int
    daily_cap_minor: int
    daily: list[DailyEarningsOut]
    cash_value_display: str
    on_hold_cash_display: str
    withdrawable_cash_display: str
    min_withdrawal_display: str
    daily_cap_display: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        diamonds_total = self.diamonds_total

        diamonds_pending_withdrawal = self.diamonds_pending_withdrawal

        diamonds_on_hold = self.diamonds_on_hold

        diamonds_withdrawable = self.diamonds_withdrawable

        cash_value_minor = self.cash_value_minor

        on_hold_cash_minor = self.on_hold_cash_minor

        withdrawable_cash_minor = self.withdrawable_cash_minor

        hold_days = self.hold_days

        min_withdrawal_minor = self.min_withdrawal_minor

        daily_cap_minor = self.daily_cap_minor

        daily = []
        for daily_item_data in self.daily:
            daily_item = daily_item_data.to_dict()
            daily.append(daily_item)

        cash_value_display = self.cash_value_display

        on_hold_cash_display = self.on_hold_cash_display

        withdrawable_cash_display = self.withdrawable_cash_display

        min_withdrawal_display = self.min_withdrawal_display

        daily_cap_display = self.daily_cap_display

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currency": currency,
                "diamonds_total": diamonds_total,
                "diamonds_pending_withdrawal": diamonds_pending_withdrawal,
                "diamonds_on_hold": diamonds_on_hold,
                "diamonds_withdrawable": diamonds_withdrawable,
                "cash_value_minor": cash_value_minor,
                "on_hold_cash_minor": on_hold_cash_minor,
                "withdrawable_cash_minor": withdrawable_cash_minor,
                "hold_days": hold_days,
                "min_withdrawal_minor": min_withdrawal_minor,
                "daily_cap_minor": daily_cap_minor,
                "daily": daily,
                "cash_value_display": cash_value_display,
                "on_hold_cash_display": on_hold_cash_display,
                "withdrawable_cash_display": withdrawable_cash_display,
                "min_withdrawal_display": min_withdrawal_display,
                "daily_cap_display": daily_cap_display,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.daily_earnings_out import DailyEarningsOut

        d = dict(src_dict)
        currency = d.pop("currency")

        diamonds_total = d.pop("diamonds_total")

        diamonds_pending_withdrawal = d.pop("diamonds_pending_withdrawal")

        diamonds_on_hold = d.pop("diamonds_on_hold")

        diamonds_withdrawable = d.pop("diamonds_withdrawable")

        cash_value_minor = d.pop("cash_value_minor")

        on_hold_cash_minor = d.pop("on_hold_cash_minor")

        withdrawable_cash_minor = d.pop("withdrawable_cash_minor")

        hold_days = d.pop("hold_days")

        min_withdrawal_minor = d.pop("min_withdrawal_minor")

        daily_cap_minor = d.pop("daily_cap_minor")

        daily = []
        _daily = d.pop("daily")
        for daily_item_data in _daily:
            daily_item = DailyEarningsOut.from_dict(daily_item_data)

            daily.append(daily_item)

        cash_value_display = d.pop("cash_value_display")

        on_hold_cash_display = d.pop("on_hold_cash_display")

        withdrawable_cash_display = d.pop("withdrawable_cash_display")

        min_withdrawal_display = d.pop("min_withdrawal_display")

        daily_cap_display = d.pop("daily_cap_display")

        earnings_out = cls(
            currency=currency,
            diamonds_total=diamonds_total,
            diamonds_pending_withdrawal=diamonds_pending_withdrawal,
            diamonds_on_hold=diamonds_on_hold,
            diamonds_withdrawable=diamonds_withdrawable,
            cash_value_minor=cash_value_minor,
            on_hold_cash_minor=on_hold_cash_minor,
            withdrawable_cash_minor=withdrawable_cash_minor,
            hold_days=hold_days,
            min_withdrawal_minor=min_withdrawal_minor,
            daily_cap_minor=daily_cap_minor,
            daily=daily,
            cash_value_display=cash_value_display,
            on_hold_cash_display=on_hold_cash_display,
            withdrawable_cash_display=withdrawable_cash_display,
            min_withdrawal_display=min_withdrawal_display,
            daily_cap_display=daily_cap_display,
        )

        earnings_out.additional_properties = d
        return earnings_out

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
