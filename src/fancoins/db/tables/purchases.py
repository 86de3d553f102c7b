"""Coin purchases: operator price overrides, purchases with their provider ids, the claims
stores make against them (refunds, revocations, voids, disputes), each claw-back or restore
step, and every store event once. `fancoins.purchases` is their only writer.
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

# One row per purchase. Prices are a snapshot: a later price change never alters a row. The
# money legs are booked from what the store says it charged (`revenue_source` "store"), or
# from the price list when the store does not say ("quoted"), or are zero for a purchase
# nobody paid for ("grant": an audited promotional grant; "test": a store test purchase
# accepted by setting). The price list's quote is kept beside it either way.
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
    # open, fulfilled, partially_refunded, refunded, reversed (purchases.states)
    Column("status", String(20), nullable=False),
    # What is clawed back now: claw-backs less restores (at most the purchase).
    Column("coins_clawed_back", Int64, nullable=False, default=0),
    Column("gross_refunded_minor", Int64, nullable=False, default=0),
    Column("fee_refunded_minor", Int64, nullable=False, default=0),
    Column("tax_refunded_minor", Int64, nullable=False, default=0),
    Column("net_refunded_minor", Int64, nullable=False, default=0),
    Column("checkout_url", String(2048), nullable=True),
    Column("created_at_ms", Int64, nullable=False),
    Column("fulfilled_at_ms", Int64, nullable=True),
    Column("storefront", String(8), nullable=True),  # the store's country (Apple: "GBR")
    Column("revenue_source", String(8), nullable=False),  # store, quoted, grant, test
    Column("quoted_country", String(2), nullable=False),
    Column("quoted_currency", String(8), nullable=False),
    Column("quoted_gross_minor", Int64, nullable=False),
    # The store charged another price or currency than the price list quoted.
    Column("price_mismatch", Boolean, nullable=False),
    UniqueConstraint("provider", "provider_ref", name="uq_purchases_provider_ref"),
    CheckConstraint("coins > 0 AND gross_minor >= 0 AND quoted_gross_minor > 0",
                    name="amounts_positive"),
    CheckConstraint(
        "coins_clawed_back >= 0 AND coins_clawed_back <= coins"
        " AND gross_refunded_minor >= 0 AND gross_refunded_minor <= gross_minor",
        name="refund_within_purchase",
    ),
)
Index("ix_purchases_user_quoted_window", purchases.c.user_id, purchases.c.quoted_currency,
      purchases.c.created_at_ms)
Index("ix_purchases_mismatch", purchases.c.price_mismatch, purchases.c.created_at_ms)
Index("ix_purchases_payment_ref", purchases.c.provider, purchases.c.payment_ref)

# A claim a store makes against a purchase, recorded by its store ids before anything is
# decided, so one that arrives before its purchase is remembered and applied at fulfilment.
# `purchase_ref` is the store's id of the purchase (Apple transaction, Google order, Stripe
# payment intent); `alt_ref` another one it may be found by (Google purchase token, our
# purchase id in Stripe metadata). See `purchases.states` for how claims settle.
purchase_claims = Table(
    "purchase_claims",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("provider", String(16), nullable=False),
    Column("purchase_ref", String(255), nullable=False),
    Column("alt_ref", String(255), nullable=True),
    Column("claim_ref", String(255), nullable=False),
    Column("kind", String(16), nullable=False),  # revocation, refund, dispute, void
    Column("amount_minor", Int64, nullable=True),  # None: the whole purchase
    Column("claimed", Boolean, nullable=False),
    Column("reversal_seen", Boolean, nullable=False),
    Column("applied", Boolean, nullable=False),
    Column("applied_minor", Int64, nullable=True),
    Column("reversal_applied", Boolean, nullable=False),
    Column("purchase_id", Uuid, ForeignKey("purchases.id"), nullable=True),
    Column("created_at_ms", Int64, nullable=False),
    Column("updated_at_ms", Int64, nullable=False),
    UniqueConstraint("provider", "purchase_ref", "claim_ref",
                     name="uq_purchase_claims_claim_ref"),
)
Index("ix_purchase_claims_alt_ref", purchase_claims.c.provider, purchase_claims.c.alt_ref)
Index("ix_purchase_claims_purchase", purchase_claims.c.purchase_id)

# One row per claw-back or restore step of a purchase (a restore has negative amounts), with
# the claim it applies; the diamond claw-back of a step is keyed by its id.
purchase_refunds = Table(
    "purchase_refunds",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("purchase_id", Uuid, ForeignKey("purchases.id"), nullable=False),
    Column("user_id", String(128), nullable=False),
    Column("provider", String(16), nullable=False),
    Column("refund_ref", String(255), nullable=False),  # the claim, and ":reversal"
    Column("kind", String(16), nullable=False),  # the claim's kind, or reversal
    Column("coins_clawed_back", Int64, nullable=False),
    Column("gross_minor", Int64, nullable=False),
    Column("currency", String(8), nullable=False),
    Column("created_at_ms", Int64, nullable=False),
    Column("claim_id", Uuid, ForeignKey("purchase_claims.id"), nullable=True),
    Column("store_fee_minor", Int64, nullable=False),
    Column("tax_minor", Int64, nullable=False),
    Column("net_minor", Int64, nullable=False),
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

# A paid purchase held for review by a velocity rule (`purchases.velocity`) instead of being
# credited, and what became of it: released (credited then), declined by an operator, or
# ended by the store's refund. The store already has the money: a hold always ends in one of
# those, never silently.
purchase_holds = Table(
    "purchase_holds",
    metadata,
    Column("purchase_id", Uuid, ForeignKey("purchases.id"), primary_key=True),
    Column("user_id", String(128), nullable=False),
    Column("rule", String(16), nullable=False),  # purchases, coins, amount
    Column("reason", String(500), nullable=False),  # which rule, its limit and window
    Column("held_at_ms", Int64, nullable=False),
    Column("decision", String(16), nullable=True),  # released, declined, refunded
    Column("decided_by", String(160), nullable=True),
    Column("decision_reason", String(500), nullable=True),
    Column("decided_at_ms", Int64, nullable=True),
)
Index("ix_purchase_holds_open", purchase_holds.c.decision, purchase_holds.c.held_at_ms)
Index("ix_purchase_holds_user", purchase_holds.c.user_id, purchase_holds.c.held_at_ms)
