"""Time-ordered ids made by the application (UUIDv7), so inserts stay local in every index."""

from __future__ import annotations

import time
import uuid

import uuid_utils


def new_id() -> uuid.UUID:
    return uuid.UUID(bytes=uuid_utils.uuid7().bytes)


def now_ms() -> int:
    return time.time_ns() // 1_000_000
