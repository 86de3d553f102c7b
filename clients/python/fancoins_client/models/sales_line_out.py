from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.money_parts_out import MoneyPartsOut


T = TypeVar("T", bound="SalesLineOut")


@_attrs_define
class SalesLineOut:
    """
    Attributes:
        currency (str):
        channel (str): ios, android or web
        exponent (int):
        coins (int): Coins sold in the period
        sales (MoneyPartsOut):
        refunds (MoneyPartsOut):
        chargebacks (MoneyPartsOut):
        reversals (MoneyPartsOut):
        net_after_refunds_minor (int):
    """

    currency: str
    channel: str
    exponent: int
    coins: int
    sales: MoneyPartsOut
    refunds: MoneyPartsOut
    chargebacks: MoneyPartsOut
    reversals: MoneyPartsOut
    net_after_refunds_minor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        channel = self.channel

        exponent = self.exponent

        coins = self.coins

        sales = self.sales.to_dict()

        refunds = self.refunds.to_dict()

        chargebacks = self.chargebacks.to_dict()

        reversals = self.reversals.to_dict()

        net_after_refunds_minor = self.net_after_refunds_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currency": currency,
                "channel": channel,
                "exponent": exponent,
                "coins": coins,
                "sales": sales,
                "refunds": refunds,
                "chargebacks": chargebacks,
                "reversals": reversals,
                "net_after_refunds_minor": net_after_refunds_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.money_parts_out import MoneyPartsOut

        d = dict(src_dict)
        currency = d.pop("currency")

        channel = d.pop("channel")

        exponent = d.pop("exponent")

        coins = d.pop("coins")

        sales = MoneyPartsOut.from_dict(d.pop("sales"))

        refunds = MoneyPartsOut.from_dict(d.pop("refunds"))

        chargebacks = MoneyPartsOut.from_dict(d.pop("chargebacks"))

        reversals = MoneyPartsOut.from_dict(d.pop("reversals"))

        net_after_refunds_minor = d.pop("net_after_refunds_minor")

        sales_line_out = cls(
            currency=currency,
            channel=channel,
            exponent=exponent,
            coins=coins,
            sales=sales,
            refunds=refunds,
            chargebacks=chargebacks,
            reversals=reversals,
            net_after_refunds_minor=net_after_refunds_minor,
        )

        sales_line_out.additional_properties = d
        return sales_line_out

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
