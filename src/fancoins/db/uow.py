"""The unit of work: one transaction, owned in one place, with hooks that run after its commit.

Whoever starts a piece of work owns its unit — an HTTP request (the `UnitDep` dependency), a
background job, a CLI command, the gift writer's batch — and services receive it and never
commit. The transaction begins on first use (`await uow.connect()`), so a request that first
calls a store or a moderation hook holds no database lock while it waits. Events emitted on the
unit are written to the outbox in the same transaction and published to in-process listeners
after the commit; `after_commit` hooks run then too. Nothing leaves the process before the
commit that it reports, and nothing is forgotten: a path that ends a stream emits the event
whoever ran it.

A refusal that is an idempotency key's answer (see `journal.idempotency.idempotent`) is kept:
the unit commits the key's stored answer and then lets the error reach the caller.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Protocol

import structlog
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from fancoins.db.engine import connect
from fancoins.kit.events import DomainEvent

log = structlog.get_logger(__name__)

AfterCommit = Callable[[], Awaitable[None]]


class EventSink(Protocol):
    """Where a unit's events go: the outbox (inside the transaction), then listeners."""

    async def record(self, connection: AsyncConnection, events: Sequence[DomainEvent]) -> None:
        ...

    async def publish(self, events: Sequence[DomainEvent]) -> None: ...


class UnitOfWork:
    def __init__(self, engine: AsyncEngine | None, sink: EventSink | None = None, *,
                 connection: AsyncConnection | None = None) -> None:
        self._engine = engine
        self._sink = sink
        self._connection = connection
        self._owns_connection = connection is None
        self._began = False
        self._events: list[DomainEvent] = []
        self._hooks: list[AfterCommit] = []
        self._kept: BaseException | None = None

    async def connect(self) -> AsyncConnection:
        """The unit's connection, its transaction begun (on the first call)."""
        if self._connection is None:
            if self._engine is None:
                raise RuntimeError("this unit of work has no engine")
            self._connection = await connect(self._engine)
        if not self._began:
            await self._connection.begin()
            self._began = True
        return self._connection

    @property
    def began(self) -> bool:
        return self._began

    def emit(self, *events: DomainEvent) -> None:
        self._events.extend(events)

    def after_commit(self, hook: AfterCommit) -> None:
        self._hooks.append(hook)

    def keep(self, error: BaseException) -> None:
        """Commit the unit even though `error` will leave it (a stored refusal)."""
        self._kept = error

    def kept(self, error: BaseException) -> bool:
        return self._kept is error

    async def commit(self) -> None:
        """Write the outbox, commit, then publish and run the hooks (their failures are
        logged: the work is done and is answered as done)."""
        events, self._events = self._events, []
        hooks, self._hooks = self._hooks, []
        if self._began and self._connection is not None:
            if events and self._sink is not None:
                await self._sink.record(self._connection, events)
            await self._connection.commit()
            self._began = False
        elif events:
            raise RuntimeError("events were emitted on a unit of work that wrote nothing")
        if events and self._sink is not None:
            try:
                await self._sink.publish(events)
            except Exception as error:
                log.error("event_publish_failed", error=repr(error))
        for hook in hooks:
            try:
                await hook()
            except Exception as error:
                log.error("after_commit_failed", hook=getattr(hook, "__qualname__", "?"),
                          error=repr(error))

    async def rollback(self) -> None:
        self._events.clear()
        self._hooks.clear()
        if self._began and self._connection is not None:
            await self._connection.rollback()
            self._began = False

    async def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None and self._owns_connection:
            await connection.close()


@asynccontextmanager
async def unit(engine: AsyncEngine, sink: EventSink | None = None) -> AsyncIterator[UnitOfWork]:
    """A unit of work for the block: committed when it ends (or when it raises an error the
    unit was told to keep), rolled back otherwise."""
    work = UnitOfWork(engine, sink)
    try:
        try:
            yield work
        except BaseException as error:
            if work.kept(error):
                await work.commit()
            else:
                try:
                    await work.rollback()
                except Exception as failed:  # the first error is the one to report
                    log.warning("rollback_failed", error=repr(failed))
            raise
        await work.commit()
    finally:
        await work.close()
