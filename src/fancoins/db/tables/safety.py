"""Users' own coin spending limits and what they spent per window. `fancoins.safety` writes them."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, String, Table

from fancoins.db.tables.base import Int64, metadata

# NULL limit: no limit. A raise waits out the cooling-off in the pending_* columns.
spend_limits = Table(
    "spend_limits",
    metadata,
    Column("user_id", String(128), primary_key=True),
    Column("daily_coins", Int64, nullable=True),
    Column("weekly_coins", Int64, nullable=True),
    Column("monthly_coins", Int64, nullable=True),
    Column("pending", Boolean, nullable=False, default=False),
    Column("pending_daily_coins", Int64, nullable=True),
    Column("pending_weekly_coins", Int64, nullable=True),
    Column("pending_monthly_coins", Int64, nullable=True),
    Column("pending_effective_at_s", Int64, nullable=True),
    Column("updated_at_ms", Int64, nullable=False),
)

# One row per spender: coins spent in the current UTC day, ISO week and month (the window
# keys say which), and over their lifetime (gifter levels).
spend_totals = Table(
    "spend_totals",
    metadata,
    Column("user_id", String(128), primary_key=True),
    Column("day_key", Int64, nullable=False),
    Column("day_coins", Int64, nullable=False),
    Column("week_key", Int64, nullable=False),
    Column("week_coins", Int64, nullable=False),
    Column("month_key", Int64, nullable=False),
    Column("month_coins", Int64, nullable=False),
    Column("lifetime_coins", Int64, nullable=False),
    Column("updated_at_ms", Int64, nullable=False),
)
