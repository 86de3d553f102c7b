from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.code_amount_out import CodeAmountOut
    from ..models.liability_out import LiabilityOut


T = TypeVar("T", bound="FinanceDiamondsOut")


@_attrs_define
class FinanceDiamondsOut:
    """
    Attributes:
        opening (int):
        earned (int):
        clawed_back (int):
        redeemed (int): Withdrawals paid
        reversed_ (int): Paid withdrawals returned by the provider
        other (list[CodeAmountOut]):
        closing (int):
        held_opening (int): Requested for withdrawal, not yet paid
        held_closing (int):
        owed_closing (int): Owed by creators below zero after claw-backs
        earned_to_date (int):
        clawed_back_to_date (int):
        redeemed_to_date (int):
        liability (LiabilityOut):
    """

    opening: int
    earned: int
    clawed_back: int
    redeemed: int
    reversed_: int
    other: list[CodeAmountOut]
    closing: int
    held_opening: int
    held_closing: int
    owed_closing: int
    earned_to_date: int
    clawed_back_to_date: int
    redeemed_to_date: int
    liability: LiabilityOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        opening = self.opening

        earned = self.earned

        clawed_back = self.clawed_back

        redeemed = self.redeemed

        reversed_ = self.reversed_

        other = []
        for other_item_data in self.other:
            other_item = other_item_data.to_dict()
            other.append(other_item)

        closing = self.closing

        held_opening = self.held_opening

        held_closing = self.held_closing

        owed_closing = self.owed_closing

        earned_to_date = self.earned_to_date

        clawed_back_to_date = self.clawed_back_to_date

        redeemed_to_date = self.redeemed_to_date

        liability = self.liability.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "opening": opening,
                "earned": earned,
                "clawed_back": clawed_back,
                "redeemed": redeemed,
                "reversed": reversed_,
                "other": other,
                "closing": closing,
                "held_opening": held_opening,
                "held_closing": held_closing,
                "owed_closing": owed_closing,
                "earned_to_date": earned_to_date,
                "clawed_back_to_date": clawed_back_to_date,
                "redeemed_to_date": redeemed_to_date,
                "liability": liability,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.code_amount_out import CodeAmountOut
        from ..models.liability_out import LiabilityOut

        d = dict(src_dict)
        opening = d.pop("opening")

        earned = d.pop("earned")

        clawed_back = d.pop("clawed_back")

        redeemed = d.pop("redeemed")

        reversed_ = d.pop("reversed")

        other = []
        _other = d.pop("other")
        for other_item_data in _other:
            other_item = CodeAmountOut.from_dict(other_item_data)

            other.append(other_item)

        closing = d.pop("closing")

        held_opening = d.pop("held_opening")

        held_closing = d.pop("held_closing")

        owed_closing = d.pop("owed_closing")

        earned_to_date = d.pop("earned_to_date")

        clawed_back_to_date = d.pop("clawed_back_to_date")

        redeemed_to_date = d.pop("redeemed_to_date")

        liability = LiabilityOut.from_dict(d.pop("liability"))

        finance_diamonds_out = cls(
            opening=opening,
            earned=earned,
            clawed_back=clawed_back,
            redeemed=redeemed,
            reversed_=reversed_,
            other=other,
            closing=closing,
            held_opening=held_opening,
            held_closing=held_closing,
            owed_closing=owed_closing,
            earned_to_date=earned_to_date,
            clawed_back_to_date=clawed_back_to_date,
            redeemed_to_date=redeemed_to_date,
            liability=liability,
        )

        finance_diamonds_out.additional_properties = d
        return finance_diamonds_out

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
