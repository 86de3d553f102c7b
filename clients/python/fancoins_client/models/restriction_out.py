from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RestrictionOut")


@_attrs_define
class RestrictionOut:
    """
    Attributes:
        id (UUID):
        user_id (str):
        scope (str):
        reason (str):
        source (str):
        created_by (str):
        created_at (datetime.datetime):
        lifted_by (None | str):
        lift_reason (None | str):
        state (str): in_force | lifted | expired
        until (datetime.datetime | None | Unset):
        lifted_at (datetime.datetime | None | Unset):
    """

    id: UUID
    user_id: str
    scope: str
    reason: str
    source: str
    created_by: str
    created_at: datetime.datetime
    lifted_by: None | str
    lift_reason: None | str
    state: str
    until: datetime.datetime | None | Unset = UNSET
    lifted_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        user_id = self.user_id

        scope = self.scope

        reason = self.reason

        source = self.source

        created_by = self.created_by

        created_at = self.created_at.isoformat()

        lifted_by: None | str
        lifted_by = self.lifted_by

        lift_reason: None | str
        lift_reason = self.lift_reason

        state = self.state

        until: None | str | Unset
        if isinstance(self.until, Unset):
            until = UNSET
        elif isinstance(self.until, datetime.datetime):
            until = self.until.isoformat()
        else:
            until = self.until

        lifted_at: None | str | Unset
        if isinstance(self.lifted_at, Unset):
            lifted_at = UNSET
        elif isinstance(self.lifted_at, datetime.datetime):
            lifted_at = self.lifted_at.isoformat()
        else:
            lifted_at = self.lifted_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "user_id": user_id,
                "scope": scope,
                "reason": reason,
                "source": source,
                "created_by": created_by,
                "created_at": created_at,
                "lifted_by": lifted_by,
                "lift_reason": lift_reason,
                "state": state,
            }
        )
        if until is not UNSET:
            field_dict["until"] = until
        if lifted_at is not UNSET:
            field_dict["lifted_at"] = lifted_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        user_id = d.pop("user_id")

        scope = d.pop("scope")

        reason = d.pop("reason")

        source = d.pop("source")

        created_by = d.pop("created_by")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_lifted_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        lifted_by = _parse_lifted_by(d.pop("lifted_by"))

        def _parse_lift_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        lift_reason = _parse_lift_reason(d.pop("lift_reason"))

        state = d.pop("state")

        def _parse_until(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                until_type_0 = datetime.datetime.fromisoformat(data)

                return until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        until = _parse_until(d.pop("until", UNSET))

        def _parse_lifted_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                lifted_at_type_0 = datetime.datetime.fromisoformat(data)

                return lifted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        lifted_at = _parse_lifted_at(d.pop("lifted_at", UNSET))

        restriction_out = cls(
            id=id,
            user_id=user_id,
            scope=scope,
            reason=reason,
            source=source,
            created_by=created_by,
            created_at=created_at,
            lifted_by=lifted_by,
            lift_reason=lift_reason,
            state=state,
            until=until,
            lifted_at=lifted_at,
        )

        restriction_out.additional_properties = d
        return restriction_out

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
