"""Opaque cursors: clients pass back what they were given, never build their own."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from fancoins.api.problems import Problem


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
        raise Problem(400, "cursor-invalid", "Invalid cursor",
                      "pass back the next_cursor of a previous page") from None
    if not isinstance(position, dict):
        raise Problem(400, "cursor-invalid", "Invalid cursor",
                      "pass back the next_cursor of a previous page")
    return position
