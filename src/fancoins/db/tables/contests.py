"""Battles (LIVE matches) and gift goals. `fancoins.battles` and `fancoins.goals` write them.

Like combos, each ends exactly once across every API process and restart: an open battle
participant holds `open_key` (its creator: one open battle per creator), an active goal holds
`open_key` (its stream: one active goal per stream), and ending is a conditional update that
returns its row to one caller only.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Index, PrimaryKeyConstraint, String, Table

from fancoins.db.tables.base import Int64, metadata

battles = Table(
    "battles",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("inviter_id", String(128), nullable=False),
    Column("status", String(16), nullable=False),  # invited|running|ended|declined|expired
    Column("duration_s", Int64, nullable=False),
    Column("invited_at_ms", Int64, nullable=False),
    Column("invite_expires_at_ms", Int64, nullable=False),
    Column("started_at_ms", Int64, nullable=True),
    Column("ends_at_ms", Int64, nullable=True),
    Column("ended_at_ms", Int64, nullable=True),
    Column("winner_side", String(1), nullable=True),  # a | b; None: a draw (or never ran)
    CheckConstraint("duration_s > 0", name="duration_positive"),
)
# The sweeps: running battles past their end, invitations past their expiry.
Index("ix_battles_status_ends", battles.c.status, battles.c.ends_at_ms)
Index("ix_battles_status_invite", battles.c.status, battles.c.invite_expires_at_ms)

battle_participants = Table(
    "battle_participants",
    metadata,
    Column("battle_id", String(64), nullable=False),
    Column("creator_id", String(128), nullable=False),
    Column("creator_display_name", String(100), nullable=False),
    Column("side", String(1), nullable=False),
    Column("stream_id", String(64), nullable=True),  # the LIVE the creator battles in
    Column("accepted_at_ms", Int64, nullable=True),
    # The running score: gifts counted by LIVE as they commit; replaced by the exact sum
    # from the ledger when the battle ends.
    Column("score_coins", Int64, nullable=False),
    Column("open_key", String(128), nullable=True, unique=True),  # creator id while open
    PrimaryKeyConstraint("battle_id", "creator_id"),
    CheckConstraint("side IN ('a', 'b')", name="side_known"),
    CheckConstraint("score_coins >= 0", name="score_not_negative"),
)
Index("ix_battle_participants_stream", battle_participants.c.stream_id)
Index("ix_battle_participants_creator", battle_participants.c.creator_id)

battle_supporters = Table(
    "battle_supporters",
    metadata,
    Column("battle_id", String(64), nullable=False),
    Column("side", String(1), nullable=False),
    Column("sender_id", String(128), nullable=False),
    Column("sender_display_name", String(100), nullable=False),
    Column("coins", Int64, nullable=False),
    PrimaryKeyConstraint("battle_id", "side", "sender_id"),
)
Index("ix_battle_supporters_top", battle_supporters.c.battle_id, battle_supporters.c.side,
      battle_supporters.c.coins)

stream_goals = Table(
    "stream_goals",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("stream_id", String(64), nullable=False),
    Column("creator_id", String(128), nullable=False),
    Column("title", String(100), nullable=False),
    Column("kind", String(16), nullable=False),  # coins | gift_count
    Column("gift_id", String(64), nullable=True),  # for gift_count
    Column("target", Int64, nullable=False),
    Column("progress", Int64, nullable=False),
    Column("status", String(16), nullable=False),  # queued|active|completed|expired|cancelled
    Column("created_at_ms", Int64, nullable=False),
    Column("activated_at_ms", Int64, nullable=True),
    Column("deadline_at_ms", Int64, nullable=True),
    Column("ended_at_ms", Int64, nullable=True),
    Column("open_key", String(64), nullable=True, unique=True),  # stream id while active
    CheckConstraint("target > 0 AND progress >= 0", name="amounts_valid"),
)
Index("ix_stream_goals_stream", stream_goals.c.stream_id, stream_goals.c.status,
      stream_goals.c.created_at_ms)
Index("ix_stream_goals_deadline", stream_goals.c.status, stream_goals.c.deadline_at_ms)
