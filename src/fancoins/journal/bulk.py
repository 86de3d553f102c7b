"""The ledger writes of the gift writer's batch (DESIGN §4): set-based, on the driver's own
connection, inside the batch's transaction.

The same rows and invariants as the rest of the journal — the batch decides every gift
against balances it locked here, in the journal's lock order — but written in bulk: on
PostgreSQL a binary COPY and one `UPDATE ... FROM unnest(...)`, on SQLite one `executemany`
of plain tuples (SQLAlchemy's per-row parameter processing cost 5x the insert). Each batch's
transfers are one link of the hash chain, like any other commit.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Collection, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.sets import driver_connection
from fancoins.journal import chain
from fancoins.ledger.chain import LEDGER, digest, plain_records, transfer_head, transfer_tail

_TRANSFER_COLUMNS = (
    "id, debit_account_id, credit_account_id, asset, amount, code, user_data, operation_id,"
    " created_at_ms, chain_lane, chain_seq, flags, pending_id, timeout_s, expires_at_ms,"
    " pending_status"
)
# COPY (binary) for the PostgreSQL bulk insert: measured a third faster than INSERT ...
# SELECT FROM unnest(arrays) for a 1000-gift batch (no per-element array checks in the driver,
# no executor per row on the server).
_TRANSFER_COPY_COLUMNS = tuple(c.strip() for c in _TRANSFER_COLUMNS.split(","))
_SQLITE_INSERT_TRANSFERS = (
    f"INSERT INTO ledger_transfers ({_TRANSFER_COLUMNS})"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, 0, NULL, NULL)"
)
# Every bulk transfer is plain: posted at once, no pending phase, no timeout.
_PLAIN_FLAGS = 0
_PLAIN_TIMEOUT_S = 0
_PG_LOCK_BALANCES = """
SELECT id, credits_posted, debits_posted, debits_pending FROM ledger_accounts
WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE
"""
_PG_BALANCES = _PG_LOCK_BALANCES.replace(" FOR UPDATE", "")
_SQLITE_BALANCES = """
SELECT id, credits_posted, debits_posted, debits_pending FROM ledger_accounts
WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id
"""
_PG_ADD_BALANCES = """
UPDATE ledger_accounts AS a
SET debits_posted = a.debits_posted + v.d, credits_posted = a.credits_posted + v.c
FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS v(id, d, c)
WHERE a.id = v.id
"""
_SQLITE_ADD_BALANCES = (
    "UPDATE ledger_accounts SET debits_posted = debits_posted + ?,"
    " credits_posted = credits_posted + ? WHERE id = ?"
)

# Benchmarks only (`fancoins bench gifts` measures what the chain costs the writer): there is
# no setting for it, and what a run writes without links is sealed right after it.
_unchained_for_benchmark: ContextVar[bool] = ContextVar("unchained_for_benchmark",
                                                         default=False)


@contextlib.contextmanager
def unchained_for_benchmark() -> Iterator[None]:
    """Bulk writes started inside the block (a writer task started in it inherits it) leave
    their transfers without a link. `chain.seal_unchained` links them afterwards."""
    token = _unchained_for_benchmark.set(True)
    try:
        yield
    finally:
        _unchained_for_benchmark.reset(token)


@dataclass(slots=True)
class Transfers:
    """Plain transfers to insert, column by column (what the bulk statements take)."""

    ids: list[uuid.UUID] = field(default_factory=list)
    debits: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)
    amounts: list[int] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    user_data: list[str | None] = field(default_factory=list)  # JSON text, stored, hashed
    # Each transfer's own operation, when they differ (purchases: one per purchase, which
    # `verify` finds its legs by); empty when the link's one operation names them all.
    operations: list[str] = field(default_factory=list)

    def add(self, transfer_id: uuid.UUID, debit: str, credit: str, asset: str, amount: int,
            code: str, user_data: str | None, operation_id: str | None = None) -> None:
        self.ids.append(transfer_id)
        self.debits.append(debit)
        self.credits.append(credit)
        self.assets.append(asset)
        self.amounts.append(amount)
        self.codes.append(code)
        self.user_data.append(user_data)
        if operation_id is not None:
            self.operations.append(operation_id)

    def rows(self) -> zip[tuple[uuid.UUID, str, str, str, int, str, str | None]]:
        return zip(self.ids, self.debits, self.credits, self.assets, self.amounts, self.codes,
                   self.user_data, strict=True)

    def operation_ids(self, operation_id: str) -> list[str]:
        if not self.operations:
            return [operation_id] * len(self.ids)
        if len(self.operations) != len(self.ids):
            raise ValueError("either every transfer names its operation or none does")
        return self.operations

    def body(self, operation_id: str, at_ms: int) -> str:
        """The link body's digest: every transfer's fields, in id order."""
        if self.operations:
            return self._body_by_operation(operation_id, at_ms)
        tail = transfer_tail(_PLAIN_FLAGS, None, _PLAIN_TIMEOUT_S, None, operation_id, at_ms)
        ordered = sorted(self.rows(), key=lambda row: row[0].int)  # int: far faster than UUIDs
        return digest(b"".join(plain_records(ordered, tail)))

    def _body_by_operation(self, operation_id: str, at_ms: int) -> str:
        """The same digest as `transfer_record` for each transfer, its own operation in its
        tail (a tail is made once per operation)."""
        tails: dict[str, bytes] = {}
        records = []
        for row, operation in sorted(zip(self.rows(), self.operation_ids(operation_id),
                                         strict=True), key=lambda pair: pair[0][0].int):
            tail = tails.get(operation)
            if tail is None:
                tail = tails[operation] = transfer_tail(_PLAIN_FLAGS, None, _PLAIN_TIMEOUT_S,
                                                        None, operation, at_ms)
            records.append(transfer_head(*row) + tail)
        return digest(b"".join(records))


@dataclass(slots=True)  # one per account of a batch: not frozen (a cheaper __init__)
class Balances:
    credits_posted: int
    debits_posted: int
    debits_pending: int


async def lock_balances(
    connection: AsyncConnection, account_ids: Collection[str], *, lock: bool = True
) -> dict[str, Balances]:
    """Balances, locked in id order on PostgreSQL, as the journal locks them: one lock order.
    With `lock` false they are only read (a batch decided ahead of its locks checks them
    again once it holds the locks)."""
    raw = await driver_connection(connection)
    if connection.dialect.name == "postgresql":
        rows: Any = await raw.fetch(_PG_LOCK_BALANCES if lock else _PG_BALANCES,
                                    sorted(account_ids))
    else:  # a writing batch holds SQLite's write lock
        rows = await raw.execute_fetchall(_SQLITE_BALANCES,
                                          (orjson.dumps(sorted(account_ids)).decode(),))
    return {i: Balances(c, d, p) for i, c, d, p in rows}


async def insert_transfers(
    connection: AsyncConnection, transfers: Transfers, operation_id: str, at_ms: int
) -> None:
    """Insert the batch's transfers as one link of the ledger's chain, each under its own
    operation when `transfers` names them, else under `operation_id`."""
    if not transfers.ids:
        return
    operations = transfers.operation_ids(operation_id)
    lane = None if _unchained_for_benchmark.get() else await chain.take_lane(connection,
                                                                            LEDGER)
    lane_no, seq = (lane.lane, lane.seq) if lane is not None else (None, None)
    raw = await driver_connection(connection)
    if connection.dialect.name == "postgresql":
        await raw.copy_records_to_table(
            "ledger_transfers", columns=_TRANSFER_COPY_COLUMNS, records=[
                (i, d, c, a, n, code, u, op, at_ms, lane_no, seq, _PLAIN_FLAGS, None,
                 _PLAIN_TIMEOUT_S, None, None)
                for (i, d, c, a, n, code, u), op in zip(transfers.rows(), operations,
                                                        strict=True)
            ])
    else:
        await raw.executemany(_SQLITE_INSERT_TRANSFERS, [
            (i.hex, d, c, a, n, code, u, op, at_ms, lane_no, seq)
            for (i, d, c, a, n, code, u), op in zip(transfers.rows(), operations, strict=True)
        ])
    if lane is not None:
        await chain.close_link(connection, lane, len(transfers.ids),
                               transfers.body(operation_id, at_ms), at_ms)


async def add_to_balances(
    connection: AsyncConnection, deltas: Sequence[tuple[str, int, int]]
) -> None:
    """Add (account id, debits, credits) to each account's posted totals, relatively."""
    if not deltas:
        return
    raw = await driver_connection(connection)
    if connection.dialect.name == "postgresql":
        await raw.execute(_PG_ADD_BALANCES, [d[0] for d in deltas], [d[1] for d in deltas],
                          [d[2] for d in deltas])
        return
    await raw.executemany(_SQLITE_ADD_BALANCES, [(d, c, i) for i, d, c in deltas])
