"""Cursor pages: clients pass back the opaque `next_cursor` they were given, never build one.

Every list uses the kit's one cursor shape (`fancoins.kit.pagination`): the sort key of the
last row seen and its id. Pages of time-ordered rows (UUIDv7 ids) walk backwards from the
newest; pages of named rows (accounts) walk forwards by id. A cursor of another shape (from
before this one) is refused with 400 cursor-invalid.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Query

from fancoins.config import Settings
from fancoins.kit.pagination import CursorInvalid, Page, Position, page_of
from fancoins.kit.pagination import decode_cursor as decode_position

T = TypeVar("T")

Cursor = Annotated[str | None, Query(max_length=512, description="next_cursor of a previous page")]
Limit = Annotated[int | None, Query(ge=1, le=10_000, description="page size (bounded by config)")]


def page_size(settings: Settings, limit: int | None) -> int:
    return min(limit or settings.http.page_size_default, settings.http.page_size_max)


def after_id(cursor: str | None) -> str | None:
    """The id a by-id page continues after, or None for the first page."""
    found = decode_position(cursor)
    return None if found is None else found.id


def uuid_of(cursor: str | None) -> uuid.UUID | None:
    """The UUID a newest-first page continues below, or None for the first page."""
    found = decode_position(cursor)
    if found is None:
        return None
    try:
        return uuid.UUID(found.id)
    except ValueError:
        raise CursorInvalid() from None


def by_id(row: Any) -> Position:
    """Where a page of rows ordered by their id alone continues."""
    return Position(None, str(row.id))


def cut(rows: Sequence[T], size: int, key: Callable[[T], Position] = by_id) -> Page[T]:
    """A page of at most `size` rows from `rows` fetched with `size + 1` as the limit."""
    return page_of(rows, size, key)


# --- the older dict cursor, kept for the lists that have not moved to the kit's shape ---


def encode_cursor(position: dict[str, Any]) -> str:
    raw = json.dumps(position, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict[str, Any] | None:
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        found = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise CursorInvalid() from None
    if not isinstance(found, dict):
        raise CursorInvalid()
    return found
