from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.code_amount_out import CodeAmountOut


T = TypeVar("T", bound="FinanceCoinsOut")


@_attrs_define
class FinanceCoinsOut:
    """
    Attributes:
        opening (int):
        purchased (int):
        granted (int):
        clawed_back (int):
        removed (int):
        spent_gifts (int):
        spent_promotions (int):
        other (list[CodeAmountOut]): Codes the report does not classify
        closing (int):
        issued (int): purchased + granted - clawed_back - removed
        spent (int): spent_gifts + spent_promotions
        held_opening (int): Held by running promotions (still the users')
        held_closing (int):
        promotions_released (int): Held coins returned to promoters
        owed_opening (int): Owed by wallets below zero after claw-backs
        owed_closing (int):
        wallets_below_zero (int):
        grants (int): Operator grants in the period (count)
        removals (int): Operator removals in the period (count)
        issued_to_date (int):
        spent_to_date (int):
    """

    opening: int
    purchased: int
    granted: int
    clawed_back: int
    removed: int
    spent_gifts: int
    spent_promotions: int
    other: list[CodeAmountOut]
    closing: int
    issued: int
    spent: int
    held_opening: int
    held_closing: int
    promotions_released: int
    owed_opening: int
    owed_closing: int
    wallets_below_zero: int
    grants: int
    removals: int
    issued_to_date: int
    spent_to_date: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        opening = self.opening

        purchased = self.purchased

        granted = self.granted

        clawed_back = self.clawed_back

        removed = self.removed

        spent_gifts = self.spent_gifts

        spent_promotions = self.spent_promotions

        other = []
        for other_item_data in self.other:
            other_item = other_item_data.to_dict()
            other.append(other_item)

        closing = self.closing

        issued = self.issued

        spent = self.spent

        held_opening = self.held_opening

        held_closing = self.held_closing

        promotions_released = self.promotions_released

        owed_opening = self.owed_opening

        owed_closing = self.owed_closing

        wallets_below_zero = self.wallets_below_zero

        grants = self.grants

        removals = self.removals

        issued_to_date = self.issued_to_date

        spent_to_date = self.spent_to_date

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "opening": opening,
                "purchased": purchased,
                "granted": granted,
                "clawed_back": clawed_back,
                "removed": removed,
                "spent_gifts": spent_gifts,
                "spent_promotions": spent_promotions,
                "other": other,
                "closing": closing,
                "issued": issued,
                "spent": spent,
                "held_opening": held_opening,
                "held_closing": held_closing,
                "promotions_released": promotions_released,
                "owed_opening": owed_opening,
                "owed_closing": owed_closing,
                "wallets_below_zero": wallets_below_zero,
                "grants": grants,
                "removals": removals,
                "issued_to_date": issued_to_date,
                "spent_to_date": spent_to_date,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.code_amount_out import CodeAmountOut

        d = dict(src_dict)
        opening = d.pop("opening")

        purchased = d.pop("purchased")

        granted = d.pop("granted")

        clawed_back = d.pop("clawed_back")

        removed = d.pop("removed")

        spent_gifts = d.pop("spent_gifts")

        spent_promotions = d.pop("spent_promotions")

        other = []
        _other = d.pop("other")
        for other_item_data in _other:
            other_item = CodeAmountOut.from_dict(other_item_data)

            other.append(other_item)

        closing = d.pop("closing")

        issued = d.pop("issued")

        spent = d.pop("spent")

        held_opening = d.pop("held_opening")

        held_closing = d.pop("held_closing")

        promotions_released = d.pop("promotions_released")

        owed_opening = d.pop("owed_opening")

        owed_closing = d.pop("owed_closing")

        wallets_below_zero = d.pop("wallets_below_zero")

        grants = d.pop("grants")

        removals = d.pop("removals")

        issued_to_date = d.pop("issued_to_date")

        spent_to_date = d.pop("spent_to_date")

        finance_coins_out = cls(
            opening=opening,
            purchased=purchased,
            granted=granted,
            clawed_back=clawed_back,
            removed=removed,
            spent_gifts=spent_gifts,
            spent_promotions=spent_promotions,
            other=other,
            closing=closing,
            issued=issued,
            spent=spent,
            held_opening=held_opening,
            held_closing=held_closing,
            promotions_released=promotions_released,
            owed_opening=owed_opening,
            owed_closing=owed_closing,
            wallets_below_zero=wallets_below_zero,
            grants=grants,
            removals=removals,
            issued_to_date=issued_to_date,
            spent_to_date=spent_to_date,
        )

        finance_coins_out.additional_properties = d
        return finance_coins_out

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
