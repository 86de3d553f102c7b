from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ApplePurchaseIn")


@_attrs_define
class ApplePurchaseIn:
    """
    Attributes:
        signed_transaction (str):
        user_id (None | str | Unset):
    """

    signed_transaction: str
    user_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        signed_transaction = self.signed_transaction

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "signed_transaction": signed_transaction,
            }
        )
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        signed_transaction = d.pop("signed_transaction")

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        apple_purchase_in = cls(
            signed_transaction=signed_transaction,
            user_id=user_id,
        )

        return apple_purchase_in
