"""What an API key or token may do."""

from __future__ import annotations

import enum


class Scope(enum.StrEnum):
    ADMIN = "admin"
    USERS_READ = "users:read"
    USERS_WRITE = "users:write"
    LEDGER_READ = "ledger:read"
    PURCHASES_WRITE = "purchases:write"
    GIFTS_WRITE = "gifts:write"
    STREAMS_WRITE = "streams:write"
    PROMOTIONS_WRITE = "promotions:write"
    WEBHOOKS_WRITE = "webhooks:write"  # register and manage webhook endpoints
