from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DiamondsOut")


@_attrs_define
class DiamondsOut:
    """
    Attributes:
        outstanding (int): Sum of creators' posted diamond balances
        pending_withdrawal (int):
        on_hold (int): Earned within the hold period, not yet withdrawable
        on_hold_partial (bool): True when too many creators to count all
        withdrawable (int):
        issued (int):
        redeemed (int):
        payout_currency (str):
        outstanding_cash_minor (int): What the outstanding diamonds cash out at
    """

    outstanding: int
    pending_withdrawal: int
    on_hold: int
    on_hold_partial: bool
    withdrawable: int
    issued: int
    redeemed: int
    payout_currency: str
    outstanding_cash_minor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        outstanding = self.outstanding

        pending_withdrawal = self.pending_withdrawal

        on_hold = self.on_hold

        on_hold_partial = self.on_hold_partial

        withdrawable = self.withdrawable

        issued = self.issued

        redeemed = self.redeemed

        payout_currency = self.payout_currency

        outstanding_cash_minor = self.outstanding_cash_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "outstanding": outstanding,
                "pending_withdrawal": pending_withdrawal,
                "on_hold": on_hold,
                "on_hold_partial": on_hold_partial,
                "withdrawable": withdrawable,
                "issued": issued,
                "redeemed": redeemed,
                "payout_currency": payout_currency,
                "outstanding_cash_minor": outstanding_cash_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        outstanding = d.pop("outstanding")

        pending_withdrawal = d.pop("pending_withdrawal")

        on_hold = d.pop("on_hold")

        on_hold_partial = d.pop("on_hold_partial")

        withdrawable = d.pop("withdrawable")

        issued = d.pop("issued")

        redeemed = d.pop("redeemed")

        payout_currency = d.pop("payout_currency")

        outstanding_cash_minor = d.pop("outstanding_cash_minor")

        diamonds_out = cls(
            outstanding=outstanding,
            pending_withdrawal=pending_withdrawal,
            on_hold=on_hold,
            on_hold_partial=on_hold_partial,
            withdrawable=withdrawable,
            issued=issued,
            redeemed=redeemed,
            payout_currency=payout_currency,
            outstanding_cash_minor=outstanding_cash_minor,
        )

        diamonds_out.additional_properties = d
        return diamonds_out

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
