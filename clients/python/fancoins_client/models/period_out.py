from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PeriodOut")


@_attrs_define
class PeriodOut:
    """
    Attributes:
        from_ (datetime.date): First day (UTC)
        to (datetime.date): Last day, inclusive
        starts_at (datetime.datetime): Start of the first day
        ends_at (datetime.datetime): End of the last day (exclusive)
        open_ (bool): The period has not ended yet: figures may still change
        timezone (str | Unset):  Default: 'UTC'.
    """

    from_: datetime.date
    to: datetime.date
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    open_: bool
    timezone: str | Unset = "UTC"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        starts_at = self.starts_at.isoformat()

        ends_at = self.ends_at.isoformat()

        open_ = self.open_

        timezone = self.timezone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "to": to,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "open": open_,
            }
        )
        if timezone is not UNSET:
            field_dict["timezone"] = timezone

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        from_ = datetime.date.fromisoformat(d.pop("from"))

        to = datetime.date.fromisoformat(d.pop("to"))

        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))

        ends_at = datetime.datetime.fromisoformat(d.pop("ends_at"))

        open_ = d.pop("open")

        timezone = d.pop("timezone", UNSET)

        period_out = cls(
            from_=from_,
            to=to,
            starts_at=starts_at,
            ends_at=ends_at,
            open_=open_,
            timezone=timezone,
        )

        period_out.additional_properties = d
        return period_out

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
