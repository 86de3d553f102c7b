"""purchase holds: paid purchases held for review by a velocity rule

Revision ID: 0014
Revises: 0011
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out rather than imported: a migration must not change when the code does.
Int64 = sa.BigInteger().with_variant(sa.INTEGER(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "purchase_holds",
        sa.Column("purchase_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.String(length=128), nullable=False),
        sa.Column("rule", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("held_at_ms", Int64, nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("decided_by", sa.String(length=160), nullable=True),
        sa.Column("decision_reason", sa.String(length=500), nullable=True),
        sa.Column("decided_at_ms", Int64, nullable=True),
        sa.ForeignKeyConstraint(["purchase_id"], ["purchases.id"],
                                name=op.f("fk_purchase_holds_purchase_id_purchases")),
        sa.PrimaryKeyConstraint("purchase_id", name=op.f("pk_purchase_holds")),
    )
    op.create_index("ix_purchase_holds_open", "purchase_holds", ["decision", "held_at_ms"])
    op.create_index("ix_purchase_holds_user", "purchase_holds", ["user_id", "held_at_ms"])


def downgrade() -> None:
    op.drop_index("ix_purchase_holds_user", table_name="purchase_holds")
    op.drop_index("ix_purchase_holds_open", table_name="purchase_holds")
    op.drop_table("purchase_holds")
