"""Request-scoped dependencies: the process's parts, settings, and units of work.

Every dependency is `async def` (a sync one costs a threadpool hop per request). A write
endpoint takes `UnitDep`: its unit of work begins on first use and commits after the endpoint
returns and before the answer is sent, so a commit that fails is never answered as a success.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, cast

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from starlette.requests import HTTPConnection

from fancoins.config import Settings
from fancoins.container import Container
from fancoins.db.engine import read_only
from fancoins.db.uow import UnitOfWork


def container_of(connection: HTTPConnection) -> Container:
    """The process's parts, built at start-up (see `fancoins.container`)."""
    return cast(Container, connection.app.state.container)


async def get_container(request: Request) -> Container:
    return container_of(request)


async def get_settings(request: Request) -> Settings:
    return container_of(request).settings


async def get_engine(request: Request) -> AsyncEngine:
    return container_of(request).engine


async def read_connection(request: Request) -> AsyncIterator[AsyncConnection]:
    """A connection for reads (on SQLite it never takes the write lock)."""
    async with read_only(container_of(request).engine) as connection:
        yield connection


async def request_unit(request: Request) -> AsyncIterator[UnitOfWork]:
    async with container_of(request).unit() as work:
        yield work


ContainerDep = Annotated[Container, Depends(get_container)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
ReadConnection = Annotated[AsyncConnection, Depends(read_connection)]
UnitDep = Annotated[UnitOfWork, Depends(request_unit, scope="function")]
