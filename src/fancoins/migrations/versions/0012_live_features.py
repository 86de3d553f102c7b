"""live features: battles, gift goals, fan clubs, overlay settings, gift images, messages

Revision ID: 0012
Revises: 0007
Create Date: 2026-12-01

Also points catalogs seeded before the gift artwork existed (images `gifts/<id>.webp`, which
were never shipped) at the SVG files the web app serves.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out rather than imported: a migration must not change when the code does.
Int64 = sa.BigInteger().with_variant(sa.INTEGER(), "sqlite")
# The default gifts whose artwork ships as gifts/<id>.svg.
ARTWORK_GIFTS = ("rose", "panda", "italian_hand", "love_bang", "sun_cream", "rainbow_puke",
                 "concert", "im_very_rich", "drama_queen")


def upgrade() -> None:
    _battles()
    _goals()
    _fan_clubs()
    op.create_table(
        "overlay_settings",
        sa.Column("creator_id", sa.String(length=128), nullable=False),
        sa.Column("widgets", sa.JSON(), nullable=False),
        sa.Column("alert_min_coins", Int64, nullable=False),
        sa.Column("position", sa.String(length=16), nullable=False),
        sa.Column("updated_at_ms", Int64, nullable=False),
        sa.PrimaryKeyConstraint("creator_id", name=op.f("pk_overlay_settings")),
    )
    op.create_table(
        "gift_images",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=32), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("size_bytes", Int64, nullable=False),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_gift_images")),
    )
    with op.batch_alter_table("gifts") as batch:
        batch.add_column(sa.Column("message", sa.String(length=500), nullable=True))
    op.create_index("ix_gifts_video", "gifts", ["video_id", "comment_id"],
                    sqlite_where=sa.text("video_id IS NOT NULL"),
                    postgresql_where=sa.text("video_id IS NOT NULL"))
    op.create_index("ix_videos_created", "videos", ["created_at_ms"])
    _point_catalog_at_svg_artwork()


def _battles() -> None:
    op.create_table(
        "battles",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("inviter_id", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("duration_s", Int64, nullable=False),
        sa.Column("invited_at_ms", Int64, nullable=False),
        sa.Column("invite_expires_at_ms", Int64, nullable=False),
        sa.Column("started_at_ms", Int64, nullable=True),
        sa.Column("ends_at_ms", Int64, nullable=True),
        sa.Column("ended_at_ms", Int64, nullable=True),
        sa.Column("winner_side", sa.String(length=1), nullable=True),
        sa.CheckConstraint("duration_s > 0", name=op.f("ck_battles_duration_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_battles")),
    )
    op.create_index("ix_battles_status_ends", "battles", ["status", "ends_at_ms"])
    op.create_index("ix_battles_status_invite", "battles", ["status", "invite_expires_at_ms"])
    op.create_table(
        "battle_participants",
        sa.Column("battle_id", sa.String(length=64), nullable=False),
        sa.Column("creator_id", sa.String(length=128), nullable=False),
        sa.Column("creator_display_name", sa.String(length=100), nullable=False),
        sa.Column("side", sa.String(length=1), nullable=False),
        sa.Column("stream_id", sa.String(length=64), nullable=True),
        sa.Column("accepted_at_ms", Int64, nullable=True),
        sa.Column("score_coins", Int64, nullable=False),
        sa.Column("open_key", sa.String(length=128), nullable=True),
        sa.CheckConstraint("side IN ('a', 'b')", name=op.f("ck_battle_participants_side_known")),
        sa.CheckConstraint("score_coins >= 0",
                           name=op.f("ck_battle_participants_score_not_negative")),
        sa.PrimaryKeyConstraint("battle_id", "creator_id", name=op.f("pk_battle_participants")),
        sa.UniqueConstraint("open_key", name=op.f("uq_battle_participants_open_key")),
    )
    op.create_index("ix_battle_participants_stream", "battle_participants", ["stream_id"])
    op.create_index("ix_battle_participants_creator", "battle_participants", ["creator_id"])
    op.create_table(
        "battle_supporters",
        sa.Column("battle_id", sa.String(length=64), nullable=False),
        sa.Column("side", sa.String(length=1), nullable=False),
        sa.Column("sender_id", sa.String(length=128), nullable=False),
        sa.Column("sender_display_name", sa.String(length=100), nullable=False),
        sa.Column("coins", Int64, nullable=False),
        sa.PrimaryKeyConstraint("battle_id", "side", "sender_id",
                                name=op.f("pk_battle_supporters")),
    )
    op.create_index("ix_battle_supporters_top", "battle_supporters",
                    ["battle_id", "side", "coins"])


def _goals() -> None:
    op.create_table(
        "stream_goals",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("stream_id", sa.String(length=64), nullable=False),
        sa.Column("creator_id", sa.String(length=128), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("gift_id", sa.String(length=64), nullable=True),
        sa.Column("target", Int64, nullable=False),
        sa.Column("progress", Int64, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.Column("activated_at_ms", Int64, nullable=True),
        sa.Column("deadline_at_ms", Int64, nullable=True),
        sa.Column("ended_at_ms", Int64, nullable=True),
        sa.Column("open_key", sa.String(length=64), nullable=True),
        sa.CheckConstraint("target > 0 AND progress >= 0",
                           name=op.f("ck_stream_goals_amounts_valid")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stream_goals")),
        sa.UniqueConstraint("open_key", name=op.f("uq_stream_goals_open_key")),
    )
    op.create_index("ix_stream_goals_stream", "stream_goals",
                    ["stream_id", "status", "created_at_ms"])
    op.create_index("ix_stream_goals_deadline", "stream_goals", ["status", "deadline_at_ms"])


def _fan_clubs() -> None:
    op.create_table(
        "fan_club_members",
        sa.Column("creator_id", sa.String(length=128), nullable=False),
        sa.Column("member_id", sa.String(length=128), nullable=False),
        sa.Column("member_display_name", sa.String(length=100), nullable=False),
        sa.Column("joined_at_ms", Int64, nullable=False),
        sa.Column("last_active_ms", Int64, nullable=False),
        sa.Column("points", Int64, nullable=False),
        sa.Column("gift_coins", Int64, nullable=False),
        sa.Column("watch_minutes", Int64, nullable=False),
        sa.PrimaryKeyConstraint("creator_id", "member_id", name=op.f("pk_fan_club_members")),
    )
    op.create_index("ix_fan_club_members_points", "fan_club_members", ["creator_id", "points"])
    op.create_index("ix_fan_club_members_member", "fan_club_members", ["member_id"])


def _point_catalog_at_svg_artwork() -> None:
    catalog = sa.table("gift_catalog", sa.column("id", sa.String), sa.column("image", sa.String))
    for gift_id in ARTWORK_GIFTS:
        op.execute(catalog.update()
                   .where(catalog.c.id == gift_id, catalog.c.image == f"gifts/{gift_id}.webp")
                   .values(image=f"gifts/{gift_id}.svg"))


def downgrade() -> None:
    # The artwork fix is kept: the .webp paths it replaced were never served.
    op.drop_index("ix_videos_created", table_name="videos")
    op.drop_index("ix_gifts_video", table_name="gifts")
    with op.batch_alter_table("gifts") as batch:
        batch.drop_column("message")
    op.drop_table("gift_images")
    op.drop_table("overlay_settings")
    op.drop_index("ix_fan_club_members_member", table_name="fan_club_members")
    op.drop_index("ix_fan_club_members_points", table_name="fan_club_members")
    op.drop_table("fan_club_members")
    op.drop_index("ix_stream_goals_deadline", table_name="stream_goals")
    op.drop_index("ix_stream_goals_stream", table_name="stream_goals")
    op.drop_table("stream_goals")
    op.drop_index("ix_battle_supporters_top", table_name="battle_supporters")
    op.drop_table("battle_supporters")
    op.drop_index("ix_battle_participants_creator", table_name="battle_participants")
    op.drop_index("ix_battle_participants_stream", table_name="battle_participants")
    op.drop_table("battle_participants")
    op.drop_index("ix_battles_status_invite", table_name="battles")
    op.drop_index("ix_battles_status_ends", table_name="battles")
    op.drop_table("battles")
