"""purchases, packages and prices

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out rather than imported: a migration must not change when the code does.
Int64 = sa.BigInteger().with_variant(sa.INTEGER(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "price_list_overrides",
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("currency", sa.String(length=8), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("tax_inclusive", sa.Boolean(), nullable=False),
        sa.Column("vat_bp", Int64, nullable=False),
        sa.Column("packages", sa.JSON(), nullable=False),
        sa.Column("updated_by", sa.String(length=160), nullable=False),
        sa.Column("updated_at_ms", Int64, nullable=False),
        sa.PrimaryKeyConstraint("country", "channel", name=op.f("pk_price_list_overrides")),
    )
    op.create_table(
        "purchases",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.String(length=128), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("provider_ref", sa.String(length=255), nullable=True),
        sa.Column("payment_ref", sa.String(length=255), nullable=True),
        sa.Column("product_id", sa.String(length=64), nullable=False),
        sa.Column("environment", sa.String(length=16), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("currency", sa.String(length=8), nullable=False),
        sa.Column("package_coins", Int64, nullable=False),
        sa.Column("quantity", Int64, nullable=False),
        sa.Column("coins", Int64, nullable=False),
        sa.Column("gross_minor", Int64, nullable=False),
        sa.Column("store_fee_minor", Int64, nullable=False),
        sa.Column("tax_minor", Int64, nullable=False),
        sa.Column("net_minor", Int64, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("coins_clawed_back", Int64, nullable=False),
        sa.Column("gross_refunded_minor", Int64, nullable=False),
        sa.Column("fee_refunded_minor", Int64, nullable=False),
        sa.Column("tax_refunded_minor", Int64, nullable=False),
        sa.Column("net_refunded_minor", Int64, nullable=False),
        sa.Column("checkout_url", sa.String(length=2048), nullable=True),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.Column("fulfilled_at_ms", Int64, nullable=True),
        sa.CheckConstraint("coins > 0 AND gross_minor > 0",
                           name=op.f("ck_purchases_amounts_positive")),
        sa.CheckConstraint(
            "coins_clawed_back >= 0 AND coins_clawed_back <= coins"
            " AND gross_refunded_minor >= 0 AND gross_refunded_minor <= gross_minor",
            name=op.f("ck_purchases_refund_within_purchase"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchases")),
        sa.UniqueConstraint("provider", "provider_ref", name="uq_purchases_provider_ref"),
    )
    op.create_index("ix_purchases_user_window", "purchases",
                    ["user_id", "currency", "created_at_ms"])
    op.create_index("ix_purchases_payment_ref", "purchases", ["provider", "payment_ref"])
    op.create_table(
        "purchase_refunds",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("purchase_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.String(length=128), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("refund_ref", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("coins_clawed_back", Int64, nullable=False),
        sa.Column("gross_minor", Int64, nullable=False),
        sa.Column("currency", sa.String(length=8), nullable=False),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.ForeignKeyConstraint(["purchase_id"], ["purchases.id"],
                                name=op.f("fk_purchase_refunds_purchase_id_purchases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_refunds")),
        sa.UniqueConstraint("provider", "refund_ref", name="uq_purchase_refunds_refund_ref"),
    )
    op.create_index("ix_purchase_refunds_created", "purchase_refunds", ["created_at_ms"])
    op.create_index("ix_purchase_refunds_user", "purchase_refunds",
                    ["user_id", "created_at_ms"])
    op.create_table(
        "purchase_events",
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("purchase_id", sa.Uuid(), nullable=True),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.PrimaryKeyConstraint("provider", "event_id", name=op.f("pk_purchase_events")),
    )


def downgrade() -> None:
    op.drop_table("purchase_events")
    op.drop_index("ix_purchase_refunds_user", table_name="purchase_refunds")
    op.drop_index("ix_purchase_refunds_created", table_name="purchase_refunds")
    op.drop_table("purchase_refunds")
    op.drop_index("ix_purchases_payment_ref", table_name="purchases")
    op.drop_index("ix_purchases_user_window", table_name="purchases")
    op.drop_table("purchases")
    op.drop_table("price_list_overrides")
