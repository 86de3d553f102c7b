from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CapsOut")


@_attrs_define
class CapsOut:
    """One set of caps: per window (coins for spending, minor units of `currency` for
    buying), whether it is switched off, and a loosening still cooling off.

        Attributes:
            currency (None | str):
            daily (int | None):
            weekly (int | None):
            monthly (int | None):
            off (bool):
            pending (CapsOut | None | Unset):
            pending_effective_at (datetime.datetime | None | Unset):
    """

    currency: None | str
    daily: int | None
    weekly: int | None
    monthly: int | None
    off: bool
    pending: CapsOut | None | Unset = UNSET
    pending_effective_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currency: None | str
        currency = self.currency

        daily: int | None
        daily = self.daily

        weekly: int | None
        weekly = self.weekly

        monthly: int | None
        monthly = self.monthly

        off = self.off

        pending: dict[str, Any] | None | Unset
        if isinstance(self.pending, Unset):
            pending = UNSET
        elif isinstance(self.pending, CapsOut):
            pending = self.pending.to_dict()
        else:
            pending = self.pending

        pending_effective_at: None | str | Unset
        if isinstance(self.pending_effective_at, Unset):
            pending_effective_at = UNSET
        elif isinstance(self.pending_effective_at, datetime.datetime):
            pending_effective_at = self.pending_effective_at.isoformat()
        else:
            pending_effective_at = self.pending_effective_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currency": currency,
                "daily": daily,
                "weekly": weekly,
                "monthly": monthly,
                "off": off,
            }
        )
        if pending is not UNSET:
            field_dict["pending"] = pending
        if pending_effective_at is not UNSET:
            field_dict["pending_effective_at"] = pending_effective_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        currency = _parse_currency(d.pop("currency"))

        def _parse_daily(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        daily = _parse_daily(d.pop("daily"))

        def _parse_weekly(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        weekly = _parse_weekly(d.pop("weekly"))

        def _parse_monthly(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        monthly = _parse_monthly(d.pop("monthly"))

        off = d.pop("off")

        def _parse_pending(data: object) -> CapsOut | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                pending_type_0 = CapsOut.from_dict(data)

                return pending_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CapsOut | None | Unset, data)

        pending = _parse_pending(d.pop("pending", UNSET))

        def _parse_pending_effective_at(
            data: object,
        ) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                pending_effective_at_type_0 = datetime.datetime.fromisoformat(data)

                return pending_effective_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        pending_effective_at = _parse_pending_effective_at(
            d.pop("pending_effective_at", UNSET)
        )

        caps_out = cls(
            currency=currency,
            daily=daily,
            weekly=weekly,
            monthly=monthly,
            off=off,
            pending=pending,
            pending_effective_at=pending_effective_at,
        )

        caps_out.additional_properties = d
        return caps_out

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
