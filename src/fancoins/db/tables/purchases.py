"""Coin purchases: operator price overrides, purchases with their provider ids, refunds and
de-duplicated provider events. `fancoins.purchases` is their only writer.

`purchase_refunds` is also the hook for diamond claw-back (issue 6): one row per claw-back,
with the purchase, the user, the coins taken back and when.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    UniqueConstraint,
    Uuid,
)

from fancoins.db.tables.base import Int64, metadata

# An operator's price list for one country and channel; it replaces the economy file's list.
price_list_overrides = Table(
    "price_list_overrides",
    metadata,
    Column("country", String(2), primary_key=True),
    Column("channel", String(8), primary_key=True),
    Column("currency", String(8), nullable=False),
    Column("locale", String(16), nullable=False),
    Column("tax_inclusive", Boolean, nullable=False),
    Column("vat_bp", Int64, nullable=False),
    Column("packages", JSON, nullable=False),  # [{"coins": int, "price_minor": int}, ...]
    Column("updated_by", String(160), nullable=False),
    Column("updated_at_ms", Int64, nullable=False),
)

# One row per purchase. Prices are a snapshot: a later price change never alters a row.
purchases = Table(
    "purchases",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", String(128), nullable=False),
    Column("provider", String(16), nullable=False),  # apple, google, stripe
    Column("channel", String(8), nullable=False),  # ios, android, web
    # Apple transaction id, Google order id, Stripe checkout session id: fulfilled once each.
    Column("provider_ref", String(255), nullable=True),
    # Google purchase token, Stripe payment intent: how refunds find the purchase.
    Column("payment_ref", String(255), nullable=True),
    Column("product_id", String(64), nullable=False),
    Column("environment", String(16), nullable=True),
    Column("country", String(2), nullable=False),
    Column("currency", String(8), nullable=False),
    Column("package_coins", Int64, nullable=False),
    Column("quantity", Int64, nullable=False),
    Column("coins", Int64, nullable=False),
    Column("gross_minor", Int64, nullable=False),
    Column("store_fee_minor", Int64, nullable=False),
    Column("tax_minor", Int64, nullable=False),
    Column("net_minor", Int64, nullable=False),
    Column("status", String(20), nullable=False),  # open, fulfilled, partially_refunded, refunded
    # Cumulative claw-back so far (partial refunds add up to at most the purchase).
    Column("coins_clawed_back", Int64, nullable=False, default=0),
    Column("gross_refunded_minor", Int64, nullable=False, default=0),
    Column("fee_refunded_minor", Int64, nullable=False, default=0),
    Column("tax_refunded_minor", Int64, nullable=False, default=0),
    Column("net_refunded_minor", Int64, nullable=False, default=0),
    Column("checkout_url", String(2048), nullable=True),
    Column("created_at_ms", Int64, nullable=False),
    Column("fulfilled_at_ms", Int64, nullable=True),
    UniqueConstraint("provider", "provider_ref", name="uq_purchases_provider_ref"),
    CheckConstraint("coins > 0 AND gross_minor > 0", name="amounts_positive"),
    CheckConstraint(
        "coins_clawed_back >= 0 AND coins_clawed_back <= coins"
        " AND gross_refunded_minor >= 0 AND gross_refunded_minor <= gross_minor",
        name="refund_within_purchase",
    ),
)
Index("ix_purchases_user_window", purchases.c.user_id, purchases.c.currency,
      purchases.c.created_at_ms)
Index("ix_purchases_payment_ref", purchases.c.provider, purchases.c.payment_ref)

# One row per claw-back, de-duplicated by the provider's refund / dispute / revocation id.
purchase_refunds = Table(
    "purchase_refunds",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("purchase_id", Uuid, ForeignKey("purchases.id"), nullable=False),
    Column("user_id", String(128), nullable=False),
    Column("provider", String(16), nullable=False),
    Column("refund_ref", String(255), nullable=False),
    Column("kind", String(16), nullable=False),  # refund, revoke, void, dispute
    Column("coins_clawed_back", Int64, nullable=False),
    Column("gross_minor", Int64, nullable=False),
    Column("currency", String(8), nullable=False),
    Column("created_at_ms", Int64, nullable=False),
    UniqueConstraint("provider", "refund_ref", name="uq_purchase_refunds_refund_ref"),
)
Index("ix_purchase_refunds_created", purchase_refunds.c.created_at_ms)
Index("ix_purchase_refunds_user", purchase_refunds.c.user_id, purchase_refunds.c.created_at_ms)

# Every provider notification once, with what we did about it (a redelivery answers the same).
purchase_events = Table(
    "purchase_events",
    metadata,
    Column("provider", String(16), primary_key=True),
    Column("event_id", String(255), primary_key=True),
    Column("event_type", String(64), nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("purchase_id", Uuid, nullable=True),
    Column("created_at_ms", Int64, nullable=False),
)
