from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.message_out_body import MessageOutBody


T = TypeVar("T", bound="MessageOut")


@_attrs_define
class MessageOut:
    """
    Attributes:
        id (UUID):
        type_ (str):
        subject (str):
        event_count (int):
        body (MessageOutBody): Exactly what was signed and sent
        created_at (datetime.datetime):
    """

    id: UUID
    type_: str
    subject: str
    event_count: int
    body: MessageOutBody
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        type_ = self.type_

        subject = self.subject

        event_count = self.event_count

        body = self.body.to_dict()

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "subject": subject,
                "event_count": event_count,
                "body": body,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.message_out_body import MessageOutBody

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        type_ = d.pop("type")

        subject = d.pop("subject")

        event_count = d.pop("event_count")

        body = MessageOutBody.from_dict(d.pop("body"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        message_out = cls(
            id=id,
            type_=type_,
            subject=subject,
            event_count=event_count,
            body=body,
            created_at=created_at,
        )

        message_out.additional_properties = d
        return message_out

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
