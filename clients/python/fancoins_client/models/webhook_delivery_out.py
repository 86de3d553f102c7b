from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_delivery_out_state import WebhookDeliveryOutState

T = TypeVar("T", bound="WebhookDeliveryOut")


@_attrs_define
class WebhookDeliveryOut:
    """
    Attributes:
        id (UUID):
        endpoint_id (UUID):
        message_id (UUID): The webhook-id header: the same on every retry
        type_ (str):
        seq (int): Dispatch order
        ordering_key (None | str):
        state (WebhookDeliveryOutState):
        attempts (int):
        next_attempt_at (datetime.datetime | None): When pending: the next attempt
        last_status (int | None):
        last_error (None | str):
        last_attempt_at (datetime.datetime | None):
        finished_at (datetime.datetime | None):
        created_at (datetime.datetime):
    """

    id: UUID
    endpoint_id: UUID
    message_id: UUID
    type_: str
    seq: int
    ordering_key: None | str
    state: WebhookDeliveryOutState
    attempts: int
    next_attempt_at: datetime.datetime | None
    last_status: int | None
    last_error: None | str
    last_attempt_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        endpoint_id = str(self.endpoint_id)

        message_id = str(self.message_id)

        type_ = self.type_

        seq = self.seq

        ordering_key: None | str
        ordering_key = self.ordering_key

        state = self.state.value

        attempts = self.attempts

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        last_status: int | None
        last_status = self.last_status

        last_error: None | str
        last_error = self.last_error

        last_attempt_at: None | str
        if isinstance(self.last_attempt_at, datetime.datetime):
            last_attempt_at = self.last_attempt_at.isoformat()
        else:
            last_attempt_at = self.last_attempt_at

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "endpoint_id": endpoint_id,
                "message_id": message_id,
                "type": type_,
                "seq": seq,
                "ordering_key": ordering_key,
                "state": state,
                "attempts": attempts,
                "next_attempt_at": next_attempt_at,
                "last_status": last_status,
                "last_error": last_error,
                "last_attempt_at": last_attempt_at,
                "finished_at": finished_at,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        endpoint_id = UUID(d.pop("endpoint_id"))

        message_id = UUID(d.pop("message_id"))

        type_ = d.pop("type")

        seq = d.pop("seq")

        def _parse_ordering_key(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ordering_key = _parse_ordering_key(d.pop("ordering_key"))

        state = WebhookDeliveryOutState(d.pop("state"))

        attempts = d.pop("attempts")

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))

        def _parse_last_status(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        last_status = _parse_last_status(d.pop("last_status"))

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        def _parse_last_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_attempt_at = _parse_last_attempt_at(d.pop("last_attempt_at"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        webhook_delivery_out = cls(
            id=id,
            endpoint_id=endpoint_id,
            message_id=message_id,
            type_=type_,
            seq=seq,
            ordering_key=ordering_key,
            state=state,
            attempts=attempts,
            next_attempt_at=next_attempt_at,
            last_status=last_status,
            last_error=last_error,
            last_attempt_at=last_attempt_at,
            finished_at=finished_at,
            created_at=created_at,
        )

        webhook_delivery_out.additional_properties = d
        return webhook_delivery_out

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
