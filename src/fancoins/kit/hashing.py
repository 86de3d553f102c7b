"""The one request digest behind every idempotency key, the gift writer's bulk path included:
what a request asks for, canonically encoded (sorted keys), hashed. Two requests with the same
digest under one key are the same request; a different digest is a reused key."""

from __future__ import annotations

import hashlib
from typing import Any

import orjson


def request_digest(request: Any) -> str:
    """32 hex digits. `request` is JSON-like (dicts, lists, str, int, bool, None, UUID)."""
    canonical = orjson.dumps(request, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS,
                             default=str)
    return hashlib.blake2b(canonical, digest_size=16).hexdigest()


def scoped_key(owner: str, key: str) -> str:
    """An idempotency key as stored: clients choose keys per actor (a user, an API key, an
    operator), so two actors' equal keys never meet; hashed so any owner and key fit."""
    return hashlib.sha256(f"{owner}\x00{key}".encode()).hexdigest()
