"""gift catalog, streams, videos, gifts, spending limits

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Int64 = sa.BigInteger().with_variant(sa.INTEGER(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "gift_catalog",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("price_coins", Int64, nullable=False),
        sa.Column("streakable", sa.Boolean(), nullable=False),
        sa.Column("image", sa.String(length=2048), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("countries", sa.JSON(), nullable=True),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.Column("updated_at_ms", Int64, nullable=False),
        sa.CheckConstraint("price_coins > 0", name=op.f("ck_gift_catalog_price_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gift_catalog")),
    )
    op.create_table(
        "gifts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("sender_id", sa.String(length=128), nullable=False),
        sa.Column("recipient_id", sa.String(length=128), nullable=False),
        sa.Column("stream_id", sa.String(length=64), nullable=True),
        sa.Column("video_id", sa.String(length=64), nullable=True),
        sa.Column("comment_id", sa.String(length=64), nullable=True),
        sa.Column("gift_id", sa.String(length=64), nullable=False),
        sa.Column("price_coins", Int64, nullable=False),
        sa.Column("count", Int64, nullable=False),
        sa.Column("coins", Int64, nullable=False),
        sa.Column("diamonds", Int64, nullable=False),
        sa.Column("revenue_share", sa.String(length=96), nullable=False),
        sa.Column("sender_balance_after_coins", Int64, nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=32), nullable=False),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.CheckConstraint(
            "count > 0 AND coins > 0 AND diamonds >= 0", name=op.f("ck_gifts_amounts_valid")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gifts")),
        sa.UniqueConstraint("sender_id", "idempotency_key", name="uq_gifts_sender_key"),
    )
    op.create_index("ix_gifts_recipient_created", "gifts", ["recipient_id", "created_at_ms"])
    op.create_index("ix_gifts_stream", "gifts", ["stream_id"])
    _create_streams()
    _create_safety()


def _create_streams() -> None:
    op.create_table(
        "streams",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("creator_id", sa.String(length=128), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("started_at_ms", Int64, nullable=False),
        sa.Column("ended_at_ms", Int64, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_streams")),
    )
    op.create_index("ix_streams_creator_status", "streams", ["creator_id", "status"])
    op.create_index("ix_streams_status_started", "streams", ["status", "started_at_ms"])
    op.create_index("uq_streams_one_live_per_creator", "streams", ["creator_id"], unique=True,
                    sqlite_where=sa.text("status = 'live'"),
                    postgresql_where=sa.text("status = 'live'"))
    op.create_table(
        "videos",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("creator_id", sa.String(length=128), nullable=False),
        sa.Column("caption", sa.String(length=500), nullable=False),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_videos")),
    )
    op.create_index("ix_videos_creator", "videos", ["creator_id"])
    op.create_table(
        "comments",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("video_id", sa.String(length=64), nullable=False),
        sa.Column("author_id", sa.String(length=128), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
    )
    op.create_index("ix_comments_video", "comments", ["video_id", "created_at_ms"])


def _create_safety() -> None:
    op.create_table(
        "spend_limits",
        sa.Column("user_id", sa.String(length=128), nullable=False),
        sa.Column("daily_coins", Int64, nullable=True),
        sa.Column("weekly_coins", Int64, nullable=True),
        sa.Column("monthly_coins", Int64, nullable=True),
        sa.Column("pending", sa.Boolean(), nullable=False),
        sa.Column("pending_daily_coins", Int64, nullable=True),
        sa.Column("pending_weekly_coins", Int64, nullable=True),
        sa.Column("pending_monthly_coins", Int64, nullable=True),
        sa.Column("pending_effective_at_s", Int64, nullable=True),
        sa.Column("updated_at_ms", Int64, nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_spend_limits")),
    )
    op.create_table(
        "spend_totals",
        sa.Column("user_id", sa.String(length=128), nullable=False),
        sa.Column("day_key", Int64, nullable=False),
        sa.Column("day_coins", Int64, nullable=False),
        sa.Column("week_key", Int64, nullable=False),
        sa.Column("week_coins", Int64, nullable=False),
        sa.Column("month_key", Int64, nullable=False),
        sa.Column("month_coins", Int64, nullable=False),
        sa.Column("lifetime_coins", Int64, nullable=False),
        sa.Column("updated_at_ms", Int64, nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_spend_totals")),
    )


def downgrade() -> None:
    op.drop_table("spend_totals")
    op.drop_table("spend_limits")
    op.drop_index("ix_comments_video", table_name="comments")
    op.drop_table("comments")
    op.drop_index("ix_videos_creator", table_name="videos")
    op.drop_table("videos")
    op.drop_index("uq_streams_one_live_per_creator", table_name="streams")
    op.drop_index("ix_streams_status_started", table_name="streams")
    op.drop_index("ix_streams_creator_status", table_name="streams")
    op.drop_table("streams")
    op.drop_index("ix_gifts_stream", table_name="gifts")
    op.drop_index("ix_gifts_recipient_created", table_name="gifts")
    op.drop_table("gifts")
    op.drop_table("gift_catalog")
