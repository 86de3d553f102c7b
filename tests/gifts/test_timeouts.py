"""Every gift waits at most its commit timeout, however long the writer idled before."""

from __future__ import annotations

import asyncio
import time

import httpx

from fancoins.ledger import chart
from tests.gifts.helpers import Api, assert_verified, balance, make_user, running_api

TIMEOUT_S = 0.5
# The deadline watchdog answers within a loop turn of the deadline; the slack covers a
# loaded test machine (CI once answered 1.6 s late). A watchdog that stops firing would leave
# the request waiting for the lock, which the test holds until the answer: it never comes.
SLACK_S = 3.0
KNOWN_ATTEMPTS_MAX = 20


async def test_a_hung_batch_after_an_idle_writer_answers_503_at_the_deadline_every_time(
    database_url: str,
) -> None:
    async with running_api(database_url, gifts__commit_timeout_s=TIMEOUT_S) as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice", coins=100)
        live = await api.go_live("maya")
        for round_ in range(3):
            # The writer answers a gift, then idles: its deadline queue is empty again.
            warm = await _until_known(api, f"warm-{round_}", live)
            assert warm.status_code == 201, warm.text
            await asyncio.sleep(0.2)
            # Hold the lock every batch needs (on SQLite the database's write lock), so the
            # next batch cannot commit.
            async with api.engine.connect() as blocker:
                await blocker.begin()
                await blocker.exec_driver_sql(
                    "UPDATE ledger_accounts SET kind = kind WHERE id = 'platform:coins_spent'")
                started = time.monotonic()
                hung = await api.send("alice", f"hung-{round_}", gift_id="rose", stream_id=live)
                waited_s = time.monotonic() - started
                await blocker.rollback()
            assert hung.status_code == 503, hung.text
            assert hung.json()["type"].endswith("gift-commit-timeout")
            assert "Idempotency-Key" in hung.json()["detail"]
            assert hung.headers["Retry-After"] == "1"
            assert TIMEOUT_S <= waited_s < TIMEOUT_S + SLACK_S, waited_s
            # The batch commits once the lock is gone: the retry tells its outcome.
            retry = await _until_known(api, f"hung-{round_}", live)
            assert retry.status_code == 201, retry.text
        assert await balance(api.engine, chart.user_coins("alice")) == 100 - 6
        await assert_verified(api.engine)


async def _until_known(api: Api, key: str, stream_id: str) -> httpx.Response:
    """Send, and again with the same key while the answer is 503, as a client told to retry
    does: with a half-second commit timeout, a loaded machine answers an unhindered gift 503
    too, and only the retry tells what committed."""
    for _ in range(KNOWN_ATTEMPTS_MAX):
        response = await api.send("alice", key, gift_id="rose", stream_id=stream_id)
        if response.status_code != 503:
            return response
        await asyncio.sleep(0.2)
    return response
