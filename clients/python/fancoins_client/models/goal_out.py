from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.goal_out_status import GoalOutStatus

T = TypeVar("T", bound="GoalOut")


@_attrs_define
class GoalOut:
    """
    Attributes:
        id (str):
        stream_id (str):
        creator_id (str):
        title (str):
        kind (str):
        gift_id (None | str):
        target (int):
        progress (int):
        status (GoalOutStatus):
        created_at (datetime.datetime):
        activated_at (datetime.datetime | None):
        deadline (datetime.datetime | None):
        ended_at (datetime.datetime | None):
    """

    id: str
    stream_id: str
    creator_id: str
    title: str
    kind: str
    gift_id: None | str
    target: int
    progress: int
    status: GoalOutStatus
    created_at: datetime.datetime
    activated_at: datetime.datetime | None
    deadline: datetime.datetime | None
    ended_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        stream_id = self.stream_id

        creator_id = self.creator_id

        title = self.title

        kind = self.kind

        gift_id: None | str
        gift_id = self.gift_id

        target = self.target

        progress = self.progress

        status = self.status.value

        created_at = self.created_at.isoformat()

        activated_at: None | str
        if isinstance(self.activated_at, datetime.datetime):
            activated_at = self.activated_at.isoformat()
        else:
            activated_at = self.activated_at

        deadline: None | str
        if isinstance(self.deadline, datetime.datetime):
            deadline = self.deadline.isoformat()
        else:
            deadline = self.deadline

        ended_at: None | str
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "stream_id": stream_id,
                "creator_id": creator_id,
                "title": title,
                "kind": kind,
                "gift_id": gift_id,
                "target": target,
                "progress": progress,
                "status": status,
                "created_at": created_at,
                "activated_at": activated_at,
                "deadline": deadline,
                "ended_at": ended_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        stream_id = d.pop("stream_id")

        creator_id = d.pop("creator_id")

        title = d.pop("title")

        kind = d.pop("kind")

        def _parse_gift_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        gift_id = _parse_gift_id(d.pop("gift_id"))

        target = d.pop("target")

        progress = d.pop("progress")

        status = GoalOutStatus(d.pop("status"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_activated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                activated_at_type_0 = datetime.datetime.fromisoformat(data)

                return activated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        activated_at = _parse_activated_at(d.pop("activated_at"))

        def _parse_deadline(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deadline_type_0 = datetime.datetime.fromisoformat(data)

                return deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        deadline = _parse_deadline(d.pop("deadline"))

        def _parse_ended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ended_at = _parse_ended_at(d.pop("ended_at"))

        goal_out = cls(
            id=id,
            stream_id=stream_id,
            creator_id=creator_id,
            title=title,
            kind=kind,
            gift_id=gift_id,
            target=target,
            progress=progress,
            status=status,
            created_at=created_at,
            activated_at=activated_at,
            deadline=deadline,
            ended_at=ended_at,
        )

        goal_out.additional_properties = d
        return goal_out

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
