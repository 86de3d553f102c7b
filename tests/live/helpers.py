"""LIVE test kit: seed an economy, run real servers (in a thread or as processes), and read
viewer events with a real WebSocket client."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx
import jwt
import orjson
import uvicorn
from fastapi import FastAPI
from websockets.asyncio.client import ClientConnection, connect

from fancoins.api.app import create_app
from fancoins.config import Settings, load_settings
from fancoins.db.engine import create_engine
from fancoins.db.uow import unit
from fancoins.identity.service import users
from fancoins.operator.service import operator
from fancoins.streams.service import streams
from tests.support.servers import free_port

ADULT = dt.date(1990, 1, 1)
START_TIMEOUT_S = 30
EVENT_TIMEOUT_S = 10.0
DEFAULT_ECONOMY = Path(__file__).parents[2] / "src/fancoins/defaults/economy.toml"

Event = dict[str, Any]


def economy_with_combo_window(directory: Path, window_s: int) -> Path:
    """The default economy with a shorter combo window, so combo tests wait less."""
    text = DEFAULT_ECONOMY.read_text()
    changed = text.replace("combo_window_s = 5", f"combo_window_s = {window_s}")
    assert changed != text
    path = directory / "economy.toml"
    path.write_text(changed)
    return path


def live_settings(database_url: str, **overrides: Any) -> Settings:
    return load_settings(database_url=database_url, mode="test", **overrides)


def user_token(settings: Settings, user_id: str) -> str:
    claims = {"sub": user_id, "exp": int(time.time()) + 3600}
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm="HS256")


@dataclass
class Seeded:
    creator_id: str
    stream_id: str
    viewer_ids: list[str]


async def seed(database_url: str, viewers: int, coins_each: int = 100_000,
               creator_id: str = "creator") -> Seeded:
    """A creator LIVE now and `viewers` adult viewers funded by an audited grant."""
    engine = create_engine(database_url)
    try:
        async with unit(engine) as uow:
            await users.upsert(uow, creator_id, display_name="The Creator",
                               birth_date=ADULT, is_creator=True)
            viewer_ids = [f"viewer{i}" for i in range(viewers)]
            for viewer_id in viewer_ids:
                await users.upsert(uow, viewer_id, display_name=f"Viewer {viewer_id}",
                                   birth_date=ADULT)
                await operator.adjust_coins(
                    uow, actor="test", user_id=viewer_id, amount_coins=coins_each,
                    reason="test funds", idempotency_key=f"fund:{viewer_id}")
        async with unit(engine) as uow:
            stream = (await streams.start(uow, creator_id, "a LIVE", f"go:{creator_id}")).value
        return Seeded(creator_id, stream.id, viewer_ids)
    finally:
        await engine.dispose()


async def go_live(database_url: str, creator_id: str, display_name: str | None = None) -> str:
    """Another creator, LIVE now: returns the stream id."""
    engine = create_engine(database_url)
    try:
        async with unit(engine) as uow:
            await users.upsert(uow, creator_id,
                               display_name=display_name or creator_id.capitalize(),
                               birth_date=ADULT, is_creator=True)
        async with unit(engine) as uow:
            return (await streams.start(uow, creator_id, f"{creator_id} LIVE",
                                        f"go:{creator_id}")).value.id
    finally:
        await engine.dispose()


@dataclass
class RunningServer:
    base_url: str
    app: FastAPI
    loop: asyncio.AbstractEventLoop

    @property
    def ws_url(self) -> str:
        return self.base_url.replace("http://", "ws://")

    def call(self, coroutine: Any, timeout_s: float = 10.0) -> Any:
        """Run `coroutine` on the server's own event loop (e.g. to publish to its feeds)."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout_s)


@contextmanager
def server_thread(settings: Settings) -> Iterator[RunningServer]:
    """A real uvicorn server (HTTP and WebSocket) on 127.0.0.1, in a thread of its own."""
    app = create_app(settings)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            ws="websockets-sansio", lifespan="on")
    server = uvicorn.Server(config)
    loops: list[asyncio.AbstractEventLoop] = []

    def serve() -> None:
        loop = asyncio.new_event_loop()
        loops.append(loop)
        loop.run_until_complete(server.serve())
        loop.close()

    thread = threading.Thread(target=serve, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.02)
    try:
        yield RunningServer(f"http://127.0.0.1:{port}", app, loops[0])
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@contextmanager
def server_process(env: dict[str, str]) -> Iterator[str]:
    """A real API process (`uvicorn fancoins.api.main:app`), configured by environment."""
    port = free_port()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "fancoins.api.main:app", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning", "--ws", "websockets-sansio"],
            env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=log,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(base_url, process, log)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_healthy(base_url: str, process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"server exited: {log.read().decode()[-2000:]}")
        try:
            if httpx.get(base_url + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("server did not become healthy")


@asynccontextmanager
async def viewer(ws_url: str, stream_id: str, token: str, **options: Any
                 ) -> AsyncIterator[Viewer]:
    async with connect(f"{ws_url}/v1/streams/{stream_id}/events?token={token}",
                       **options) as websocket:
        yield Viewer(websocket)


@dataclass
class Viewer:
    websocket: ClientConnection
    events: list[Event] = field(default_factory=list)
    frames: int = 0

    async def read_frame(self, timeout_s: float = EVENT_TIMEOUT_S) -> list[Event]:
        raw = await asyncio.wait_for(self.websocket.recv(), timeout_s)
        frame: list[Event] = orjson.loads(raw)
        assert isinstance(frame, list)
        self.frames += 1
        self.events.extend(frame)
        return frame

    async def until(self, found: Callable[[list[Event]], bool],
                    timeout_s: float = EVENT_TIMEOUT_S) -> list[Event]:
        """Read frames until `found(all events so far)` holds."""
        deadline = time.monotonic() + timeout_s
        while not found(self.events):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"not found; got {[e['type'] for e in self.events]}")
            await self.read_frame(remaining)
        return self.events

    def of_type(self, kind: str) -> list[Event]:
        return [e for e in self.events if e["type"] == kind]


async def send_gift(client: httpx.AsyncClient, token: str, stream_id: str, gift_id: str,
                    count: int, key: str) -> dict[str, Any]:
    response = await client.post(
        "/v1/gifts/send", json={"gift_id": gift_id, "count": count, "stream_id": stream_id},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def eventually(check: Callable[[], bool], timeout_s: float = EVENT_TIMEOUT_S,
                     step_s: float = 0.02) -> None:
    """Poll `check` (state another task updates) until it holds, or fail after `timeout_s`."""
    for _ in range(int(timeout_s / step_s)):
        if check():
            return
        await asyncio.sleep(step_s)
    raise TimeoutError("condition not met in time")
