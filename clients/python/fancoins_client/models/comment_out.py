from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.comment_gift_out import CommentGiftOut


T = TypeVar("T", bound="CommentOut")


@_attrs_define
class CommentOut:
    """
    Attributes:
        id (str):
        author_id (str):
        author_name (str):
        text (str):
        created_at (datetime.datetime):
        gift (CommentGiftOut | None):
    """

    id: str
    author_id: str
    author_name: str
    text: str
    created_at: datetime.datetime
    gift: CommentGiftOut | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.comment_gift_out import CommentGiftOut

        id = self.id

        author_id = self.author_id

        author_name = self.author_name

        text = self.text

        created_at = self.created_at.isoformat()

        gift: dict[str, Any] | None
        if isinstance(self.gift, CommentGiftOut):
            gift = self.gift.to_dict()
        else:
            gift = self.gift

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "author_id": author_id,
                "author_name": author_name,
                "text": text,
                "created_at": created_at,
                "gift": gift,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.comment_gift_out import CommentGiftOut

        d = dict(src_dict)
        id = d.pop("id")

        author_id = d.pop("author_id")

        author_name = d.pop("author_name")

        text = d.pop("text")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_gift(data: object) -> CommentGiftOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                gift_type_0 = CommentGiftOut.from_dict(data)

                return gift_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CommentGiftOut | None, data)

        gift = _parse_gift(d.pop("gift"))

        comment_out = cls(
            id=id,
            author_id=author_id,
            author_name=author_name,
            text=text,
            created_at=created_at,
            gift=gift,
        )

        comment_out.additional_properties = d
        return comment_out

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
