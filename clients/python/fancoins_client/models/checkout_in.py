from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CheckoutIn")


@_attrs_define
class CheckoutIn:
    """
    Attributes:
        coins (int):
        user_id (None | str | Unset):
    """

    coins: int
    user_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        coins = self.coins

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "coins": coins,
            }
        )
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        coins = d.pop("coins")

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        checkout_in = cls(
            coins=coins,
            user_id=user_id,
        )

        return checkout_in
