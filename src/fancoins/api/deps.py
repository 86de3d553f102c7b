"""Request-scoped dependencies: settings, engine, units of work."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from fancoins.config import Settings
from fancoins.db.engine import read_only, unit_of_work


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_engine(request: Request) -> AsyncEngine:
    engine: AsyncEngine = request.app.state.engine
    return engine


async def read_connection(request: Request) -> AsyncIterator[AsyncConnection]:
    """A connection for reads. Writes use `UnitOfWork` so they commit before answering."""
    async with read_only(get_engine(request)) as connection:
        yield connection


class UnitOfWork:
    """`async with uow() as conn:` commits when the block ends, before the endpoint answers."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    def __call__(self) -> AbstractAsyncContextManager[AsyncConnection]:
        return unit_of_work(self._engine)


def get_uow(request: Request) -> UnitOfWork:
    return UnitOfWork(get_engine(request))


SettingsDep = Annotated[Settings, Depends(get_settings)]
ReadConnection = Annotated[AsyncConnection, Depends(read_connection)]
UowDep = Annotated[UnitOfWork, Depends(get_uow)]
