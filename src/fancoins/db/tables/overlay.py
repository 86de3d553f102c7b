"""What a creator's streaming overlay shows. `fancoins.overlay` writes it."""

from __future__ import annotations

from sqlalchemy import JSON, Column, String, Table

from fancoins.db.tables.base import Int64, metadata

overlay_settings = Table(
    "overlay_settings",
    metadata,
    Column("creator_id", String(128), primary_key=True),
    Column("widgets", JSON, nullable=False),  # list of widget names shown
    Column("alert_min_coins", Int64, nullable=False),
    Column("position", String(16), nullable=False),
    Column("updated_at_ms", Int64, nullable=False),
)
