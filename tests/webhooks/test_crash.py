"""A real server process killed with SIGKILL between a commit and its webhook's delivery loses
no event: after a restart the message is delivered (at least once, the same `webhook-id`), and
the messages of its subject queued behind it follow in order."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import jwt
import pytest

from fancoins.db.engine import create_engine
from fancoins.db.uow import unit
from fancoins.identity.service import api_keys, users
from tests.conftest import fresh_sqlite_url
from tests.payouts.conftest import ADULT_BIRTH_DATE
from tests.support.servers import free_port
from tests.support.webhook_receiver import Received, webhook_receiver
from tests.webhooks.helpers import types_of

JWT_SECRET = "a-test-secret-for-the-crash-test-0123456789"
START_TIMEOUT_S = 60.0
ARRIVAL_TIMEOUT_S = 60.0


@contextmanager
def server(database_url: str, log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`fancoins serve` in its own process, its webhook worker fast and its leases short."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FANCOINS_")}
    env.update({"FANCOINS_DATABASE_URL": database_url, "FANCOINS_MODE": "test",
                "FANCOINS_JWT__SECRET": JWT_SECRET, "FANCOINS_WEBHOOKS__TIMEOUT_S": "2",
                "FANCOINS_WEBHOOKS__LEASE_MARGIN_S": "1", "FANCOINS_WEBHOOKS__POLL_MS": "50",
                "FANCOINS_WEBHOOKS__ROUND_MS": "10"})
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "fancoins.cli", "serve", "--no-migrate", "--host",
             "127.0.0.1", "--port", str(port)], env=env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    try:  # a start that fails its checks stops the server too
        _wait_healthy(base, process, log)
        yield base, process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


def _wait_healthy(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    with httpx.Client(timeout=1) as client:  # one client for every poll
        while True:
            try:
                if client.get(f"{base}/healthz").status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)


def _token(user_id: str) -> dict[str, str]:
    token = jwt.encode({"sub": user_id, "exp": int(time.time()) + 600}, JWT_SECRET,
                       algorithm="HS256")
    return {"Authorization": f"Bearer {token}"}


async def _setup(database_url: str) -> str:
    engine = create_engine(database_url)
    try:
        async with unit(engine) as uow:
            await users.upsert(uow, "cara", display_name="Cara", is_creator=True,
                               birth_date=ADULT_BIRTH_DATE)
            issued = await api_keys.create(uow, actor="test", name="crash-admin",
                                           scopes=["webhooks:write"])
    finally:
        await engine.dispose()
    assert issued.token is not None
    return issued.token


async def test_kill_9_between_commit_and_delivery_loses_nothing(
        database_url: str, tmp_path: Path) -> None:
    admin_token = await _setup(database_url)
    log = tmp_path / "server.log"
    # The first request is held unanswered: the server dies with it in flight.
    with webhook_receiver(lambda index: None if index == 0 else 200) as receiver:
        with server(database_url, log) as (base, process):
            async with httpx.AsyncClient(base_url=base, timeout=10) as client:
                made = await client.post("/v1/admin/webhooks/endpoints", headers={
                    "Authorization": f"Bearer {admin_token}", "Idempotency-Key": "crash-1"},
                    json={"url": receiver.url,
                          "event_types": ["stream.started", "stream.ended"]})
                assert made.status_code == 201, made.text
                started = await client.post("/v1/streams", json={"title": "crash"},
                                      headers={**_token("cara"), "Idempotency-Key": "s-1"})
                assert started.status_code == 201, started.text
                stream_id = started.json()["id"]
                await asyncio.to_thread(receiver.wait_for, lambda r: len(r) == 1,
                                        ARRIVAL_TIMEOUT_S)
                # Committed, not yet delivered: behind `stream.started` (same subject).
                ended = await client.post(f"/v1/streams/{stream_id}/end",
                                    headers={**_token("cara"), "Idempotency-Key": "e-1"})
                assert ended.status_code == 200, ended.text
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
        assert types_of(receiver.snapshot()) == ["stream.started"]

        with server(database_url, log):
            found: list[Received] = await asyncio.to_thread(
                receiver.wait_for, lambda r: "stream.ended" in types_of(r), ARRIVAL_TIMEOUT_S)

    first, *rest = found
    assert types_of(rest) == ["stream.started", "stream.ended"]
    assert rest[0].id == first.id  # the same message, delivered after the restart
    assert rest[0].json["data"]["stream_id"] == stream_id
    assert rest[1].json["data"]["stream_id"] == stream_id


def _children() -> set[int]:
    """This process's child processes that were not waited for (running or not)."""
    return {int(pid) for task in Path("/proc/self/task").iterdir()
            for pid in (task / "children").read_text().split()}


def test_a_server_missing_its_start_bound_is_stopped(sqlite_template: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A start that misses its bound fails the test and leaves no server behind: a leaked one
    keeps its webhook worker polling every few milliseconds until the whole run ends."""
    monkeypatch.setattr(sys.modules[__name__], "START_TIMEOUT_S", 0.0)
    before = _children()
    with pytest.raises(AssertionError), server(fresh_sqlite_url(sqlite_template, tmp_path),
                                               tmp_path / "server.log"):
        pass
    assert _children() == before
