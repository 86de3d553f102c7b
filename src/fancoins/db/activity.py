"""What a PostgreSQL database's client backends are doing: how many wait on a lock, how many of
those on the ledger's accounts (the rows a hot creator's gifts queue on), and in which
statements. For benchmarks and diagnosis; PostgreSQL only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

_BUSY = text(
    "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock' AND query LIKE '%ledger_accounts%'),"
    " count(*) FILTER (WHERE wait_event_type = 'Lock'), count(*) FROM pg_stat_activity"
    " WHERE state = 'active' AND backend_type = 'client backend'"
    " AND datname = current_database() AND pid <> pg_backend_pid()")
_WAITERS = text(
    "SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 90) FROM pg_stat_activity"
    " WHERE state = 'active' AND wait_event_type = 'Lock' AND datname = current_database()")


@dataclass(frozen=True, slots=True)
class Busy:
    on_accounts: int  # waiting on a lock, in a statement on the ledger's accounts
    waiting: int  # waiting on any lock
    busy: int  # active client backends (this one not counted)


async def busy_backends(connection: AsyncConnection) -> Busy:
    on_accounts, waiting, busy = (await connection.execute(_BUSY)).one()
    return Busy(int(on_accounts), int(waiting), int(busy))


async def lock_waiters(connection: AsyncConnection) -> list[str]:
    """The start of each statement waiting on a lock."""
    return [str(q) for q in (await connection.execute(_WAITERS)).scalars()]
