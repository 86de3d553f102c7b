from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PayoutLineOut")


@_attrs_define
class PayoutLineOut:
    """
    Attributes:
        currency (str):
        exponent (int):
        requested_minor (int):
        paid_minor (int):
        voided_minor (int): Failed, rejected or expired requests
        reversed_minor (int): Paid, then returned by the provider
        pending_opening_minor (int):
        pending_closing_minor (int):
        paid_to_date_minor (int):
    """

    currency: str
    exponent: int
    requested_minor: int
    paid_minor: int
    voided_minor: int
    reversed_minor: int
    pending_opening_minor: int
    pending_closing_minor: int
    paid_to_date_minor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        exponent = self.exponent

        requested_minor = self.requested_minor

        paid_minor = self.paid_minor

        voided_minor = self.voided_minor

        reversed_minor = self.reversed_minor

        pending_opening_minor = self.pending_opening_minor

        pending_closing_minor = self.pending_closing_minor

        paid_to_date_minor = self.paid_to_date_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currency": currency,
                "exponent": exponent,
                "requested_minor": requested_minor,
                "paid_minor": paid_minor,
                "voided_minor": voided_minor,
                "reversed_minor": reversed_minor,
                "pending_opening_minor": pending_opening_minor,
                "pending_closing_minor": pending_closing_minor,
                "paid_to_date_minor": paid_to_date_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        currency = d.pop("currency")

        exponent = d.pop("exponent")

        requested_minor = d.pop("requested_minor")

        paid_minor = d.pop("paid_minor")

        voided_minor = d.pop("voided_minor")

        reversed_minor = d.pop("reversed_minor")

        pending_opening_minor = d.pop("pending_opening_minor")

        pending_closing_minor = d.pop("pending_closing_minor")

        paid_to_date_minor = d.pop("paid_to_date_minor")

        payout_line_out = cls(
            currency=currency,
            exponent=exponent,
            requested_minor=requested_minor,
            paid_minor=paid_minor,
            voided_minor=voided_minor,
            reversed_minor=reversed_minor,
            pending_opening_minor=pending_opening_minor,
            pending_closing_minor=pending_closing_minor,
            paid_to_date_minor=paid_to_date_minor,
        )

        payout_line_out.additional_properties = d
        return payout_line_out

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
