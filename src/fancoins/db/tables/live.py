"""LIVE tables: combos, and each stream's numbered event log. `fancoins.live` is their only
writer.

A combo is open while `open_key` holds `<stream id>/<sender id>` (unique: at most one open
combo per sender per stream, across every API process) and ended once `ended_at_ms` is set,
which happens exactly once (a conditional update). Boards are not stored: they are always
computed from the gifts the ledger committed.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Index,
    LargeBinary,
    String,
    Table,
    Uuid,
)

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

# Each LIVE's viewer events, numbered and kept for a while: what Redis carries is read back
# from here when a process missed it (a Redis outage, a lost message), and a viewer who joins
# gets the stream's last events from here. One row per frame (the events one tick, board or
# part published for the stream), its events numbered `seq_first`..`seq_last` in the order
# the rows committed. Rows are deleted after `live.log_retention_s`.
live_frames = Table(
    "live_frames",
    metadata,
    Column("stream_id", String(64), primary_key=True),
    Column("seq_last", Int64, primary_key=True),
    Column("seq_first", Int64, nullable=False),
    Column("frame_id", Uuid, nullable=False, unique=True),  # a retried append finds its row
    Column("final", Boolean, nullable=False),  # carries `stream.ended`: the stream's last
    Column("committed_at_ms", Int64, nullable=False),  # its oldest gift's commit, else now
    Column("payload", LargeBinary, nullable=False),  # the frame's JSON, events numbered
    Column("created_at_ms", Int64, nullable=False),
    CheckConstraint("seq_first >= 1 AND seq_last >= seq_first", name="seq_range"),
)
Index("ix_live_frames_created", live_frames.c.created_at_ms)

# Per stream: the last number given (numbers are taken under this row's lock, in the
# transaction that logs the frame, so they are gapless and in commit order), and what the
# logged frames covered of the stream's committed gifts (its end waits until they cover
# every committed gift, so `stream.ended` comes after the last one in every process).
live_stream_heads = Table(
    "live_stream_heads",
    metadata,
    Column("stream_id", String(64), primary_key=True),
    Column("seq_last", Int64, nullable=False),
    Column("sends", Int64, nullable=False),  # gift rows covered by logged frames
    Column("gift_count", Int64, nullable=False),
    Column("coins", Int64, nullable=False),
    Column("diamonds", Int64, nullable=False),
    Column("ended_seq", Int64, nullable=True),  # the final frame's number: logged once
    Column("updated_at_ms", Int64, nullable=False),
)
