"""Gift images operators uploaded, by content hash. `fancoins.artwork` writes them.

Stored in the database, not on a disk, so that every API process serves the same image.
"""

from __future__ import annotations

from sqlalchemy import Column, LargeBinary, String, Table

from fancoins.db.tables.base import Int64, metadata

gift_images = Table(
    "gift_images",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("content_type", String(32), nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("size_bytes", Int64, nullable=False),
    Column("created_at_ms", Int64, nullable=False),
    Column("created_by", String(128), nullable=False),
)
