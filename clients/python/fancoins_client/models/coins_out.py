from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CoinsOut")


@_attrs_define
class CoinsOut:
    """
    Attributes:
        outstanding (int): Sum of users' posted coin balances
        held (int): Coins held by pending transfers (promotions running)
        issued (int): Coins issued (purchases and grants) less claw-backs
        spent (int): Coins spent on gifts and promotions
        wallets (int):
        wallets_restricted (int): Wallets below zero after a refund claw-back
    """

    outstanding: int
    held: int
    issued: int
    spent: int
    wallets: int
    wallets_restricted: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        outstanding = self.outstanding

        held = self.held

        issued = self.issued

        spent = self.spent

        wallets = self.wallets

        wallets_restricted = self.wallets_restricted

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "outstanding": outstanding,
                "held": held,
                "issued": issued,
                "spent": spent,
                "wallets": wallets,
                "wallets_restricted": wallets_restricted,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        outstanding = d.pop("outstanding")

        held = d.pop("held")

        issued = d.pop("issued")

        spent = d.pop("spent")

        wallets = d.pop("wallets")

        wallets_restricted = d.pop("wallets_restricted")

        coins_out = cls(
            outstanding=outstanding,
            held=held,
            issued=issued,
            spent=spent,
            wallets=wallets,
            wallets_restricted=wallets_restricted,
        )

        coins_out.additional_properties = d
        return coins_out

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
