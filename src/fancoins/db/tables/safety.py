"""Limits on spending and buying, what was spent, restrictions (freezes and bans), guardian
links and counted refunds. `fancoins.safety` writes them."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, String, Table, UniqueConstraint, Uuid

from fancoins.db.tables.base import Int64, metadata

# A user's own coin spending limits. NULL: no limit. A raise waits out the cooling-off in
# the pending_* columns.
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

# Every other limit, by who set it (`holder`: the user, or a guardian for a minor) and what
# it bounds (`kind`: coins spent, or money spent buying coins, in `currency`). NULL window: no
# limit; 0: nothing at all. A loosening waits out the cooling-off in the pending_* columns.
limit_sets = Table(
    "limit_sets",
    metadata,
    Column("user_id", String(128), primary_key=True),
    Column("holder", String(16), primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("currency", String(3), nullable=True),
    Column("daily", Int64, nullable=True),
    Column("weekly", Int64, nullable=True),
    Column("monthly", Int64, nullable=True),
    Column("pending", Boolean, nullable=False, default=False),
    Column("pending_currency", String(3), nullable=True),
    Column("pending_daily", Int64, nullable=True),
    Column("pending_weekly", Int64, nullable=True),
    Column("pending_monthly", Int64, nullable=True),
    Column("pending_effective_at_s", Int64, nullable=True),
    Column("updated_by", String(160), nullable=True),
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

# Freezes (scope "all") and transaction bans (one scope). In force while not lifted and not
# past `until_ms` (NULL: until lifted); the expiry job marks a lapsed one lifted.
restrictions = Table(
    "restrictions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", String(128), nullable=False),
    Column("scope", String(16), nullable=False),
    Column("reason", String(500), nullable=False),
    Column("source", String(32), nullable=False),
    Column("created_by", String(160), nullable=False),
    Column("created_at_ms", Int64, nullable=False),
    Column("until_ms", Int64, nullable=True),
    Column("lifted_at_ms", Int64, nullable=True),
    Column("lifted_by", String(160), nullable=True),
    Column("lift_reason", String(500), nullable=True),
)
Index("ix_restrictions_user_id", restrictions.c.user_id, restrictions.c.lifted_at_ms)
Index("ix_restrictions_until_ms", restrictions.c.until_ms)

# A minor's guardians, asserted by the host: at most two (slots 1 and 2, so two links made at
# once can never make a third).
guardian_links = Table(
    "guardian_links",
    metadata,
    Column("minor_id", String(128), primary_key=True),
    Column("slot", Int64, primary_key=True),
    Column("guardian_id", String(128), nullable=False),
    Column("linked_by", String(160), nullable=False),
    Column("linked_at_ms", Int64, nullable=False),
    UniqueConstraint("minor_id", "guardian_id", name="uq_guardian_links_minor_guardian"),
)
Index("ix_guardian_links_guardian_id", guardian_links.c.guardian_id)

# Refunds and chargebacks per buyer, each counted once by its store-side id: enough of them
# within the window block buying for a while.
refund_marks = Table(
    "refund_marks",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("user_id", String(128), nullable=False),
    Column("purchase_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("at_ms", Int64, nullable=False),
)
Index("ix_refund_marks_user_id", refund_marks.c.user_id, refund_marks.c.at_ms)
