from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WithdrawalIn")


@_attrs_define
class WithdrawalIn:
    """
    Attributes:
        amount_minor (int): Cash to withdraw, in minor units (cents).
    """

    amount_minor: int

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount_minor": amount_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        amount_minor = d.pop("amount_minor")

        withdrawal_in = cls(
            amount_minor=amount_minor,
        )

        return withdrawal_in
