from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PayoutMethodIn")


@_attrs_define
class PayoutMethodIn:
    """
    Attributes:
        paypal_email (str):
    """

    paypal_email: str

    def to_dict(self) -> dict[str, Any]:
        paypal_email = self.paypal_email

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "paypal_email": paypal_email,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        paypal_email = d.pop("paypal_email")

        payout_method_in = cls(
            paypal_email=paypal_email,
        )

        return payout_method_in
