"""Cursor pages: clients pass back the opaque `next_cursor` they were given, never build one.

Pages of time-ordered rows (UUIDv7 ids) walk backwards from the newest: the cursor holds the
last id seen (`before`). Pages of named rows (accounts) walk forwards by id (`after`).
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from typing import Annotated, Any

from fastapi import Query

from fancoins.api.problems import Problem
from fancoins.config import Settings

Cursor = Annotated[str | None, Query(max_length=512, description="next_cursor of a previous page")]
Limit = Annotated[int | None, Query(ge=1, le=10_000, description="page size (bounded by config)")]


def _invalid() -> Problem:
    return Problem(400, "cursor-invalid", "Invalid cursor",
                   "pass back the next_cursor of a previous page")


def encode_cursor(position: dict[str, Any]) -> str:
    raw = json.dumps(position, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict[str, Any] | None:
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        position = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise _invalid() from None
    if not isinstance(position, dict):
        raise _invalid()
    return position


def before_id(cursor: str | None) -> uuid.UUID | None:
    """The id a newest-first page continues below, or None for the first page."""
    position = decode_cursor(cursor)
    if not position or "before" not in position:
        return None
    try:
        return uuid.UUID(str(position["before"]))
    except ValueError:
        raise _invalid() from None


def before_cursor(last_id: uuid.UUID | None) -> str | None:
    """The next_cursor for a newest-first page whose last row is `last_id` (None: no more)."""
    return encode_cursor({"before": str(last_id)}) if last_id is not None else None


def page_size(settings: Settings, limit: int | None) -> int:
    return min(limit or settings.page_size_default, settings.page_size_max)
