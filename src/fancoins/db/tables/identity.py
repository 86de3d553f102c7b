"""Users as the host app knows them, API keys for the host's backend, and the audit log."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Date, Index, Integer, String, Table, Uuid

from fancoins.db.tables.base import Int64, metadata

users = Table(
    "users",
    metadata,
    # The host app's own user id: fancoins never invents identities.
    Column("id", String(128), primary_key=True),
    Column("display_name", String(100), nullable=False),
    Column("country", String(2), nullable=False, default="US"),
    Column("birth_date", Date, nullable=True),
    Column("age_verified", Boolean, nullable=False, default=False),
    Column("frozen", Boolean, nullable=False, default=False),
    Column("is_creator", Boolean, nullable=False, default=False),
    Column("created_at_ms", Int64, nullable=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(100), nullable=False),
    # The first characters, shown in listings; the secret itself is stored only as a hash.
    Column("prefix", String(16), nullable=False, unique=True),
    Column("secret_hash", String(64), nullable=False),
    Column("scopes", JSON, nullable=False),
    Column("revoked", Boolean, nullable=False, default=False),
    Column("created_at_ms", Int64, nullable=False),
    Column("revoked_at_ms", Int64, nullable=True),
    # When the key was last used (written at most once a minute per key and process).
    Column("last_used_at_ms", Int64, nullable=True),
    # A rotation keeps the previous secret valid until the overlap window ends.
    Column("rotated_at_ms", Int64, nullable=True),
    Column("previous_secret_hash", String(64), nullable=True),
    Column("previous_expires_at_ms", Int64, nullable=True),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("actor", String(160), nullable=False),
    Column("action", String(64), nullable=False),
    Column("target", String(160), nullable=False),
    Column("reason", String(500), nullable=False),
    Column("data", JSON, nullable=True),
    Column("created_at_ms", Int64, nullable=False),
    # Each entry is a link of the audit chain (see `fancoins.ledger.chain`); only
    # `fancoins.journal` writes entries.
    Column("chain_lane", Integer, nullable=True),
    Column("chain_seq", Int64, nullable=True),
    Column("prev_hash", String(64), nullable=True),
    Column("hash", String(64), nullable=True),
)
Index("ix_audit_log_target", audit_log.c.target, audit_log.c.created_at_ms)
Index("uq_audit_log_chain", audit_log.c.chain_lane, audit_log.c.chain_seq, unique=True)
