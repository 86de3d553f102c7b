"""purchase claims, store-reported revenue beside the quote, signed claw-back steps

Revision ID: 0006
Revises: 0008
Create Date: 2026-11-29
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out rather than imported: a migration must not change when the code does.
Int64 = sa.BigInteger().with_variant(sa.INTEGER(), "sqlite")


def upgrade() -> None:
    _defer_foreign_keys()
    _set_refunds_aside()
    _purchases_up()
    op.create_table(
        "purchase_claims",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("purchase_ref", sa.String(length=255), nullable=False),
        sa.Column("alt_ref", sa.String(length=255), nullable=True),
        sa.Column("claim_ref", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount_minor", Int64, nullable=True),
        sa.Column("claimed", sa.Boolean(), nullable=False),
        sa.Column("reversal_seen", sa.Boolean(), nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=False),
        sa.Column("applied_minor", Int64, nullable=True),
        sa.Column("reversal_applied", sa.Boolean(), nullable=False),
        sa.Column("purchase_id", sa.Uuid(), nullable=True),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.Column("updated_at_ms", Int64, nullable=False),
        sa.ForeignKeyConstraint(["purchase_id"], ["purchases.id"],
                                name=op.f("fk_purchase_claims_purchase_id_purchases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_claims")),
        sa.UniqueConstraint("provider", "purchase_ref", "claim_ref",
                            name="uq_purchase_claims_claim_ref"),
    )
    op.create_index("ix_purchase_claims_alt_ref", "purchase_claims", ["provider", "alt_ref"])
    op.create_index("ix_purchase_claims_purchase", "purchase_claims", ["purchase_id"])
    _refunds_up()
    _put_refunds_back(_EARLIER_REFUND_COLUMNS)
    # Earlier claw-backs did not keep their split: the whole amount shows as net.
    op.execute("UPDATE purchase_refunds SET net_minor = gross_minor")
    _claims_from_earlier_refunds()


_EARLIER_REFUND_COLUMNS = ("id, purchase_id, user_id, provider, refund_ref, kind, "
                           "coins_clawed_back, gross_minor, currency, created_at_ms")
_ASIDE = "purchase_refunds_aside"


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _set_refunds_aside() -> None:
    """SQLite rebuilds `purchases` (a new CHECK) by dropping the old copy; rows referencing it
    would count as broken foreign keys even once the new copy is in place. Held aside
    meanwhile and put back after."""
    if _sqlite():
        op.execute(f"CREATE TABLE {_ASIDE} AS SELECT * FROM purchase_refunds")
        op.execute("DELETE FROM purchase_refunds")


def _put_refunds_back(columns: str) -> None:
    if _sqlite():
        op.execute(f"INSERT INTO purchase_refunds ({columns}) SELECT {columns} FROM {_ASIDE}")
        op.execute(f"DROP TABLE {_ASIDE}")


def _defer_foreign_keys() -> None:
    """SQLite rebuilds a table to change its constraints; with foreign keys enforced at once,
    dropping the old copy of a referenced table would fail. Checked at commit instead, when
    the new copy holds the same rows."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA defer_foreign_keys = ON")


