from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.gift_batch_item_in import GiftBatchItemIn


T = TypeVar("T", bound="GiftBatchIn")


@_attrs_define
class GiftBatchIn:
    """Gifts sent in one request, each with its own key and its own answer (at most the
    `gifts.batch_items_max` setting).

        Attributes:
            gifts (list[GiftBatchItemIn]):
    """

    gifts: list[GiftBatchItemIn]

    def to_dict(self) -> dict[str, Any]:
        gifts = []
        for gifts_item_data in self.gifts:
            gifts_item = gifts_item_data.to_dict()
            gifts.append(gifts_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "gifts": gifts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gift_batch_item_in import GiftBatchItemIn

        d = dict(src_dict)
        gifts = []
        _gifts = d.pop("gifts")
        for gifts_item_data in _gifts:
            gifts_item = GiftBatchItemIn.from_dict(gifts_item_data)

            gifts.append(gifts_item)

        gift_batch_in = cls(
            gifts=gifts,
        )

        return gift_batch_in
