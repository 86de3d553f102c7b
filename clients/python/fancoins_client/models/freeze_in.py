from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="FreezeIn")


@_attrs_define
class FreezeIn:
    """
    Attributes:
        frozen (bool):
        reason (str):
    """

    frozen: bool
    reason: str

    def to_dict(self) -> dict[str, Any]:
        frozen = self.frozen

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "frozen": frozen,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        frozen = d.pop("frozen")

        reason = d.pop("reason")

        freeze_in = cls(
            frozen=frozen,
            reason=reason,
        )

        return freeze_in
