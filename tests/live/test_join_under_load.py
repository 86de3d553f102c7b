"""A viral LIVE is when people join: a viewer joining a stream this process already serves is
never refused, nor kept waiting, because the database is busy (a gift storm's writers holding
every pooled connection). The join is answered from what LIVE holds in memory (the stream is
live, its board and its battle and goal as last told); the database is only asked about a
stream this process does not serve yet."""

from __future__ import annotations

import asyncio
import contextlib
import time

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from websockets.exceptions import InvalidStatus

from fancoins.db.engine import connect
from tests.live.helpers import (
    Event,
    Viewer,
    gifts_seen,
    live_settings,
    seed,
    send_gift,
    server_thread,
    user_token,
    viewer,
)

JOINERS = 12
# Every wait on the database, for the server: short, so that a join that waits on the
# database is refused within the test's patience.
DATABASE_TIMEOUT_S = 2.0
# A join answered from memory takes a few milliseconds; one that waited on the pool would take
# DATABASE_TIMEOUT_S and be refused.
FIRST_FRAME_WITHIN_S = DATABASE_TIMEOUT_S / 2
# How long one more checkout is tried before the pool counts as exhausted (a loaded machine
# takes longer than 0.3 s for a checkout that is free, and the pool then is not exhausted).
CHECKOUT_PROBE_S = 1.0
POOL_CONNECTIONS_MAX = 64


async def _exhaust(engine: AsyncEngine) -> list[AsyncConnection]:
    """Check out every connection the pool will give, as a storm's writers would hold them."""
    held: list[AsyncConnection] = []
    while len(held) < POOL_CONNECTIONS_MAX:
        try:
            async with asyncio.timeout(CHECKOUT_PROBE_S):
                held.append(await connect(engine))
        except TimeoutError:
            return held
    raise AssertionError("the pool never ran out")


async def _release(held: list[AsyncConnection]) -> None:
    for connection in held:
        await connection.close()


async def _join(ws_url: str, stream_id: str, token: str, stack: contextlib.AsyncExitStack
                ) -> tuple[Viewer, list[Event], float]:
    started = time.monotonic()
    joined = await stack.enter_async_context(viewer(ws_url, stream_id, token))
    first = await joined.read_frame()
    return joined, first, time.monotonic() - started


async def test_viewers_join_a_served_live_while_every_pooled_connection_is_busy(
    database_url: str,
) -> None:
    seeded = await seed(database_url, viewers=JOINERS + 1)
    settings = live_settings(database_url, database__pool_size=1,
                             database__timeout_s=DATABASE_TIMEOUT_S)
    tokens = [user_token(settings, v) for v in seeded.viewer_ids]
    with server_thread(settings) as server:
        engine = server.app.state.container.engine
        async with (viewer(server.ws_url, seeded.stream_id, tokens[0]) as watching,
                    contextlib.AsyncExitStack() as stack,
                    httpx.AsyncClient(base_url=server.base_url, timeout=30) as client):
            await watching.read_frame()  # this process serves the LIVE now
            held = server.call(_exhaust(engine))
            try:
                joins = await asyncio.gather(
                    *(_join(server.ws_url, seeded.stream_id, token, stack)
                      for token in tokens[1:]), return_exceptions=True)
            finally:
                server.call(_release(held))
            refused = [j for j in joins if isinstance(j, InvalidStatus | BaseException)]
            assert not refused, refused[:3]
            for _, first, waited_s in joins:  # type: ignore[misc]
                kinds = {e["type"] for e in first}
                assert "leaderboard.updated" in kinds and "viewers.updated" in kinds, kinds
                assert waited_s < FIRST_FRAME_WITHIN_S, waited_s
            # Joined for real: the next gift reaches every one of them.
            await send_gift(client, tokens[0], seeded.stream_id, "rose", 3, "after-the-joins")
            for joined, _, _ in joins:  # type: ignore[misc]
                await joined.until(lambda events: gifts_seen(events) >= 3)
                assert gifts_seen(joined.events) == 3


async def test_a_join_that_must_read_a_busy_database_is_told_to_retry(
    database_url: str,
) -> None:
    """A stream this process does not serve yet is read; when even LIVE's own pool cannot
    answer in time the upgrade is refused with 503 `database-unavailable` and Retry-After (a
    client reconnects), not as a fault of the process."""
    seeded = await seed(database_url, viewers=1)
    settings = live_settings(database_url, database__timeout_s=DATABASE_TIMEOUT_S)
    token = user_token(settings, seeded.viewer_ids[0])
    with server_thread(settings) as server:
        live = server.app.state.container.live
        held = server.call(_exhaust(live.reads))
        try:
            with pytest.raises(InvalidStatus) as refused:
                async with viewer(server.ws_url, seeded.stream_id, token):
                    pass
        finally:
            server.call(_release(held))
        response = refused.value.response
        assert response.status_code == 503
        assert b"urn:fancoins:problem:database-unavailable" in response.body
        assert response.headers["retry-after"]
        async with viewer(server.ws_url, seeded.stream_id, token) as watching:
            await watching.read_frame()  # the database answers again: it joins
