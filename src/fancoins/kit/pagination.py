"""Keyset cursors, one shape for every list: an opaque token holding the sort key of the last
row seen and its id. Clients pass back the `next_cursor` they were given, never build one."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import orjson

from fancoins.kit.errors import BadRequest

T = TypeVar("T")


class CursorInvalid(BadRequest):
    slug = "cursor-invalid"
    title = "Invalid cursor"

    def __init__(self) -> None:
        super().__init__("pass back the next_cursor of a previous page")


@dataclass(frozen=True, slots=True)
class Position:
    """Where a page continues: after (or before) the row with this sort key and id."""

    key: int | str | None
    id: str


def encode_cursor(position: Position) -> str:
    raw = orjson.dumps([position.key, position.id])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> Position | None:
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode())
        value = orjson.loads(raw)
    except (binascii.Error, ValueError, orjson.JSONDecodeError):
        raise CursorInvalid() from None
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], str)
            and (value[0] is None or isinstance(value[0], int | str))
            and not isinstance(value[0], bool)):
        raise CursorInvalid()
    return Position(value[0], value[1])


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def page_of(rows: Sequence[T], size: int, key: Callable[[T], Position]) -> Page[T]:
    """Cut `rows` (fetched with `size + 1` as the limit) to a page; the extra row, if any,
    only says that there is a next page. `key(row)` is where the next page continues."""
    items = list(rows[:size])
    if len(rows) <= size or not items:
        return Page(items, None)
    return Page(items, encode_cursor(key(items[-1])))
