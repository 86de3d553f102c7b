"""The few statements whose spelling differs between SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, String, Table, Text, bindparam, cast
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
