"""Set-valued parameters: `IN` over many values with ONE bound parameter on both databases.

An expanding `IN (?, ?, ...)` makes a new statement (and plan) for every count and costs
per-value parameter processing. Instead: PostgreSQL gets one array (`= ANY(:ids)`), SQLite
one JSON text read by `json_each`. Both use the column's index.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import orjson
from asyncpg.exceptions import (  # type: ignore[import-untyped]
    UniqueViolationError as PgUniqueViolation,
)
from sqlalchemy import ARRAY, String, any_, bindparam, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from fancoins.ledger import invariant

__all__ = ["PgUniqueViolation", "driver_connection", "json_values", "one_of", "pair_in"]


def one_of(
    connection: AsyncConnection, column: ColumnElement[str], values: Collection[str]
) -> ColumnElement[bool]:
    """`column IN values` (text values)."""
    ordered = sorted(values)
    if connection.dialect.name == "postgresql":
        return column == any_(bindparam(None, ordered, type_=ARRAY(String)))
    table = func.json_each(orjson.dumps(ordered).decode()).table_valued("value")
    return column.in_(select(table.c.value))


def json_values(values: Collection[str]) -> str:
    """Text values as the JSON array SQLite's `IN (SELECT value FROM json_each(?))` takes:
    for the gift writer's batch reads through the driver."""
    return orjson.dumps(list(values)).decode()


def pair_in(
    connection: AsyncConnection, first: ColumnElement[str], second: ColumnElement[str],
    pairs: Collection[tuple[str, str]],
) -> ColumnElement[bool]:
    """`(first, second) IN pairs` (text values)."""
    if connection.dialect.name == "postgresql":
        a = bindparam(None, [p[0] for p in pairs], type_=ARRAY(String))
        b = bindparam(None, [p[1] for p in pairs], type_=ARRAY(String))
        table = func.unnest(a, b).table_valued("a", "b").render_derived()
        return tuple_(first, second).in_(select(table.c.a, table.c.b))
    table = func.json_each(orjson.dumps([list(p) for p in pairs]).decode()).table_valued("value")
    return tuple_(first, second).in_(select(func.json_extract(table.c.value, "$[0]"),
                                            func.json_extract(table.c.value, "$[1]")))


async def driver_connection(connection: AsyncConnection) -> Any:
    """The driver's own connection (asyncpg or aiosqlite) under `connection`, inside the
    transaction `connection` already began: for bulk statements without per-row overhead."""
    raw: Any = (await connection.get_raw_connection()).driver_connection
    invariant(raw is not None, "no driver connection")
    postgres = connection.dialect.name == "postgresql"
    if postgres and connection.in_transaction() and not raw.is_in_transaction():
        # SQLAlchemy's asyncpg adapter sends BEGIN with the first statement it runs: when the
        # driver goes first, one trivial statement through SQLAlchemy begins the transaction.
        await connection.exec_driver_sql("SELECT 1")
    in_transaction = raw.is_in_transaction() if postgres else raw.in_transaction
    invariant(bool(in_transaction), "bulk writes need the caller's transaction")
    return raw
