from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="GooglePurchaseIn")


@_attrs_define
class GooglePurchaseIn:
    """
    Attributes:
        product_id (str):
        purchase_token (str):
        user_id (None | str | Unset):
    """

    product_id: str
    purchase_token: str
    user_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        product_id = self.product_id

        purchase_token = self.purchase_token

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "product_id": product_id,
                "purchase_token": purchase_token,
            }
        )
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        product_id = d.pop("product_id")

        purchase_token = d.pop("purchase_token")

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        google_purchase_in = cls(
            product_id=product_id,
            purchase_token=purchase_token,
            user_id=user_id,
        )

        return google_purchase_in
