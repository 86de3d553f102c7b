"""Creator payout methods, withdrawals and the PayPal webhook events already handled."""

from __future__ import annotations

from sqlalchemy import Column, Index, String, Table, UniqueConstraint, Uuid

from fancoins.db.tables.base import Int64, metadata

payout_methods = Table(
    "payout_methods",
    metadata,
    Column("user_id", String(128), primary_key=True),
    Column("paypal_email", String(254), nullable=False),
    Column("updated_at_ms", Int64, nullable=False),
)

withdrawals = Table(
    "withdrawals",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", String(128), nullable=False),
    Column("status", String(16), nullable=False),
    Column("amount_minor", Int64, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("diamonds", Int64, nullable=False),
    Column("paypal_email", String(254), nullable=False),
    # Derived from the id: PayPal refuses a reused one, so a retry can never pay twice.
    Column("sender_batch_id", String(64), nullable=False, unique=True),
    Column("diamonds_pending_id", Uuid, nullable=False),
    Column("cash_pending_id", Uuid, nullable=False),
    Column("payout_batch_id", String(64), nullable=True),
    Column("payout_item_id", String(64), nullable=True),
    Column("submit_attempts", Int64, nullable=False, default=0),
    Column("last_error", String(300), nullable=True),
    Column("created_at_ms", Int64, nullable=False),
    Column("updated_at_ms", Int64, nullable=False),
)
Index("ix_withdrawals_user_created", withdrawals.c.user_id, withdrawals.c.created_at_ms)
Index("ix_withdrawals_status_created", withdrawals.c.status, withdrawals.c.created_at_ms)
Index("ix_withdrawals_payout_batch_id", withdrawals.c.payout_batch_id)

# One row per PayPal event id: a redelivered event is recognised and changes nothing.
paypal_webhook_events = Table(
    "paypal_webhook_events",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("event_type", String(64), nullable=False),
    Column("withdrawal_id", Uuid, nullable=True),
    Column("outcome", String(32), nullable=False),
    Column("received_at_ms", Int64, nullable=False),
)

# Diamonds taken back from creators because the coins of a gift were refunded: one row per
# refund and gift, recorded in the refund's transaction. `gift_created_at_ms` lets the hold
# computation take clawed diamonds out of "earned within the hold period" first.
diamond_clawbacks = Table(
    "diamond_clawbacks",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("refund_id", Uuid, nullable=False),
    Column("gift_event_id", Uuid, nullable=False),
    Column("creator_id", String(128), nullable=False),
    Column("gift_created_at_ms", Int64, nullable=False),
    Column("coins", Int64, nullable=False),  # the gift's coins this refund paid for
    Column("diamonds", Int64, nullable=False),
    Column("created_at_ms", Int64, nullable=False),
    UniqueConstraint("refund_id", "gift_event_id", name="uq_diamond_clawbacks_refund_gift"),
)
Index("ix_diamond_clawbacks_gift", diamond_clawbacks.c.gift_event_id)
Index("ix_diamond_clawbacks_creator", diamond_clawbacks.c.creator_id,
      diamond_clawbacks.c.gift_created_at_ms)
