from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AccountLineOut")


@_attrs_define
class AccountLineOut:
    """
    Attributes:
        account (str): Ledger account id; users:<ASSET> sums every user's
        asset (str):
        exponent (int):
        opening (int): Credit balance (credits - debits); negative = debit
        debits (int):
        credits_ (int):
        closing (int):
        pending_debits_closing (int):
        pending_credits_closing (int):
    """

    account: str
    asset: str
    exponent: int
    opening: int
    debits: int
    credits_: int
    closing: int
    pending_debits_closing: int
    pending_credits_closing: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account = self.account

        asset = self.asset

        exponent = self.exponent

        opening = self.opening

        debits = self.debits

        credits_ = self.credits_

        closing = self.closing

        pending_debits_closing = self.pending_debits_closing

        pending_credits_closing = self.pending_credits_closing

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account": account,
                "asset": asset,
                "exponent": exponent,
                "opening": opening,
                "debits": debits,
                "credits": credits_,
                "closing": closing,
                "pending_debits_closing": pending_debits_closing,
                "pending_credits_closing": pending_credits_closing,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        account = d.pop("account")

        asset = d.pop("asset")

        exponent = d.pop("exponent")

        opening = d.pop("opening")

        debits = d.pop("debits")

        credits_ = d.pop("credits")

        closing = d.pop("closing")

        pending_debits_closing = d.pop("pending_debits_closing")

        pending_credits_closing = d.pop("pending_credits_closing")

        account_line_out = cls(
            account=account,
            asset=asset,
            exponent=exponent,
            opening=opening,
            debits=debits,
            credits_=credits_,
            closing=closing,
            pending_debits_closing=pending_debits_closing,
            pending_credits_closing=pending_credits_closing,
        )

        account_line_out.additional_properties = d
        return account_line_out

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
