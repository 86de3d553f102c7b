"""The ledger's tables. `fancoins.journal` is their only writer."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Uuid,
    text,
)

from fancoins.db.tables.base import Int64, metadata

ledger_accounts = Table(
    "ledger_accounts",
    metadata,
    Column("id", String(160), primary_key=True),
    Column("asset", String(8), nullable=False),
    Column("flags", Int64, nullable=False, default=0),
    Column("owner_user_id", String(128), nullable=True, index=True),
    Column("kind", String(32), nullable=False),
    Column("debits_pending", Int64, nullable=False, default=0),
    Column("debits_posted", Int64, nullable=False, default=0),
    Column("credits_pending", Int64, nullable=False, default=0),
    Column("credits_posted", Int64, nullable=False, default=0),
    Column("created_at_ms", Int64, nullable=False),
    CheckConstraint(
        "debits_pending >= 0 AND debits_posted >= 0 AND credits_pending >= 0"
        " AND credits_posted >= 0",
        name="totals_not_negative",
    ),
)

ledger_transfers = Table(
    "ledger_transfers",
    metadata,
    Column("id", Uuid, primary_key=True),
    # No foreign keys: the writer checks both accounts under lock before inserting, `verify`
    # reports any orphan, and the hot gift insert was measured twice as fast without them
    # (it also keeps the table shardable by account, DESIGN §6).
    Column("debit_account_id", String(160), nullable=False),
    Column("credit_account_id", String(160), nullable=False),
    Column("asset", String(8), nullable=False),
    Column("amount", Int64, nullable=False),
    Column("code", String(48), nullable=False),
    Column("flags", Int64, nullable=False, default=0),
    Column("pending_id", Uuid, nullable=True),
    Column("timeout_s", Int64, nullable=False, default=0),
    Column("expires_at_ms", Int64, nullable=True),
    # Only on pending transfers: pending, posted, voided or expired.
    Column("pending_status", String(10), nullable=True),
    Column("operation_id", String(200), nullable=True),
    Column("user_data", JSON, nullable=True),
    Column("created_at_ms", Int64, nullable=False),
    # The link of the hash chain this transfer was committed in (`ledger_links`). Never
    # indexed: only `verify` reads them, all at once, and the gift insert stays lean.
    Column("chain_lane", Integer, nullable=True),
    Column("chain_seq", Int64, nullable=True),
    CheckConstraint("amount > 0", name="amount_positive"),
    CheckConstraint("debit_account_id <> credit_account_id", name="accounts_differ"),
)
Index("ix_ledger_transfers_debit", ledger_transfers.c.debit_account_id, ledger_transfers.c.id)
Index("ix_ledger_transfers_credit", ledger_transfers.c.credit_account_id, ledger_transfers.c.id)
# Partial: only pending transfers and their resolutions are ever looked up by these, and
# the gift writer's bulk insert (thousands of plain transfers a second) skips both indexes.
_PENDING_ID_SET = text("pending_id IS NOT NULL")
_PENDING_STATUS_SET = text("pending_status IS NOT NULL")
Index("ix_ledger_transfers_pending_id", ledger_transfers.c.pending_id,
      postgresql_where=_PENDING_ID_SET, sqlite_where=_PENDING_ID_SET)
Index(
    "ix_ledger_transfers_open_pending",
    ledger_transfers.c.pending_status,
    ledger_transfers.c.expires_at_ms,
    postgresql_where=_PENDING_STATUS_SET, sqlite_where=_PENDING_STATUS_SET,
)

# One row per write: the hash of what was asked and the answer given, so a retry returns the
# first answer and a different request under the same key is refused.
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("scope", String(64), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("response", JSON, nullable=True),
    Column("created_at_ms", Int64, nullable=False),
)

# One row per ledger commit: the hash of its transfers and of the lane's link before it (see
# `fancoins.ledger.chain`). Only `fancoins.journal` writes it.
ledger_links = Table(
    "ledger_links",
    metadata,
    Column("lane", Integer, nullable=False),
    Column("seq", Int64, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("transfers", Int64, nullable=False),
    Column("created_at_ms", Int64, nullable=False),
    PrimaryKeyConstraint("lane", "seq", name="pk_ledger_links"),
)

# The last link of each lane of each chain ("ledger", "audit"). A writer locks one free lane
# (SKIP LOCKED on PostgreSQL), so concurrent writers in several processes never queue on one
# head row; `verify` checks each head against its lane's links.
chain_heads = Table(
    "chain_heads",
    metadata,
    Column("chain", String(16), nullable=False),
    Column("lane", Integer, nullable=False),
    Column("seq", Int64, nullable=False),
    Column("hash", String(64), nullable=False),
    PrimaryKeyConstraint("chain", "lane", name="pk_chain_heads"),
)
