"""Fan club memberships. `fancoins.fanclubs` writes them (from LIVE's tick and presence).

A membership's level and lapse are worked out from `points` and `last_active_ms` when read
(the rules are the economy file's), so nothing has to sweep memberships as days pass.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, PrimaryKeyConstraint, String, Table

from fancoins.db.tables.base import Int64, metadata

fan_club_members = Table(
    "fan_club_members",
    metadata,
    Column("creator_id", String(128), nullable=False),
    Column("member_id", String(128), nullable=False),
    Column("member_display_name", String(100), nullable=False),
    Column("joined_at_ms", Int64, nullable=False),
    Column("last_active_ms", Int64, nullable=False),
    Column("points", Int64, nullable=False),
    Column("gift_coins", Int64, nullable=False),
    Column("watch_minutes", Int64, nullable=False),
    PrimaryKeyConstraint("creator_id", "member_id"),
)
# A creator's members, most points first; a viewer's clubs.
Index("ix_fan_club_members_points", fan_club_members.c.creator_id, fan_club_members.c.points)
Index("ix_fan_club_members_member", fan_club_members.c.member_id)
