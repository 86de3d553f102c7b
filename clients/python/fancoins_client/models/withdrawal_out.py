from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WithdrawalOut")


@_attrs_define
class WithdrawalOut:
    """
    Attributes:
        id (UUID):
        user_id (str):
        status (str):
        amount_minor (int):
        currency (str):
        diamonds (int):
        paypal_email (str):
        sender_batch_id (str):
        payout_batch_id (None | str):
        submit_attempts (int):
        last_error (None | str):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        amount (str): The amount as a decimal string, e.g. 100.00
        amount_display (str): The amount for people to read, e.g. $100.00
    """

    id: UUID
    user_id: str
    status: str
    amount_minor: int
    currency: str
    diamonds: int
    paypal_email: str
    sender_batch_id: str
    payout_batch_id: None | str
    submit_attempts: int
    last_error: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    amount: str
    amount_display: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        user_id = self.user_id

        status = self.status

        amount_minor = self.amount_minor

        currency = self.currency

        diamonds = self.diamonds

        paypal_email = self.paypal_email

        sender_batch_id = self.sender_batch_id

        payout_batch_id: None | str
        payout_batch_id = self.payout_batch_id

        submit_attempts = self.submit_attempts

        last_error: None | str
        last_error = self.last_error

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        amount = self.amount

        amount_display = self.amount_display

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "user_id": user_id,
                "status": status,
                "amount_minor": amount_minor,
                "currency": currency,
                "diamonds": diamonds,
                "paypal_email": paypal_email,
                "sender_batch_id": sender_batch_id,
                "payout_batch_id": payout_batch_id,
                "submit_attempts": submit_attempts,
                "last_error": last_error,
                "created_at": created_at,
                "updated_at": updated_at,
                "amount": amount,
                "amount_display": amount_display,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        user_id = d.pop("user_id")

        status = d.pop("status")

        amount_minor = d.pop("amount_minor")

        currency = d.pop("currency")

        diamonds = d.pop("diamonds")

        paypal_email = d.pop("paypal_email")

        sender_batch_id = d.pop("sender_batch_id")

        def _parse_payout_batch_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payout_batch_id = _parse_payout_batch_id(d.pop("payout_batch_id"))

        submit_attempts = d.pop("submit_attempts")

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        amount = d.pop("amount")

        amount_display = d.pop("amount_display")

        withdrawal_out = cls(
            id=id,
            user_id=user_id,
            status=status,
            amount_minor=amount_minor,
            currency=currency,
            diamonds=diamonds,
            paypal_email=paypal_email,
            sender_batch_id=sender_batch_id,
            payout_batch_id=payout_batch_id,
            submit_attempts=submit_attempts,
            last_error=last_error,
            created_at=created_at,
            updated_at=updated_at,
            amount=amount,
            amount_display=amount_display,
        )

        withdrawal_out.additional_properties = d
        return withdrawal_out

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
