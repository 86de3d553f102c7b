"""The gift catalog and every gift sent. `fancoins.gifts` is their only writer."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Index,
    String,
    Table,
    UniqueConstraint,
    Uuid,
)

from fancoins.db.tables.base import Int64, metadata

# Operators edit the catalog; a gift already sent keeps the price it was sent at (`gifts`).
gift_catalog = Table(
    "gift_catalog",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(64), nullable=False),
    Column("price_coins", Int64, nullable=False),
    Column("streakable", Boolean, nullable=False),
    Column("image", String(2048), nullable=False),
    Column("active", Boolean, nullable=False),
    # None: offered everywhere; otherwise a list of ISO 3166-1 alpha-2 codes.
    Column("countries", JSON, nullable=True),
    Column("created_at_ms", Int64, nullable=False),
    Column("updated_at_ms", Int64, nullable=False),
    CheckConstraint("price_coins > 0", name="price_positive"),
)

# One row per gift sent: what was sent, at which price and revenue-share rule, and the
# sender's idempotency key (this row is the send's idempotency record).
gifts = Table(
    "gifts",
    metadata,
    Column("id", Uuid, primary_key=True),  # also the id of the coin transfer
    Column("sender_id", String(128), nullable=False),
    Column("recipient_id", String(128), nullable=False),
    Column("stream_id", String(64), nullable=True),
    Column("video_id", String(64), nullable=True),
    Column("comment_id", String(64), nullable=True),
    Column("gift_id", String(64), nullable=False),
    Column("price_coins", Int64, nullable=False),  # unit price at send time
    Column("count", Int64, nullable=False),
    Column("coins", Int64, nullable=False),
    Column("diamonds", Int64, nullable=False),
    Column("revenue_share", String(96), nullable=False),
    Column("sender_balance_after_coins", Int64, nullable=False),
    Column("idempotency_key", String(200), nullable=False),
    Column("request_hash", String(32), nullable=False),
    Column("created_at_ms", Int64, nullable=False),
    # A LIVE gift's message (bounded by the gift's tier), shown with the gift.
    Column("message", String(500), nullable=True),
    UniqueConstraint("sender_id", "idempotency_key", name="uq_gifts_sender_key"),
    CheckConstraint("count > 0 AND coins > 0 AND diamonds >= 0", name="amounts_valid"),
)
Index("ix_gifts_recipient_created", gifts.c.recipient_id, gifts.c.created_at_ms)
# A sender's gifts (refunds claw them back) are found through uq_gifts_sender_key, whose first
# column is the sender: a separate (sender_id, created_at_ms) index cost every gift insert an
# index write for a rare read over one sender's few rows.
Index("ix_gifts_stream", gifts.c.stream_id)
# A video's gifted comments and totals. Partial: LIVE gifts (no video) write no entry in it.
Index("ix_gifts_video", gifts.c.video_id, gifts.c.comment_id,
      sqlite_where=gifts.c.video_id.is_not(None), postgresql_where=gifts.c.video_id.is_not(None))
