"""live: combos, boards, viewer presence

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

Boards are computed from the gifts table and viewer presence lives in memory or Redis, so
the only LIVE table is the combos one (each combo ends exactly once, across restarts).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Int64 = sa.BigInteger().with_variant(sa.INTEGER(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "live_combos",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("stream_id", sa.String(length=64), nullable=False),
        sa.Column("sender_id", sa.String(length=128), nullable=False),
        sa.Column("sender_display_name", sa.String(length=100), nullable=False),
        sa.Column("sender_lifetime_coins", Int64, nullable=False),
        sa.Column("gift_id", sa.String(length=64), nullable=False),
        sa.Column("gift_name", sa.String(length=64), nullable=False),
        sa.Column("gift_price_coins", Int64, nullable=False),
        sa.Column("count", Int64, nullable=False),
        sa.Column("coins", Int64, nullable=False),
        sa.Column("diamonds", Int64, nullable=False),
        sa.Column("started_at_ms", Int64, nullable=False),
        sa.Column("last_at_ms", Int64, nullable=False),
        sa.Column("ended_at_ms", Int64, nullable=True),
        sa.Column("open_key", sa.String(length=200), nullable=True),
        sa.CheckConstraint("count > 0 AND coins > 0 AND diamonds >= 0",
                           name=op.f("ck_live_combos_amounts_valid")),
        sa.CheckConstraint("(open_key IS NULL) = (ended_at_ms IS NOT NULL)",
                           name=op.f("ck_live_combos_open_xor_ended")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_combos")),
        sa.UniqueConstraint("open_key", name=op.f("uq_live_combos_open_key")),
    )
    op.create_index("ix_live_combos_open_last", "live_combos", ["ended_at_ms", "last_at_ms"])
    op.create_index("ix_live_combos_stream", "live_combos", ["stream_id", "ended_at_ms"])


def downgrade() -> None:
    op.drop_index("ix_live_combos_stream", table_name="live_combos")
    op.drop_index("ix_live_combos_open_last", table_name="live_combos")
    op.drop_table("live_combos")
