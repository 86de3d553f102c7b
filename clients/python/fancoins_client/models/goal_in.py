from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.goal_in_kind import GoalInKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="GoalIn")


@_attrs_define
class GoalIn:
    """A goal for a LIVE: a number of coins gifted, or of sends of one gift.

    Attributes:
        title (str):
        kind (GoalInKind):
        target (int):
        gift_id (None | str | Unset): the gift a gift_count goal counts
        deadline (datetime.datetime | None | Unset): optional: the goal expires unmet at this time (with its UTC offset)
    """

    title: str
    kind: GoalInKind
    target: int
    gift_id: None | str | Unset = UNSET
    deadline: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        kind = self.kind.value

        target = self.target

        gift_id: None | str | Unset
        if isinstance(self.gift_id, Unset):
            gift_id = UNSET
        else:
            gift_id = self.gift_id

        deadline: None | str | Unset
        if isinstance(self.deadline, Unset):
            deadline = UNSET
        elif isinstance(self.deadline, datetime.datetime):
            deadline = self.deadline.isoformat()
        else:
            deadline = self.deadline

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "title": title,
                "kind": kind,
                "target": target,
            }
        )
        if gift_id is not UNSET:
            field_dict["gift_id"] = gift_id
        if deadline is not UNSET:
            field_dict["deadline"] = deadline

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        title = d.pop("title")

        kind = GoalInKind(d.pop("kind"))

        target = d.pop("target")

        def _parse_gift_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        gift_id = _parse_gift_id(d.pop("gift_id", UNSET))

        def _parse_deadline(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deadline_type_0 = datetime.datetime.fromisoformat(data)

                return deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        deadline = _parse_deadline(d.pop("deadline", UNSET))

        goal_in = cls(
            title=title,
            kind=kind,
            target=target,
            gift_id=gift_id,
            deadline=deadline,
        )

        return goal_in
