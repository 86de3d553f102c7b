"""Shared metadata and column helpers."""

from __future__ import annotations

from sqlalchemy import BigInteger, MetaData
from sqlalchemy.dialects import sqlite

# Constraint names are stable so Alembic migrations can refer to them on both databases.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# 64-bit integers everywhere money moves; SQLite's INTEGER is already 64-bit.
Int64 = BigInteger().with_variant(sqlite.INTEGER(), "sqlite")
