"""withdrawals and promotions

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out rather than imported: a migration must not change when the code does.
Int64 = sa.BigInteger().with_variant(sa.INTEGER(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "payout_methods",
        sa.Column("user_id", sa.String(length=128), nullable=False),
        sa.Column("paypal_email", sa.String(length=254), nullable=False),
        sa.Column("updated_at_ms", Int64, nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_payout_methods")),
    )
    op.create_table(
        "withdrawals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("amount_minor", Int64, nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("diamonds", Int64, nullable=False),
        sa.Column("paypal_email", sa.String(length=254), nullable=False),
        sa.Column("sender_batch_id", sa.String(length=64), nullable=False),
        sa.Column("diamonds_pending_id", sa.Uuid(), nullable=False),
        sa.Column("cash_pending_id", sa.Uuid(), nullable=False),
        sa.Column("payout_batch_id", sa.String(length=64), nullable=True),
        sa.Column("payout_item_id", sa.String(length=64), nullable=True),
        sa.Column("submit_attempts", Int64, nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.Column("updated_at_ms", Int64, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_withdrawals")),
        sa.UniqueConstraint("sender_batch_id", name=op.f("uq_withdrawals_sender_batch_id")),
    )
    op.create_index("ix_withdrawals_user_created", "withdrawals", ["user_id", "created_at_ms"])
    op.create_index("ix_withdrawals_status_created", "withdrawals", ["status", "created_at_ms"])
    op.create_index("ix_withdrawals_payout_batch_id", "withdrawals", ["payout_batch_id"])
    op.create_table(
        "paypal_webhook_events",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("withdrawal_id", sa.Uuid(), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("received_at_ms", Int64, nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_paypal_webhook_events")),
    )
    op.create_table(
        "diamond_clawbacks",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("refund_id", sa.Uuid(), nullable=False),
        sa.Column("gift_event_id", sa.Uuid(), nullable=False),
        sa.Column("creator_id", sa.String(length=128), nullable=False),
        sa.Column("gift_created_at_ms", Int64, nullable=False),
        sa.Column("coins", Int64, nullable=False),
        sa.Column("diamonds", Int64, nullable=False),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diamond_clawbacks")),
        sa.UniqueConstraint("refund_id", "gift_event_id",
                            name="uq_diamond_clawbacks_refund_gift"),
    )
    op.create_index("ix_diamond_clawbacks_gift", "diamond_clawbacks", ["gift_event_id"])
    op.create_index("ix_diamond_clawbacks_creator", "diamond_clawbacks",
                    ["creator_id", "gift_created_at_ms"])
    _create_promotions()


def _create_promotions() -> None:
    op.create_table(
        "promotions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.String(length=128), nullable=False),
        sa.Column("video_id", sa.String(length=128), nullable=False),
        sa.Column("objective", sa.String(length=32), nullable=False),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("budget_coins", Int64, nullable=False),
        sa.Column("charged_coins", Int64, nullable=False),
        sa.Column("returned_coins", Int64, nullable=False),
        sa.Column("hold_transfer_id", sa.Uuid(), nullable=True),
        sa.Column("days", Int64, nullable=False),
        sa.Column("reach_low_views", Int64, nullable=False),
        sa.Column("reach_high_views", Int64, nullable=False),
        sa.Column("views", Int64, nullable=False),
        sa.Column("followers", Int64, nullable=False),
        sa.Column("profile_visits", Int64, nullable=False),
        sa.Column("starts_at_ms", Int64, nullable=False),
        sa.Column("ends_at_ms", Int64, nullable=False),
        sa.Column("settled_at_ms", Int64, nullable=True),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promotions")),
    )
    op.create_index("ix_promotions_user_created", "promotions", ["user_id", "created_at_ms"])
    op.create_index("ix_promotions_status_ends", "promotions", ["status", "ends_at_ms"])
    op.create_table(
        "promotion_deliveries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("promotion_id", sa.Uuid(), nullable=False),
        sa.Column("views", Int64, nullable=False),
        sa.Column("followers", Int64, nullable=False),
        sa.Column("profile_visits", Int64, nullable=False),
        sa.Column("cost_coins", Int64, nullable=False),
        sa.Column("charged_coins", Int64, nullable=False),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.ForeignKeyConstraint(
            ["promotion_id"], ["promotions.id"],
            name=op.f("fk_promotion_deliveries_promotion_id_promotions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promotion_deliveries")),
    )
    op.create_index(
        "ix_promotion_deliveries_promotion", "promotion_deliveries",
        ["promotion_id", "created_at_ms"],
    )


def downgrade() -> None:
    op.drop_index("ix_promotion_deliveries_promotion", table_name="promotion_deliveries")
    op.drop_table("promotion_deliveries")
    op.drop_index("ix_promotions_status_ends", table_name="promotions")
    op.drop_index("ix_promotions_user_created", table_name="promotions")
    op.drop_table("promotions")
    op.drop_index("ix_diamond_clawbacks_creator", table_name="diamond_clawbacks")
    op.drop_index("ix_diamond_clawbacks_gift", table_name="diamond_clawbacks")
    op.drop_table("diamond_clawbacks")
    op.drop_table("paypal_webhook_events")
    op.drop_index("ix_withdrawals_payout_batch_id", table_name="withdrawals")
    op.drop_index("ix_withdrawals_status_created", table_name="withdrawals")
    op.drop_index("ix_withdrawals_user_created", table_name="withdrawals")
    op.drop_table("withdrawals")
    op.drop_table("payout_methods")
