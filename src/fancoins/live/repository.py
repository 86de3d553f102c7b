"""Every query on LIVE's tables: combos and each stream's event log (`fancoins.live` is
their only writer)."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam, case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import locks_rows
from fancoins.db.tables.live import live_combos, live_frames, live_stream_heads

_C = live_combos.c


async def open_combos(connection: AsyncConnection, open_keys: Collection[str]
                      ) -> dict[str, Row[Any]]:
    """The open combos under these keys, locked (PostgreSQL) until the transaction ends."""
    if not open_keys:
        return {}
    query = select(live_combos).where(_C.open_key.in_(sorted(open_keys))).order_by(_C.open_key)
    if locks_rows(connection):
        query = query.with_for_update()
    return {row.open_key: row for row in (await connection.execute(query)).all()}


async def lapsed_combos(connection: AsyncConnection, last_before_ms: int, limit: int
                        ) -> list[Row[Any]]:
    """Open combos whose last send is older than `last_before_ms`, locked; another process
    sweeping at the same time skips the rows this one holds."""
    query = (
        select(live_combos)
        .where(_C.ended_at_ms.is_(None), _C.last_at_ms < last_before_ms)
        .order_by(_C.last_at_ms)
        .limit(limit)
    )
    if locks_rows(connection):
        query = query.with_for_update(skip_locked=True)
    return list((await connection.execute(query)).all())


async def stream_open_combos(connection: AsyncConnection, stream_id: str, limit: int
                             ) -> list[Row[Any]]:
    query = (
        select(live_combos)
        .where(_C.stream_id == stream_id, _C.ended_at_ms.is_(None))
        .order_by(_C.last_at_ms)
        .limit(limit)
    )
    if locks_rows(connection):
        query = query.with_for_update(skip_locked=True)
    return list((await connection.execute(query)).all())


async def end_combos(connection: AsyncConnection, combo_ids: Collection[uuid.UUID], at_ms: int
                     ) -> set[uuid.UUID]:
    """End the combos that are still open; returns the ids this call ended (and only those
    may announce their end: exactly once)."""
    if not combo_ids:
        return set()
    statement = (
        update(live_combos)
        .where(_C.id.in_(sorted(combo_ids)), _C.ended_at_ms.is_(None))
        .values(ended_at_ms=at_ms, open_key=None)
        .returning(_C.id)
    )
    return {row.id for row in (await connection.execute(statement)).all()}


async def extend_combos(connection: AsyncConnection, values: Sequence[dict[str, Any]]) -> None:
    """Write the new running totals of open combos (keys: combo_id and the columns)."""
    if not values:
        return
    statement = (
        update(live_combos)
        .where(and_(_C.id == bindparam("combo_id"), _C.ended_at_ms.is_(None)))
        .values(count=bindparam("n"), coins=bindparam("c"), diamonds=bindparam("d"),
                last_at_ms=bindparam("last"), sender_display_name=bindparam("name"),
                sender_lifetime_coins=bindparam("lifetime"))
    )
    await connection.execute(statement, list(values))


async def insert_combos(connection: AsyncConnection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        await connection.execute(live_combos.insert(), list(rows))


async def get_combo(connection: AsyncConnection, combo_id: uuid.UUID) -> Row[Any] | None:
    return (await connection.execute(select(live_combos).where(_C.id == combo_id))).first()


async def combos_of_stream(connection: AsyncConnection, stream_id: str, limit: int
                           ) -> list[Row[Any]]:
    query = (select(live_combos).where(_C.stream_id == stream_id)
             .order_by(_C.started_at_ms, _C.id).limit(limit))
    return list((await connection.execute(query)).all())


# --- the stream log ------------------------------------------------------------------------

_F = live_frames.c
_H = live_stream_heads.c


@dataclass(frozen=True, slots=True)
class Numbers:
    """What one stream's frame takes in a log transaction: `events` numbers, and the gifts
    it covers (for the stream's end: every committed gift covered before it is told)."""

    stream_id: str
    events: int
    sends: int = 0
    gift_count: int = 0
    coins: int = 0
    diamonds: int = 0


@dataclass(frozen=True, slots=True)
class LoggedFrame:
    stream_id: str
    seq_first: int
    seq_last: int
    final: bool
    committed_at_ms: int
    payload: bytes


@dataclass(frozen=True, slots=True)
class Covered:
    """What a stream's logged frames covered of its gifts."""

    sends: int = 0
    gift_count: int = 0
    coins: int = 0
    diamonds: int = 0
    ended_seq: int | None = None


async def take_numbers(connection: AsyncConnection, wanted: Sequence[Numbers], at_ms: int
                       ) -> dict[str, int]:
    """Take the next numbers of each stream (its head row locked until the transaction
    ends, so numbers follow commit order and a rolled-back one is given again); returns each
    stream's last number taken. Rows are locked in stream order: never a deadlock between
    two processes' ticks."""
    if not wanted:
        return {}
    ordered = sorted(wanted, key=lambda n: n.stream_id)
    insert = (postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert)
    statement = insert(live_stream_heads).values([
        {"stream_id": n.stream_id, "seq_last": n.events, "sends": n.sends,
         "gift_count": n.gift_count, "coins": n.coins, "diamonds": n.diamonds,
         "ended_seq": None, "updated_at_ms": at_ms}
        for n in ordered])
    new = statement.excluded
    upsert = statement.on_conflict_do_update(
        index_elements=[_H.stream_id],
        set_={"seq_last": _H.seq_last + new.seq_last, "sends": _H.sends + new.sends,
              "gift_count": _H.gift_count + new.gift_count, "coins": _H.coins + new.coins,
              "diamonds": _H.diamonds + new.diamonds, "updated_at_ms": new.updated_at_ms},
    ).returning(_H.stream_id, _H.seq_last)
    return {row.stream_id: int(row.seq_last)
            for row in (await connection.execute(upsert)).all()}


async def mark_ended(connection: AsyncConnection, stream_id: str, seq: int) -> bool:
    """Record the stream's final number; False if its end was already logged (once only)."""
    statement = (update(live_stream_heads)
                 .where(_H.stream_id == stream_id, _H.ended_seq.is_(None))
                 .values(ended_seq=seq).returning(_H.stream_id))
    return (await connection.execute(statement)).first() is not None


async def insert_frames(connection: AsyncConnection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        await connection.execute(live_frames.insert(), list(rows))


def _logged(row: Any) -> LoggedFrame:
    return LoggedFrame(row.stream_id, int(row.seq_first), int(row.seq_last), bool(row.final),
                       int(row.committed_at_ms), bytes(row.payload))


_FRAME_COLUMNS = (_F.stream_id, _F.seq_first, _F.seq_last, _F.final, _F.committed_at_ms,
                  _F.payload)


async def frames_by_id(connection: AsyncConnection, frame_ids: Collection[uuid.UUID]
                       ) -> dict[uuid.UUID, LoggedFrame]:
    if not frame_ids:
        return {}
    query = select(_F.frame_id, *_FRAME_COLUMNS).where(_F.frame_id.in_(list(frame_ids)))
    return {row.frame_id: _logged(row) for row in (await connection.execute(query)).all()}


async def frames_after(connection: AsyncConnection, stream_id: str, after_seq: int,
                       limit: int) -> list[LoggedFrame]:
    query = (select(*_FRAME_COLUMNS)
             .where(_F.stream_id == stream_id, _F.seq_last > after_seq)
             .order_by(_F.seq_last).limit(limit))
    return [_logged(row) for row in (await connection.execute(query)).all()]


async def last_frames(connection: AsyncConnection, stream_id: str, limit: int
                      ) -> list[LoggedFrame]:
    """The stream's last `limit` frames, oldest first."""
    query = (select(*_FRAME_COLUMNS).where(_F.stream_id == stream_id)
             .order_by(_F.seq_last.desc()).limit(limit))
    return [_logged(row) for row in reversed((await connection.execute(query)).all())]


async def heads(connection: AsyncConnection, stream_ids: Collection[str]) -> dict[str, int]:
    if not stream_ids:
        return {}
    query = select(_H.stream_id, _H.seq_last).where(_H.stream_id.in_(sorted(stream_ids)))
    return {row.stream_id: int(row.seq_last) for row in (await connection.execute(query)).all()}


async def covered(connection: AsyncConnection, stream_id: str) -> Covered:
    query = select(_H.sends, _H.gift_count, _H.coins, _H.diamonds, _H.ended_seq).where(
        _H.stream_id == stream_id)
    row = (await connection.execute(query)).first()
    if row is None:
        return Covered()
    return Covered(int(row.sends), int(row.gift_count), int(row.coins), int(row.diamonds),
                   None if row.ended_seq is None else int(row.ended_seq))


async def prune(connection: AsyncConnection, before_ms: int, keep_seqs: int) -> int:
    """Delete frames older than `before_ms`, but the last `keep_seqs` numbers of each live
    stream (its history); an ended stream's old frames all go, and then its head. Returns
    how many frames went."""
    keep_from = (select(case((_H.ended_seq.is_not(None), _H.seq_last),
                             else_=_H.seq_last - keep_seqs))
                 .where(_H.stream_id == _F.stream_id).scalar_subquery())
    result = await connection.execute(
        delete(live_frames).where(_F.created_at_ms < before_ms, _F.seq_last <= keep_from))
    await connection.execute(delete(live_stream_heads).where(
        _H.ended_seq.is_not(None), _H.updated_at_ms < before_ms))
    return int(result.rowcount or 0)
