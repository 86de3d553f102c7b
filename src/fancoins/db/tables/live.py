"""LIVE combos: repeated gifts building one combo. `fancoins.live` is their only writer.

A combo is open while `open_key` holds `<stream id>/<sender id>` (unique: at most one open
combo per sender per stream, across every API process) and ended once `ended_at_ms` is set,
which happens exactly once (a conditional update). Boards are not stored: they are always
computed from the gifts the ledger committed.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Index, String, Table, Uuid

from fancoins.db.tables.base import Int64, metadata

live_combos = Table(
    "live_combos",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("stream_id", String(64), nullable=False),
    Column("sender_id", String(128), nullable=False),
    Column("sender_display_name", String(100), nullable=False),
    Column("sender_lifetime_coins", Int64, nullable=False),
    Column("gift_id", String(64), nullable=False),
    Column("gift_name", String(64), nullable=False),
    Column("gift_price_coins", Int64, nullable=False),
    Column("count", Int64, nullable=False),
    Column("coins", Int64, nullable=False),
    Column("diamonds", Int64, nullable=False),
    Column("started_at_ms", Int64, nullable=False),
    Column("last_at_ms", Int64, nullable=False),
    Column("ended_at_ms", Int64, nullable=True),
    Column("open_key", String(200), nullable=True, unique=True),
    CheckConstraint("count > 0 AND coins > 0 AND diamonds >= 0", name="amounts_valid"),
    CheckConstraint("(open_key IS NULL) = (ended_at_ms IS NOT NULL)", name="open_xor_ended"),
)
# The sweep looks for open combos whose window lapsed: (ended_at_ms IS NULL, last_at_ms < x).
Index("ix_live_combos_open_last", live_combos.c.ended_at_ms, live_combos.c.last_at_ms)
Index("ix_live_combos_stream", live_combos.c.stream_id, live_combos.c.ended_at_ms)
