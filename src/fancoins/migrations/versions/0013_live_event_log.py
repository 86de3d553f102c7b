"""live: each stream's numbered event log (history on join, resync after a fan-out outage)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out rather than imported: a migration must not change when the code does.
Int64 = sa.BigInteger().with_variant(sa.INTEGER(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "live_frames",
        sa.Column("stream_id", sa.String(length=64), nullable=False),
        sa.Column("seq_last", Int64, nullable=False),
        sa.Column("seq_first", Int64, nullable=False),
        sa.Column("frame_id", sa.Uuid(), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column("committed_at_ms", Int64, nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.CheckConstraint("seq_first >= 1 AND seq_last >= seq_first",
                           name=op.f("ck_live_frames_seq_range")),
        sa.PrimaryKeyConstraint("stream_id", "seq_last", name=op.f("pk_live_frames")),
        sa.UniqueConstraint("frame_id", name=op.f("uq_live_frames_frame_id")),
    )
    op.create_index("ix_live_frames_created", "live_frames", ["created_at_ms"])
    op.create_table(
        "live_stream_heads",
        sa.Column("stream_id", sa.String(length=64), nullable=False),
        sa.Column("seq_last", Int64, nullable=False),
        sa.Column("sends", Int64, nullable=False),
        sa.Column("gift_count", Int64, nullable=False),
        sa.Column("coins", Int64, nullable=False),
        sa.Column("diamonds", Int64, nullable=False),
        sa.Column("ended_seq", Int64, nullable=True),
        sa.Column("updated_at_ms", Int64, nullable=False),
        sa.PrimaryKeyConstraint("stream_id", name=op.f("pk_live_stream_heads")),
    )


def downgrade() -> None:
    op.drop_table("live_stream_heads")
    op.drop_index("ix_live_frames_created", table_name="live_frames")
    op.drop_table("live_frames")
