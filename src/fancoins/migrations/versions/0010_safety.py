"""safety: limit sets (guardian caps, buying limits), restrictions with scope and expiry,
guardian links, counted refunds

Revision ID: 0010
Revises: 0013
Create Date: 2026-12-02

Accounts frozen before restrictions existed keep their freeze as a restriction of scope
"all" with no expiry; on the way down, a freeze still in force sets the old flag.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out rather than imported: a migration must not change when the code does.
Int64 = sa.BigInteger().with_variant(sa.INTEGER(), "sqlite")
CARRIED_REASON = "frozen before restrictions had reasons"


def upgrade() -> None:
    op.create_table(
        "limit_sets",
        sa.Column("user_id", sa.String(length=128), nullable=False),
        sa.Column("holder", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("daily", Int64, nullable=True),
        sa.Column("weekly", Int64, nullable=True),
        sa.Column("monthly", Int64, nullable=True),
        sa.Column("pending", sa.Boolean(), nullable=False),
        sa.Column("pending_currency", sa.String(length=3), nullable=True),
        sa.Column("pending_daily", Int64, nullable=True),
        sa.Column("pending_weekly", Int64, nullable=True),
        sa.Column("pending_monthly", Int64, nullable=True),
        sa.Column("pending_effective_at_s", Int64, nullable=True),
        sa.Column("updated_by", sa.String(length=160), nullable=True),
        sa.Column("updated_at_ms", Int64, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "holder", "kind", name=op.f("pk_limit_sets")),
    )
    op.create_table(
        "restrictions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.String(length=128), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=160), nullable=False),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.Column("until_ms", Int64, nullable=True),
        sa.Column("lifted_at_ms", Int64, nullable=True),
        sa.Column("lifted_by", sa.String(length=160), nullable=True),
        sa.Column("lift_reason", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_restrictions")),
    )
    op.create_index("ix_restrictions_user_id", "restrictions", ["user_id", "lifted_at_ms"])
    op.create_index("ix_restrictions_until_ms", "restrictions", ["until_ms"])
    op.create_table(
        "guardian_links",
        sa.Column("minor_id", sa.String(length=128), nullable=False),
        sa.Column("slot", Int64, nullable=False),
        sa.Column("guardian_id", sa.String(length=128), nullable=False),
        sa.Column("linked_by", sa.String(length=160), nullable=False),
        sa.Column("linked_at_ms", Int64, nullable=False),
        sa.PrimaryKeyConstraint("minor_id", "slot", name=op.f("pk_guardian_links")),
        sa.UniqueConstraint("minor_id", "guardian_id", name="uq_guardian_links_minor_guardian"),
    )
    op.create_index("ix_guardian_links_guardian_id", "guardian_links", ["guardian_id"])
    op.create_table(
        "refund_marks",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("user_id", sa.String(length=128), nullable=False),
        sa.Column("purchase_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("at_ms", Int64, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refund_marks")),
    )
    op.create_index("ix_refund_marks_user_id", "refund_marks", ["user_id", "at_ms"])
    _carry_freezes()


def _carry_freezes() -> None:
    connection = op.get_bind()
    frozen = connection.execute(
        sa.text("SELECT id, created_at_ms FROM users WHERE frozen = :yes"), {"yes": True}
    ).all()
    restrictions = sa.table(
        "restrictions", sa.column("id", sa.Uuid()), sa.column("user_id"), sa.column("scope"),
        sa.column("reason"), sa.column("source"), sa.column("created_by"),
        sa.column("created_at_ms"),
    )
    if frozen:
        op.bulk_insert(restrictions, [
            {"id": uuid.uuid4(), "user_id": user_id, "scope": "all", "reason": CARRIED_REASON,
             "source": "operator", "created_by": "migration", "created_at_ms": at_ms}
            for user_id, at_ms in frozen
        ])


def downgrade() -> None:
    connection = op.get_bind()
    connection.execute(sa.text(
        "UPDATE users SET frozen = :yes WHERE id IN (SELECT user_id FROM restrictions "
        "WHERE scope = 'all' AND lifted_at_ms IS NULL AND until_ms IS NULL)"), {"yes": True})
    op.drop_index("ix_refund_marks_user_id", table_name="refund_marks")
    op.drop_table("refund_marks")
    op.drop_index("ix_guardian_links_guardian_id", table_name="guardian_links")
    op.drop_table("guardian_links")
    op.drop_index("ix_restrictions_until_ms", table_name="restrictions")
    op.drop_index("ix_restrictions_user_id", table_name="restrictions")
    op.drop_table("restrictions")
    op.drop_table("limit_sets")
