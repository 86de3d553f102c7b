"""hash chain over the ledger's commits and the audit log

Every ledger commit becomes a link (`ledger_links`) and every transfer names its link; every
audit entry is a link of its own. Lanes (`chain_heads`) let concurrent writers chain without
queueing on one row.

Rows written before this migration are sealed here, so a database made earlier verifies as a
whole: its transfers, in id order, become links of lane 0 (at most SEAL_CHUNK transfers each),
and its audit entries, oldest first, links of audit lane 0. From then on the seal is part of
the history like any other link (an edit to a sealed row breaks it the same way).

Revision ID: 0007
Revises: 0008
Create Date: 2026-11-28
"""

from __future__ import annotations

import hashlib
import struct
import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out rather than imported: a migration must not change when the code does. The hash
# below is format 1 of `fancoins.ledger.chain`, which never changes meaning.
Int64 = sa.BigInteger().with_variant(sa.INTEGER(), "sqlite")
GENESIS = "0" * 64
LEDGER_LANES = 32  # more than the writers that commit at the same moment in a deployment
AUDIT_LANES = 4  # operator actions are rare; a few lanes still never queue them
SEAL_CHUNK = 10_000


def upgrade() -> None:
    with op.batch_alter_table("ledger_transfers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chain_lane", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("chain_seq", Int64, nullable=True))
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chain_lane", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("chain_seq", Int64, nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
        batch_op.create_index("uq_audit_log_chain", ["chain_lane", "chain_seq"], unique=True)
    op.create_table(
        "ledger_links",
        sa.Column("lane", sa.Integer(), nullable=False),
        sa.Column("seq", Int64, nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("transfers", Int64, nullable=False),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.PrimaryKeyConstraint("lane", "seq", name="pk_ledger_links"),
    )
    heads = op.create_table(
        "chain_heads",
        sa.Column("chain", sa.String(length=16), nullable=False),
        sa.Column("lane", sa.Integer(), nullable=False),
        sa.Column("seq", Int64, nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("chain", "lane", name="pk_chain_heads"),
    )
    op.bulk_insert(heads, [
        {"chain": chain, "lane": lane, "seq": 0, "hash": GENESIS}
        for chain, lanes in (("ledger", LEDGER_LANES), ("audit", AUDIT_LANES))
        for lane in range(lanes)
    ])
    bind = op.get_bind()
    _seal_transfers(bind)
    _seal_audit(bind)


def downgrade() -> None:
    op.drop_table("chain_heads")
    op.drop_table("ledger_links")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("uq_audit_log_chain")
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("chain_seq")
        batch_op.drop_column("chain_lane")
    with op.batch_alter_table("ledger_transfers", schema=None) as batch_op:
        batch_op.drop_column("chain_seq")
        batch_op.drop_column("chain_lane")


# --- format 1, frozen -----------------------------------------------------------------------
# A row's bytes are PostgreSQL's binary record encoding: field count, then per field its type
# OID, its length (-1 for NULL) and its value (UUID 16 bytes, int8 big-endian, text and JSON
# as UTF-8). Links hash their rows in id order.

_UUID, _TEXT, _INT8, _JSON = 2950, 25, 20, 114
_TRANSFER_TYPES = (_UUID, _TEXT, _TEXT, _TEXT, _INT8, _TEXT, _JSON, _INT8, _UUID, _INT8, _INT8,
                   _TEXT, _INT8)
_AUDIT_TYPES = (_UUID, _TEXT, _TEXT, _TEXT, _TEXT, _JSON, _INT8)


def _value(oid: int, value: object) -> bytes:
    if value is None:
        return struct.pack(">Ii", oid, -1)
    if isinstance(value, uuid.UUID):
        raw = value.bytes
    elif oid == _INT8:
        raw = struct.pack(">q", int(str(value)))
    else:
        raw = str(value).encode()
    return struct.pack(">Ii", oid, len(raw)) + raw


def _record(types: tuple[int, ...], values: Sequence[object]) -> bytes:
    return struct.pack(">i", len(types)) + b"".join(
        _value(oid, value) for oid, value in zip(types, values, strict=True))


def _digest(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def _link_hash(tag: str, lane: int, seq: int, count: int, prev: str, body: str) -> str:
    return _digest(f"{tag}|{lane}|{seq}|{count}|{prev}|{body}")


_TRANSFER_FIELDS = ("id", "debit_account_id", "credit_account_id", "asset", "amount", "code",
                    "user_data_text", "flags", "pending_id", "timeout_s", "expires_at_ms",
                    "operation_id", "created_at_ms")
_AUDIT_FIELDS = ("id", "actor", "action", "target", "reason", "data_text", "created_at_ms")

_transfers = sa.table(
    "ledger_transfers", sa.column("id", sa.Uuid()), sa.column("debit_account_id"),
    sa.column("credit_account_id"), sa.column("asset"), sa.column("amount"), sa.column("code"),
    sa.column("user_data", sa.JSON()), sa.column("flags"), sa.column("pending_id", sa.Uuid()),
    sa.column("timeout_s"), sa.column("expires_at_ms"), sa.column("operation_id"),
    sa.column("created_at_ms"), sa.column("chain_lane"), sa.column("chain_seq"),
)
_links = sa.table("ledger_links", sa.column("lane"), sa.column("seq"), sa.column("prev_hash"),
                  sa.column("hash"), sa.column("transfers"), sa.column("created_at_ms"))
_heads = sa.table("chain_heads", sa.column("chain"), sa.column("lane"), sa.column("seq"),
                  sa.column("hash"))
_audit = sa.table(
    "audit_log", sa.column("id", sa.Uuid()), sa.column("actor"), sa.column("action"),
    sa.column("target"), sa.column("reason"), sa.column("data", sa.JSON()),
    sa.column("created_at_ms"), sa.column("chain_lane"), sa.column("chain_seq"),
    sa.column("prev_hash"), sa.column("hash"),
)


def _seal_transfers(bind: sa.Connection) -> None:
    t = _transfers
    columns = [t.c[name] for name in _TRANSFER_FIELDS if name != "user_data_text"]
    seq, prev = 0, GENESIS
    after: uuid.UUID | None = None
    while True:
        query = sa.select(*columns, sa.cast(t.c.user_data, sa.Text).label("user_data_text"))
        if after is not None:
            query = query.where(t.c.id > after)
        rows = bind.execute(query.order_by(t.c.id).limit(SEAL_CHUNK)).mappings().all()
        if not rows:
            break
        seq += 1
        body = _digest(b"".join(
            _record(_TRANSFER_TYPES, [r[name] for name in _TRANSFER_FIELDS]) for r in rows))
        prev_hash, prev = prev, _link_hash("fancoins-ledger-1", 0, seq, len(rows), prev, body)
        bind.execute(sa.update(t).where(t.c.id >= rows[0]["id"], t.c.id <= rows[-1]["id"])
                     .values(chain_lane=0, chain_seq=seq))
        bind.execute(sa.insert(_links).values(lane=0, seq=seq, prev_hash=prev_hash, hash=prev,
                                              transfers=len(rows), created_at_ms=0))
        after = rows[-1]["id"]
    if seq:
        bind.execute(sa.update(_heads).where(_heads.c.chain == "ledger", _heads.c.lane == 0)
                     .values(seq=seq, hash=prev))


def _seal_audit(bind: sa.Connection) -> None:
    a = _audit
    columns = [a.c[name] for name in _AUDIT_FIELDS if name != "data_text"]
    rows = bind.execute(
        sa.select(*columns, sa.cast(a.c.data, sa.Text).label("data_text"))
        .order_by(a.c.created_at_ms, a.c.id)
    ).mappings().all()
    prev = GENESIS
    for seq, row in enumerate(rows, start=1):
        entry = _record(_AUDIT_TYPES, [row[name] for name in _AUDIT_FIELDS])
        entry_hash = _link_hash("fancoins-audit-1", 0, seq, 1, prev, _digest(entry))
        bind.execute(sa.update(a).where(a.c.id == row["id"]).values(
            chain_lane=0, chain_seq=seq, prev_hash=prev, hash=entry_hash))
        prev = entry_hash
    if rows:
        bind.execute(sa.update(_heads).where(_heads.c.chain == "audit", _heads.c.lane == 0)
                     .values(seq=len(rows), hash=prev))
