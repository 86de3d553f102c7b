from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.restriction_scope import RestrictionScope
from ..types import UNSET, Unset

T = TypeVar("T", bound="RestrictionIn")


@_attrs_define
class RestrictionIn:
    """A freeze (scope `all`) or a ban from one kind of transaction, with a reason the user
    reads and an optional expiry (omit it: until lifted).

        Attributes:
            scope (RestrictionScope):
            reason (str):
            until (datetime.datetime | None | Unset):
    """

    scope: RestrictionScope
    reason: str
    until: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        scope = self.scope.value

        reason = self.reason

        until: None | str | Unset
        if isinstance(self.until, Unset):
            until = UNSET
        elif isinstance(self.until, datetime.datetime):
            until = self.until.isoformat()
        else:
            until = self.until

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "scope": scope,
                "reason": reason,
            }
        )
        if until is not UNSET:
            field_dict["until"] = until

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        scope = RestrictionScope(d.pop("scope"))

        reason = d.pop("reason")

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

        restriction_in = cls(
            scope=scope,
            reason=reason,
            until=until,
        )

        return restriction_in
