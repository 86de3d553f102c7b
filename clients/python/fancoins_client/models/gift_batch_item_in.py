from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="GiftBatchItemIn")


@_attrs_define
class GiftBatchItemIn:
    """One gift of a batch: a `POST /v1/gifts/send` body with its own idempotency key.

    Attributes:
        gift_id (str):
        idempotency_key (str):
        count (int | Unset):  Default: 1.
        stream_id (None | str | Unset):
        video_id (None | str | Unset):
        comment_text (None | str | Unset):
        message (None | str | Unset): A LIVE gift's message, shown with the gift (checked against blocked terms and the
            host's moderation before anything is charged). The gift's tier bounds its length: see the economy's gift_tiers.
        sender_id (None | str | Unset):
    """

    gift_id: str
    idempotency_key: str
    count: int | Unset = 1
    stream_id: None | str | Unset = UNSET
    video_id: None | str | Unset = UNSET
    comment_text: None | str | Unset = UNSET
    message: None | str | Unset = UNSET
    sender_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        gift_id = self.gift_id

        idempotency_key = self.idempotency_key

        count = self.count

        stream_id: None | str | Unset
        if isinstance(self.stream_id, Unset):
            stream_id = UNSET
        else:
            stream_id = self.stream_id

        video_id: None | str | Unset
        if isinstance(self.video_id, Unset):
            video_id = UNSET
        else:
            video_id = self.video_id

        comment_text: None | str | Unset
        if isinstance(self.comment_text, Unset):
            comment_text = UNSET
        else:
            comment_text = self.comment_text

        message: None | str | Unset
        if isinstance(self.message, Unset):
            message = UNSET
        else:
            message = self.message

        sender_id: None | str | Unset
        if isinstance(self.sender_id, Unset):
            sender_id = UNSET
        else:
            sender_id = self.sender_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "gift_id": gift_id,
                "idempotency_key": idempotency_key,
            }
        )
        if count is not UNSET:
            field_dict["count"] = count
        if stream_id is not UNSET:
            field_dict["stream_id"] = stream_id
        if video_id is not UNSET:
            field_dict["video_id"] = video_id
        if comment_text is not UNSET:
            field_dict["comment_text"] = comment_text
        if message is not UNSET:
            field_dict["message"] = message
        if sender_id is not UNSET:
            field_dict["sender_id"] = sender_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        gift_id = d.pop("gift_id")

        idempotency_key = d.pop("idempotency_key")

        count = d.pop("count", UNSET)

        def _parse_stream_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stream_id = _parse_stream_id(d.pop("stream_id", UNSET))

        def _parse_video_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        video_id = _parse_video_id(d.pop("video_id", UNSET))

        def _parse_comment_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        comment_text = _parse_comment_text(d.pop("comment_text", UNSET))

        def _parse_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        message = _parse_message(d.pop("message", UNSET))

        def _parse_sender_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sender_id = _parse_sender_id(d.pop("sender_id", UNSET))

        gift_batch_item_in = cls(
            gift_id=gift_id,
            idempotency_key=idempotency_key,
            count=count,
            stream_id=stream_id,
            video_id=video_id,
            comment_text=comment_text,
            message=message,
            sender_id=sender_id,
        )

        return gift_batch_item_in
