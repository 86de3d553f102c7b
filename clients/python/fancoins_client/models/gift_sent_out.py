from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GiftSentOut")


@_attrs_define
class GiftSentOut:
    """
    Attributes:
        id (UUID):
        gift_id (str):
        count (int):
        coins (int):
        diamonds (int):
        recipient_id (str):
        stream_id (None | str):
        video_id (None | str):
        comment_id (None | str):
        balance_coins (int):
        created_at (datetime.datetime):
        message (None | str | Unset):
    """

    id: UUID
    gift_id: str
    count: int
    coins: int
    diamonds: int
    recipient_id: str
    stream_id: None | str
    video_id: None | str
    comment_id: None | str
    balance_coins: int
    created_at: datetime.datetime
    message: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        gift_id = self.gift_id

        count = self.count

        coins = self.coins

        diamonds = self.diamonds

        recipient_id = self.recipient_id

        stream_id: None | str
        stream_id = self.stream_id

        video_id: None | str
        video_id = self.video_id

        comment_id: None | str
        comment_id = self.comment_id

        balance_coins = self.balance_coins

        created_at = self.created_at.isoformat()

        message: None | str | Unset
        if isinstance(self.message, Unset):
            message = UNSET
        else:
            message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "gift_id": gift_id,
                "count": count,
                "coins": coins,
                "diamonds": diamonds,
                "recipient_id": recipient_id,
                "stream_id": stream_id,
                "video_id": video_id,
                "comment_id": comment_id,
                "balance_coins": balance_coins,
                "created_at": created_at,
            }
        )
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        gift_id = d.pop("gift_id")

        count = d.pop("count")

        coins = d.pop("coins")

        diamonds = d.pop("diamonds")

        recipient_id = d.pop("recipient_id")

        def _parse_stream_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stream_id = _parse_stream_id(d.pop("stream_id"))

        def _parse_video_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        video_id = _parse_video_id(d.pop("video_id"))

        def _parse_comment_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        comment_id = _parse_comment_id(d.pop("comment_id"))

        balance_coins = d.pop("balance_coins")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        message = _parse_message(d.pop("message", UNSET))

        gift_sent_out = cls(
            id=id,
            gift_id=gift_id,
            count=count,
            coins=coins,
            diamonds=diamonds,
            recipient_id=recipient_id,
            stream_id=stream_id,
            video_id=video_id,
            comment_id=comment_id,
            balance_coins=balance_coins,
            created_at=created_at,
            message=message,
        )

        gift_sent_out.additional_properties = d
        return gift_sent_out

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
