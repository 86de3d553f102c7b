from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WalletOut")


@_attrs_define
class WalletOut:
    """
    Attributes:
        user_id (str):
        coins (int):
        coins_available (int):
        diamonds (int):
        diamonds_available (int):
        restricted (bool):
        store_account_token (str):
    """

    user_id: str
    coins: int
    coins_available: int
    diamonds: int
    diamonds_available: int
    restricted: bool
    store_account_token: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        coins = self.coins

        coins_available = self.coins_available

        diamonds = self.diamonds

        diamonds_available = self.diamonds_available

        restricted = self.restricted

        store_account_token = self.store_account_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "user_id": user_id,
                "coins": coins,
                "coins_available": coins_available,
                "diamonds": diamonds,
                "diamonds_available": diamonds_available,
                "restricted": restricted,
                "store_account_token": store_account_token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        user_id = d.pop("user_id")

        coins = d.pop("coins")

        coins_available = d.pop("coins_available")

        diamonds = d.pop("diamonds")

        diamonds_available = d.pop("diamonds_available")

        restricted = d.pop("restricted")

        store_account_token = d.pop("store_account_token")

        wallet_out = cls(
            user_id=user_id,
            coins=coins,
            coins_available=coins_available,
            diamonds=diamonds,
            diamonds_available=diamonds_available,
            restricted=restricted,
            store_account_token=store_account_token,
        )

        wallet_out.additional_properties = d
        return wallet_out

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
