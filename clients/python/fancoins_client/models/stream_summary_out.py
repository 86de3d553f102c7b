from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.stream_gifter_out import StreamGifterOut


T = TypeVar("T", bound="StreamSummaryOut")


@_attrs_define
class StreamSummaryOut:
    """A LIVE as its creator looks back on it: how long, what it received, who gave most,
    the most viewers watching at once.

        Attributes:
            id (str):
            creator_id (str):
            title (str):
            status (str):
            started_at (datetime.datetime):
            ended_at (datetime.datetime | None):
            gifts_count (int):
            diamonds (int):
            coins (int):
            duration_s (int):
            top_gifters (list[StreamGifterOut]):
            viewers (int | None | Unset):
            peak_viewers (int | None | Unset):
    """

    id: str
    creator_id: str
    title: str
    status: str
    started_at: datetime.datetime
    ended_at: datetime.datetime | None
    gifts_count: int
    diamonds: int
    coins: int
    duration_s: int
    top_gifters: list[StreamGifterOut]
    viewers: int | None | Unset = UNSET
    peak_viewers: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        creator_id = self.creator_id

        title = self.title

        status = self.status

        started_at = self.started_at.isoformat()

        ended_at: None | str
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        gifts_count = self.gifts_count

        diamonds = self.diamonds

        coins = self.coins

        duration_s = self.duration_s

        top_gifters = []
        for top_gifters_item_data in self.top_gifters:
            top_gifters_item = top_gifters_item_data.to_dict()
            top_gifters.append(top_gifters_item)

        viewers: int | None | Unset
        if isinstance(self.viewers, Unset):
            viewers = UNSET
        else:
            viewers = self.viewers

        peak_viewers: int | None | Unset
        if isinstance(self.peak_viewers, Unset):
            peak_viewers = UNSET
        else:
            peak_viewers = self.peak_viewers

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "creator_id": creator_id,
                "title": title,
                "status": status,
                "started_at": started_at,
                "ended_at": ended_at,
                "gifts_count": gifts_count,
                "diamonds": diamonds,
                "coins": coins,
                "duration_s": duration_s,
                "top_gifters": top_gifters,
            }
        )
        if viewers is not UNSET:
            field_dict["viewers"] = viewers
        if peak_viewers is not UNSET:
            field_dict["peak_viewers"] = peak_viewers

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.stream_gifter_out import StreamGifterOut

        d = dict(src_dict)
        id = d.pop("id")

        creator_id = d.pop("creator_id")

        title = d.pop("title")

        status = d.pop("status")

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

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

        gifts_count = d.pop("gifts_count")

        diamonds = d.pop("diamonds")

        coins = d.pop("coins")

        duration_s = d.pop("duration_s")

        top_gifters = []
        _top_gifters = d.pop("top_gifters")
        for top_gifters_item_data in _top_gifters:
            top_gifters_item = StreamGifterOut.from_dict(top_gifters_item_data)

            top_gifters.append(top_gifters_item)

        def _parse_viewers(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        viewers = _parse_viewers(d.pop("viewers", UNSET))

        def _parse_peak_viewers(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        peak_viewers = _parse_peak_viewers(d.pop("peak_viewers", UNSET))

        stream_summary_out = cls(
            id=id,
            creator_id=creator_id,
            title=title,
            status=status,
            started_at=started_at,
            ended_at=ended_at,
            gifts_count=gifts_count,
            diamonds=diamonds,
            coins=coins,
            duration_s=duration_s,
            top_gifters=top_gifters,
            viewers=viewers,
            peak_viewers=peak_viewers,
        )

        stream_summary_out.additional_properties = d
        return stream_summary_out

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
