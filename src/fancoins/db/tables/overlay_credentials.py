"""Overlay credentials: read-only bearer secrets for one creator's LIVE events, pasted into
streaming software. `fancoins.identity.overlay` writes them."""

from __future__ import annotations

from sqlalchemy import Column, Index, String, Table, Uuid

from fancoins.db.tables.base import Int64, metadata

overlay_credentials = Table(
    "overlay_credentials",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("creator_id", String(128), nullable=False),
    Column("name", String(100), nullable=False),
    # The first characters, shown in listings; the secret itself is stored only as a hash.
    Column("prefix", String(16), nullable=False, unique=True),
    Column("secret_hash", String(64), nullable=False),
    Column("created_at_ms", Int64, nullable=False),
    # Written at most once a minute per credential and process, off the connect path.
    Column("last_used_at_ms", Int64, nullable=True),
    Column("revoked_at_ms", Int64, nullable=True),
)
Index("ix_overlay_credentials_creator", overlay_credentials.c.creator_id,
      overlay_credentials.c.created_at_ms)
