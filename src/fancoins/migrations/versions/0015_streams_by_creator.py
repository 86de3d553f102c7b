"""streams: a creator's LIVEs newest first without a sort (the studio's per-LIVE summaries)

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_streams_creator_started", "streams", ["creator_id", "started_at_ms"])


def downgrade() -> None:
    op.drop_index("ix_streams_creator_started", table_name="streams")
