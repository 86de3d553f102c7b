"""Coin-paid video promotions and the deliveries the host's ad server reports."""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Uuid

from fancoins.db.tables.base import Int64, metadata

promotions = Table(
    "promotions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", String(128), nullable=False),
    Column("video_id", String(128), nullable=False),
    Column("objective", String(32), nullable=False),
    Column("audience", JSON, nullable=False),
    Column("status", String(16), nullable=False),  # active, ended, canceled
    Column("budget_coins", Int64, nullable=False),
    Column("charged_coins", Int64, nullable=False, default=0),
    Column("returned_coins", Int64, nullable=False, default=0),
    # The open pending transfer holding what is left of the budget (None once settled).
    Column("hold_transfer_id", Uuid, nullable=True),
    Column("days", Int64, nullable=False),
    Column("reach_low_views", Int64, nullable=False),
    Column("reach_high_views", Int64, nullable=False),
    Column("views", Int64, nullable=False, default=0),
    Column("followers", Int64, nullable=False, default=0),
    Column("profile_visits", Int64, nullable=False, default=0),
    Column("starts_at_ms", Int64, nullable=False),
    Column("ends_at_ms", Int64, nullable=False),
    Column("settled_at_ms", Int64, nullable=True),
    Column("created_at_ms", Int64, nullable=False),
)
Index("ix_promotions_user_created", promotions.c.user_id, promotions.c.created_at_ms)
Index("ix_promotions_status_ends", promotions.c.status, promotions.c.ends_at_ms)

promotion_deliveries = Table(
    "promotion_deliveries",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("promotion_id", Uuid, ForeignKey("promotions.id"), nullable=False),
    Column("views", Int64, nullable=False),
    Column("followers", Int64, nullable=False),
    Column("profile_visits", Int64, nullable=False),
    Column("cost_coins", Int64, nullable=False),  # what the ad server says it cost
    Column("charged_coins", Int64, nullable=False),  # what was charged (never past the budget)
    Column("created_at_ms", Int64, nullable=False),
)
Index("ix_promotion_deliveries_promotion", promotion_deliveries.c.promotion_id,
      promotion_deliveries.c.created_at_ms)
