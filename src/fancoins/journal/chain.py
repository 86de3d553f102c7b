"""Writing the hash chain: every ledger commit and every audit entry becomes a link.

What is hashed is `fancoins.ledger.chain`. Here: which lane a commit joins and how its link is
stored. A commit locks one lane's head row until it commits. On PostgreSQL it takes the first
lane no other transaction holds (`FOR UPDATE SKIP LOCKED`), so writers in several processes —
each process's gift writer, every request that records transfers — never queue behind one
head row; only when every lane is held does a commit wait, for the first lane. A transaction
that already holds a lane gets that same lane back (its own lock never skips it), so it never
waits while holding one and two writers can never deadlock on lanes. SQLite has one writer at
a time, so it uses lane 0.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import insert_ignoring_conflicts, json_as_text, json_from_text, locks_rows
from fancoins.db.tables import audit_log
from fancoins.db.tables.ledger import chain_heads, ledger_links, ledger_transfers
from fancoins.ids import new_id, now_ms
from fancoins.ledger import invariant
from fancoins.ledger.chain import (
    AUDIT,
    GENESIS,
    LEDGER,
    LEDGER_TAG,
    audit_hash,
    audit_record,
    body_digest,
    json_text,
    link_hash,
    transfer_record,
)

h = chain_heads
# Links sealed per statement when transfers written outside the chain are sealed afterwards
# (the benchmark's unchained run): bounded so one link's body stays small in memory.
SEAL_CHUNK = 10_000


@dataclass(frozen=True, slots=True)
class Lane:
    """A lane locked by this transaction, ready for its next link."""

    chain: str
    lane: int
    seq: int  # the next link's position
    prev_hash: str


async def take_lane(connection: AsyncConnection, chain: str) -> Lane:
    """Lock a lane of `chain` for this transaction (see the module docstring)."""
    query = (select(h.c.lane, h.c.seq, h.c.hash).where(h.c.chain == chain)
             .order_by(h.c.lane).limit(1))
    row = None
    if locks_rows(connection):
        row = (await connection.execute(query.with_for_update(skip_locked=True))).first()
        if row is None:  # every lane is held: wait for the first one
            row = (await connection.execute(query.with_for_update())).first()
    else:
        row = (await connection.execute(query)).first()
    if row is None:  # a database whose lanes were never seeded: lane 0 starts the chain
        await connection.execute(insert_ignoring_conflicts(connection, h).values(
            chain=chain, lane=0, seq=0, hash=GENESIS))
        return await take_lane(connection, chain)
    return Lane(chain, int(row.lane), int(row.seq) + 1, str(row.hash))


async def _advance(connection: AsyncConnection, lane: Lane, new_hash: str) -> None:
    await connection.execute(
        update(h).where(h.c.chain == lane.chain, h.c.lane == lane.lane)
        .values(seq=lane.seq, hash=new_hash)
    )


async def close_link(connection: AsyncConnection, lane: Lane, count: int, body: str,
                     at_ms: int) -> str:
    """Store the link of `count` transfers whose body digest is `body`; returns its hash."""
    invariant(count > 0, "a link holds at least one transfer")
    new_hash = link_hash(LEDGER_TAG, lane.lane, lane.seq, count, lane.prev_hash, body)
    await connection.execute(insert(ledger_links).values(
        lane=lane.lane, seq=lane.seq, prev_hash=lane.prev_hash, hash=new_hash,
        transfers=count, created_at_ms=at_ms,
    ))
    await _advance(connection, lane, new_hash)
    return new_hash


# --- the audit log --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditEntry:
    actor: str
    action: str
    target: str
    reason: str
    data: dict[str, Any] | None = None


async def record_audit(
    connection: AsyncConnection, *, actor: str, action: str, target: str, reason: str,
    data: dict[str, Any] | None,
) -> uuid.UUID:
    """Append an audit entry as the next link of the audit chain."""
    return (await record_audits(connection, [AuditEntry(actor, action, target, reason,
                                                        data)]))[0]


async def record_audits(
    connection: AsyncConnection, entries: Sequence[AuditEntry]
) -> list[uuid.UUID]:
    """Append entries as consecutive links of one lane (one insert, one head update)."""
    if not entries:
        return []
    lane = await take_lane(connection, AUDIT)
    at_ms = now_ms()
    rows: list[dict[str, Any]] = []
    prev_hash, seq = lane.prev_hash, lane.seq
    for entry in entries:
        entry_id, data_text = new_id(), json_text(entry.data) or "{}"
        entry_hash = audit_hash(lane.lane, seq, prev_hash, audit_record(
            entry_id, entry.actor, entry.action, entry.target, entry.reason, data_text, at_ms))
        rows.append({"p_id": entry_id, "p_actor": entry.actor, "p_action": entry.action,
                     "p_target": entry.target, "p_reason": entry.reason,
                     "p_data": data_text, "p_created_at_ms": at_ms, "p_chain_lane": lane.lane,
                     "p_chain_seq": seq, "p_prev_hash": prev_hash, "p_hash": entry_hash})
        prev_hash, seq = entry_hash, seq + 1
    columns = ("id", "actor", "action", "target", "reason", "created_at_ms", "chain_lane",
               "chain_seq", "prev_hash", "hash")
    statement = insert(audit_log).values(
        {name: bindparam(f"p_{name}") for name in columns}
        | {"data": json_from_text(connection, "p_data")}
    )
    await connection.execute(statement, rows)
    await _advance(connection, Lane(AUDIT, lane.lane, seq - 1, ""), prev_hash)
    return [row["p_id"] for row in rows]


# --- sealing transfers written outside the chain --------------------------------------------


async def seal_unchained(connection: AsyncConnection, chunk: int = SEAL_CHUNK) -> int:
    """Link every transfer that has no link yet, in id order, `chunk` to a link. Only the
    gift benchmark's unchained run writes such transfers (to measure what the chain costs);
    on a real ledger `verify` reports any as an error. Returns how many were sealed."""
    t = ledger_transfers
    sealed = 0
    while True:
        rows = (await connection.execute(
            select(t.c.id, t.c.debit_account_id, t.c.credit_account_id, t.c.asset, t.c.amount,
                   t.c.code, json_as_text(t.c.user_data).label("user_data_text"), t.c.flags,
                   t.c.pending_id, t.c.timeout_s, t.c.expires_at_ms, t.c.operation_id,
                   t.c.created_at_ms)
            .where(t.c.chain_lane.is_(None)).order_by(t.c.id).limit(chunk)
        )).all()
        if not rows:
            return sealed
        lane = await take_lane(connection, LEDGER)
        body = body_digest(transfer_record(
            r.id, r.debit_account_id, r.credit_account_id, r.asset, r.amount, r.code,
            r.user_data_text, r.flags, r.pending_id, r.timeout_s, r.expires_at_ms,
            r.operation_id, r.created_at_ms) for r in rows)
        await connection.execute(
            update(t).where(t.c.chain_lane.is_(None), t.c.id >= rows[0].id,
                            t.c.id <= rows[-1].id)
            .values(chain_lane=lane.lane, chain_seq=lane.seq))
        await close_link(connection, lane, len(rows), body, now_ms())
        sealed += len(rows)
