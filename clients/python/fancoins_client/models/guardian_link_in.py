from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="GuardianLinkIn")


@_attrs_define
class GuardianLinkIn:
    """The host asserts that `guardian_id` is `minor_id`'s guardian (both users exist).

    Attributes:
        minor_id (str):
        guardian_id (str):
        reason (str): the host's basis for the link (audited)
    """

    minor_id: str
    guardian_id: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        minor_id = self.minor_id

        guardian_id = self.guardian_id

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "minor_id": minor_id,
                "guardian_id": guardian_id,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        minor_id = d.pop("minor_id")

        guardian_id = d.pop("guardian_id")

        reason = d.pop("reason")

        guardian_link_in = cls(
            minor_id=minor_id,
            guardian_id=guardian_id,
            reason=reason,
        )

        return guardian_link_in
