"""API keys an operator manages: revocation time, last use, rotation with an overlap window

Revision ID: 0008
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out rather than imported: a migration must not change when the code does.
Int64 = sa.BigInteger().with_variant(sa.INTEGER(), "sqlite")

_COLUMNS = ("revoked_at_ms", "last_used_at_ms", "rotated_at_ms", "previous_secret_hash",
            "previous_expires_at_ms")


def upgrade() -> None:
    with op.batch_alter_table("api_keys") as batch:
        batch.add_column(sa.Column("revoked_at_ms", Int64, nullable=True))
        batch.add_column(sa.Column("last_used_at_ms", Int64, nullable=True))
        batch.add_column(sa.Column("rotated_at_ms", Int64, nullable=True))
        batch.add_column(sa.Column("previous_secret_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("previous_expires_at_ms", Int64, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("api_keys") as batch:
        for name in reversed(_COLUMNS):
            batch.drop_column(name)
