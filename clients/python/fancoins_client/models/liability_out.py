from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LiabilityOut")


@_attrs_define
class LiabilityOut:
    """
    Attributes:
        currency (str):
        exponent (int):
        cash_minor_per_1000_diamonds (int): The configured diamond value
        opening_minor (int):
        closing_minor (int):
        held_closing_minor (int): Of which requested for withdrawal
    """

    currency: str
    exponent: int
    cash_minor_per_1000_diamonds: int
    opening_minor: int
    closing_minor: int
    held_closing_minor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        exponent = self.exponent

        cash_minor_per_1000_diamonds = self.cash_minor_per_1000_diamonds

        opening_minor = self.opening_minor

        closing_minor = self.closing_minor

        held_closing_minor = self.held_closing_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currency": currency,
                "exponent": exponent,
                "cash_minor_per_1000_diamonds": cash_minor_per_1000_diamonds,
                "opening_minor": opening_minor,
                "closing_minor": closing_minor,
                "held_closing_minor": held_closing_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        currency = d.pop("currency")

        exponent = d.pop("exponent")

        cash_minor_per_1000_diamonds = d.pop("cash_minor_per_1000_diamonds")

        opening_minor = d.pop("opening_minor")

        closing_minor = d.pop("closing_minor")

        held_closing_minor = d.pop("held_closing_minor")

        liability_out = cls(
            currency=currency,
            exponent=exponent,
            cash_minor_per_1000_diamonds=cash_minor_per_1000_diamonds,
            opening_minor=opening_minor,
            closing_minor=closing_minor,
            held_closing_minor=held_closing_minor,
        )

        liability_out.additional_properties = d
        return liability_out

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
