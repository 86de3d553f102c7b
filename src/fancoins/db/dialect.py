"""The few statements whose spelling differs between SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, String, Table, Text, bindparam, cast, func, literal
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.dml import Insert
from sqlalchemy.sql.elements import ColumnElement


def insert_ignoring_conflicts(connection: AsyncConnection, table: Table) -> Insert:
    """`INSERT ... ON CONFLICT DO NOTHING` for the connection's database."""
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


def locks_rows(connection: AsyncConnection) -> bool:
    """PostgreSQL needs `FOR UPDATE`; SQLite already holds the write lock (`BEGIN IMMEDIATE`)."""
    return connection.dialect.name == "postgresql"


def json_from_text(connection: AsyncConnection, name: str) -> ColumnElement[Any]:
    """A bound parameter holding JSON *text* for a JSON column: stored exactly as given (the
    hash chain hashes the stored text), never re-serialised by SQLAlchemy."""
    param = bindparam(name, type_=String)
    if connection.dialect.name == "postgresql":
        return cast(param, JSON)
    return param


def json_as_text(column: ColumnElement[Any]) -> ColumnElement[str]:
    """A JSON column's stored text, unparsed (PostgreSQL's `json` keeps its input as is)."""
    return cast(column, Text)


def uuid_text(connection: AsyncConnection, column: ColumnElement[Any]) -> ColumnElement[str]:
    """A UUID column as `str(uuid)` spells it (lowercase 8-4-4-4-12): how ids appear inside
    operation ids and JSON. SQLite stores a UUID as its 32 hex digits."""
    if connection.dialect.name == "postgresql":
        return cast(column, Text)
    hexed = func.lower(cast(column, Text))
    parts = [func.substr(hexed, start, length)
             for start, length in ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))]
    joined: ColumnElement[str] = parts[0]
    for part in parts[1:]:
        joined = joined + literal("-") + part
    return joined


def uuid_hex(connection: AsyncConnection, column: ColumnElement[Any]) -> ColumnElement[str]:
    """A UUID column as `uuid.hex` spells it (32 lowercase hex digits)."""
    if connection.dialect.name == "postgresql":
        return func.replace(cast(column, Text), "-", "")
    return func.lower(cast(column, Text))
