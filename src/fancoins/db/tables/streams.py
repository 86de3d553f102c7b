"""LIVE streams, videos and the comments gifts are attached to. `fancoins.streams` writes them."""

from __future__ import annotations

from sqlalchemy import Column, Index, String, Table

from fancoins.db.tables.base import Int64, metadata

streams = Table(
    "streams",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("creator_id", String(128), nullable=False),
    Column("title", String(200), nullable=False),
    Column("status", String(8), nullable=False),  # live | ended
    Column("started_at_ms", Int64, nullable=False),
    Column("ended_at_ms", Int64, nullable=True),
    # The most viewers watching at once, as the LIVE engine counted them at its viewer tick
    # (null: a stream from before it was recorded).
    Column("peak_viewers", Int64, nullable=True),
)
Index("ix_streams_creator_status", streams.c.creator_id, streams.c.status)
# One LIVE per creator at a time, even when two starts race.
Index("uq_streams_one_live_per_creator", streams.c.creator_id, unique=True,
      sqlite_where=streams.c.status == "live", postgresql_where=streams.c.status == "live")
# The LIVE list: live streams, newest first.
Index("ix_streams_status_started", streams.c.status, streams.c.started_at_ms)
# A creator's LIVEs, newest first (the studio pages through them).
Index("ix_streams_creator_started", streams.c.creator_id, streams.c.started_at_ms)

videos = Table(
    "videos",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("creator_id", String(128), nullable=False),
    Column("caption", String(500), nullable=False),
    Column("created_at_ms", Int64, nullable=False),
)
Index("ix_videos_creator", videos.c.creator_id)
Index("ix_videos_created", videos.c.created_at_ms)  # recent videos, newest first

comments = Table(
    "comments",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("video_id", String(64), nullable=False),
    Column("author_id", String(128), nullable=False),
    Column("text", String(500), nullable=False),
    Column("created_at_ms", Int64, nullable=False),
)
Index("ix_comments_video", comments.c.video_id, comments.c.created_at_ms)
