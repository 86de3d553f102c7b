"""Time-ordered ids made by the application (UUIDv7), so inserts stay local in every index."""

from __future__ import annotations

import uuid

import uuid_utils

from fancoins.kit.clock import now_ms

__all__ = ["new_id", "now_ms"]


def new_id() -> uuid.UUID:
    return uuid.UUID(bytes=uuid_utils.uuid7().bytes)