def _purchases_up() -> None:
    with op.batch_alter_table("purchases") as batch:
        batch.add_column(sa.Column("storefront", sa.String(length=8), nullable=True))
        # Purchases booked before this revision were booked from the price list.
        batch.add_column(sa.Column("revenue_source", sa.String(length=8), nullable=False,
                                   server_default="quoted"))
        batch.add_column(sa.Column("quoted_country", sa.String(length=2), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("quoted_currency", sa.String(length=8), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("quoted_gross_minor", Int64, nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("price_mismatch", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.execute("UPDATE purchases SET quoted_country = country, quoted_currency = currency, "
               "quoted_gross_minor = gross_minor")
    with op.batch_alter_table("purchases") as batch:
        batch.drop_constraint(op.f("ck_purchases_amounts_positive"), type_="check")
        batch.create_check_constraint(
            op.f("ck_purchases_amounts_positive"),
            "coins > 0 AND gross_minor >= 0 AND quoted_gross_minor > 0")
        batch.drop_index("ix_purchases_user_window")
        batch.create_index("ix_purchases_user_quoted_window",
                           ["user_id", "quoted_currency", "created_at_ms"])
        batch.create_index("ix_purchases_mismatch", ["price_mismatch", "created_at_ms"])


def _refunds_up() -> None:
    with op.batch_alter_table("purchase_refunds") as batch:
        batch.drop_constraint(op.f("uq_purchase_refunds_refund_ref"), type_="unique")
        batch.add_column(sa.Column("claim_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("store_fee_minor", Int64, nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("tax_minor", Int64, nullable=False, server_default="0"))
        batch.add_column(sa.Column("net_minor", Int64, nullable=False, server_default="0"))
        batch.create_foreign_key(op.f("fk_purchase_refunds_claim_id_purchase_claims"),
                                 "purchase_claims", ["claim_id"], ["id"])


# Earlier claw-back ids, by prefix, and the claim each belongs to now.
_EARLIER_CLAIMS = {"revoke": ("revocation", "revocation"), "refund": ("refunds", "refund"),
                   "void": ("void", "void"), "dispute": ("dispute", "dispute")}


def _claims_from_earlier_refunds() -> None:
    """Each earlier claw-back becomes an applied claim, so a reversal arriving after the
    upgrade finds what it reverses."""
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT r.id, r.purchase_id, r.provider, r.refund_ref, r.gross_minor, r.created_at_ms, "
        "p.provider_ref, p.payment_ref, p.gross_minor AS purchase_gross "
        "FROM purchase_refunds r JOIN purchases p ON p.id = r.purchase_id "
        "ORDER BY r.created_at_ms")).all()
    claims: dict[tuple[uuid.UUID, str], dict[str, Any]] = {}
    for row in rows:
        purchase_id = uuid.UUID(str(row.purchase_id))
        prefix, _, rest = str(row.refund_ref).partition(":")
        claim_ref, kind = _EARLIER_CLAIMS.get(prefix, ("refunds", "refund"))
        if kind == "dispute":
            claim_ref = f"dispute:{rest}"
        claim = claims.setdefault((purchase_id, claim_ref), {
            "id": uuid.uuid4(), "provider": row.provider, "claim_ref": claim_ref, "kind": kind,
            "purchase_ref": row.payment_ref if row.provider == "stripe" and row.payment_ref
            else row.provider_ref or f"purchase:{purchase_id}",
            "amount": 0, "gross": row.purchase_gross, "purchase_id": purchase_id,
            "at_ms": row.created_at_ms, "steps": []})
        claim["amount"] += row.gross_minor
        claim["steps"].append(uuid.UUID(str(row.id)))
    for claim in claims.values():
        amount = None if claim["amount"] >= claim["gross"] else claim["amount"]
        bind.execute(sa.insert(_CLAIMS), [{
            "id": claim["id"], "provider": claim["provider"],
            "purchase_ref": claim["purchase_ref"], "alt_ref": None,
            "claim_ref": claim["claim_ref"], "kind": claim["kind"], "amount_minor": amount,
            "claimed": True, "reversal_seen": False, "applied": True, "applied_minor": amount,
            "reversal_applied": False, "purchase_id": claim["purchase_id"],
            "created_at_ms": claim["at_ms"], "updated_at_ms": claim["at_ms"]}])
        for step_id in claim["steps"]:
            bind.execute(sa.update(_STEPS).where(_STEPS.c.id == step_id)
                         .values(claim_id=claim["id"]))


# The columns the data step writes, typed so ids bind the same way on both databases.
_CLAIMS = sa.table(
    "purchase_claims", *(sa.column(name, sa.Uuid()) for name in ("id", "purchase_id")),
    *(sa.column(name) for name in (
        "provider", "purchase_ref", "alt_ref", "claim_ref", "kind", "amount_minor", "claimed",
        "reversal_seen", "applied", "applied_minor", "reversal_applied", "created_at_ms",
        "updated_at_ms")),
)
_STEPS = sa.table("purchase_refunds", sa.column("id", sa.Uuid()),
                  sa.column("claim_id", sa.Uuid()))


def downgrade() -> None:
    _defer_foreign_keys()
    # Restores, grants and test purchases did not exist before: they cannot be kept.
    op.execute("DELETE FROM purchase_refunds WHERE coins_clawed_back < 0 OR gross_minor < 0 "
               "OR purchase_id IN (SELECT id FROM purchases WHERE gross_minor = 0)")
    op.execute("UPDATE purchase_refunds SET claim_id = NULL")
    _set_refunds_aside()
    with op.batch_alter_table("purchase_refunds") as batch:
        batch.drop_constraint(op.f("fk_purchase_refunds_claim_id_purchase_claims"),
                              type_="foreignkey")
        batch.drop_column("net_minor")
        batch.drop_column("tax_minor")
        batch.drop_column("store_fee_minor")
        batch.drop_column("claim_id")
        batch.create_unique_constraint(op.f("uq_purchase_refunds_refund_ref"),
                                       ["provider", "refund_ref"])
    op.drop_index("ix_purchase_claims_purchase", table_name="purchase_claims")
    op.drop_index("ix_purchase_claims_alt_ref", table_name="purchase_claims")
    op.drop_table("purchase_claims")
    op.execute("DELETE FROM purchases WHERE gross_minor = 0")
    with op.batch_alter_table("purchases") as batch:
        batch.drop_index("ix_purchases_mismatch")
        batch.drop_index("ix_purchases_user_quoted_window")
        batch.create_index("ix_purchases_user_window", ["user_id", "currency", "created_at_ms"])
        batch.drop_constraint(op.f("ck_purchases_amounts_positive"), type_="check")
        batch.create_check_constraint(op.f("ck_purchases_amounts_positive"),
                                      "coins > 0 AND gross_minor > 0")
        for column in ("price_mismatch", "quoted_gross_minor", "quoted_currency",
                       "quoted_country", "revenue_source", "storefront"):
            batch.drop_column(column)
    _put_refunds_back(_EARLIER_REFUND_COLUMNS)
