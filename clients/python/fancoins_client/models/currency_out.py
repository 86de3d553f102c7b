from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CurrencyOut")


@_attrs_define
class CurrencyOut:
    """
    Attributes:
        currency (str):
        exponent (int): Minor-unit digits (USD 2, JPY 0, KWD 3)
        sales_minor (int): Gross paid by buyers (all stores)
        refunds_minor (int): Gross refunded or charged back
        store_fees_minor (int):
        taxes_minor (int):
        net_revenue_minor (int): Sales less refunds, store fees and taxes
        payouts_paid_minor (int):
        payouts_pending_minor (int):
        platform_cash_minor (int): Net revenue less payouts paid and pending
    """

    currency: str
    exponent: int
    sales_minor: int
    refunds_minor: int
    store_fees_minor: int
    taxes_minor: int
    net_revenue_minor: int
    payouts_paid_minor: int
    payouts_pending_minor: int
    platform_cash_minor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        exponent = self.exponent

        sales_minor = self.sales_minor

        refunds_minor = self.refunds_minor

        store_fees_minor = self.store_fees_minor

        taxes_minor = self.taxes_minor

        net_revenue_minor = self.net_revenue_minor

        payouts_paid_minor = self.payouts_paid_minor

        payouts_pending_minor = self.payouts_pending_minor

        platform_cash_minor = self.platform_cash_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currency": currency,
                "exponent": exponent,
                "sales_minor": sales_minor,
                "refunds_minor": refunds_minor,
                "store_fees_minor": store_fees_minor,
                "taxes_minor": taxes_minor,
                "net_revenue_minor": net_revenue_minor,
                "payouts_paid_minor": payouts_paid_minor,
                "payouts_pending_minor": payouts_pending_minor,
                "platform_cash_minor": platform_cash_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        currency = d.pop("currency")

        exponent = d.pop("exponent")

        sales_minor = d.pop("sales_minor")

        refunds_minor = d.pop("refunds_minor")

        store_fees_minor = d.pop("store_fees_minor")

        taxes_minor = d.pop("taxes_minor")

        net_revenue_minor = d.pop("net_revenue_minor")

        payouts_paid_minor = d.pop("payouts_paid_minor")

        payouts_pending_minor = d.pop("payouts_pending_minor")

        platform_cash_minor = d.pop("platform_cash_minor")

        currency_out = cls(
            currency=currency,
            exponent=exponent,
            sales_minor=sales_minor,
            refunds_minor=refunds_minor,
            store_fees_minor=store_fees_minor,
            taxes_minor=taxes_minor,
            net_revenue_minor=net_revenue_minor,
            payouts_paid_minor=payouts_paid_minor,
            payouts_pending_minor=payouts_pending_minor,
            platform_cash_minor=platform_cash_minor,
        )

        currency_out.additional_properties = d
        return currency_out

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
