from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AccountOut")


@_attrs_define
class AccountOut:
    """
    Attributes:
        id (str):
        asset (str):
        kind (str):
        owner_user_id (None | str):
        flags (list[str]):
        balance (int):
        available (int):
        debits_pending (int):
        debits_posted (int):
        credits_pending (int):
        credits_posted (int):
        created_at (datetime.datetime):
    """

    id: str
    asset: str
    kind: str
    owner_user_id: None | str
    flags: list[str]
    balance: int
    available: int
    debits_pending: int
    debits_posted: int
    credits_pending: int
    credits_posted: int
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        asset = self.asset

        kind = self.kind

        owner_user_id: None | str
        owner_user_id = self.owner_user_id

        flags = self.flags

        balance = self.balance

        available = self.available

        debits_pending = self.debits_pending

        debits_posted = self.debits_posted

        credits_pending = self.credits_pending

        credits_posted = self.credits_posted

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "asset": asset,
                "kind": kind,
                "owner_user_id": owner_user_id,
                "flags": flags,
                "balance": balance,
                "available": available,
                "debits_pending": debits_pending,
                "debits_posted": debits_posted,
                "credits_pending": credits_pending,
                "credits_posted": credits_posted,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        asset = d.pop("asset")

        kind = d.pop("kind")

        def _parse_owner_user_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        owner_user_id = _parse_owner_user_id(d.pop("owner_user_id"))

        flags = cast(list[str], d.pop("flags"))

        balance = d.pop("balance")

        available = d.pop("available")

        debits_pending = d.pop("debits_pending")

        debits_posted = d.pop("debits_posted")

        credits_pending = d.pop("credits_pending")

        credits_posted = d.pop("credits_posted")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        account_out = cls(
            id=id,
            asset=asset,
            kind=kind,
            owner_user_id=owner_user_id,
            flags=flags,
            balance=balance,
            available=available,
            debits_pending=debits_pending,
            debits_posted=debits_posted,
            credits_pending=credits_pending,
            credits_posted=credits_posted,
            created_at=created_at,
        )

        account_out.additional_properties = d
        return account_out

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
