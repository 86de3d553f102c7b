from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.period import Period

if TYPE_CHECKING:
    from ..models.board_entry_out import BoardEntryOut


T = TypeVar("T", bound="BoardOut")


@_attrs_define
class BoardOut:
    """
    Attributes:
        board (str):
        subject_id (None | str):
        period (Period):
        since (datetime.datetime | None):
        as_of (datetime.datetime):
        entries (list[BoardEntryOut]):
    """

    board: str
    subject_id: None | str
    period: Period
    since: datetime.datetime | None
    as_of: datetime.datetime
    entries: list[BoardEntryOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        board = self.board

        subject_id: None | str
        subject_id = self.subject_id

        period = self.period.value

        since: None | str
        if isinstance(self.since, datetime.datetime):
            since = self.since.isoformat()
        else:
            since = self.since

        as_of = self.as_of.isoformat()

        entries = []
        for entries_item_data in self.entries:
            entries_item = entries_item_data.to_dict()
            entries.append(entries_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "board": board,
                "subject_id": subject_id,
                "period": period,
                "since": since,
                "as_of": as_of,
                "entries": entries,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.board_entry_out import BoardEntryOut

        d = dict(src_dict)
        board = d.pop("board")

        def _parse_subject_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subject_id = _parse_subject_id(d.pop("subject_id"))

        period = Period(d.pop("period"))

        def _parse_since(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                since_type_0 = datetime.datetime.fromisoformat(data)

                return since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        since = _parse_since(d.pop("since"))

        as_of = datetime.datetime.fromisoformat(d.pop("as_of"))

        entries = []
        _entries = d.pop("entries")
        for entries_item_data in _entries:
            entries_item = BoardEntryOut.from_dict(entries_item_data)

            entries.append(entries_item)

        board_out = cls(
            board=board,
            subject_id=subject_id,
            period=period,
            since=since,
            as_of=as_of,
            entries=entries,
        )

        board_out.additional_properties = d
        return board_out

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
