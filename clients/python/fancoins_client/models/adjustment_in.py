from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="AdjustmentIn")


@_attrs_define
class AdjustmentIn:
    """
    Attributes:
        user_id (str):
        amount_coins (int): positive grants, negative removes; never zero
        reason (str):
    """

    user_id: str
    amount_coins: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        amount_coins = self.amount_coins

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "user_id": user_id,
                "amount_coins": amount_coins,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        user_id = d.pop("user_id")

        amount_coins = d.pop("amount_coins")

        reason = d.pop("reason")

        adjustment_in = cls(
            user_id=user_id,
            amount_coins=amount_coins,
            reason=reason,
        )

        return adjustment_in
