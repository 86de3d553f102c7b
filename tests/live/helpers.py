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
from contextlib import ExitStack, asynccontextmanager, contextmanager
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
from fancoins.realtime.serving import uvicorn_options
from fancoins.streams.service import streams
from tests.support.limits import RATE_LIMITS_OUT_OF_REACH, RATE_LIMITS_OUT_OF_REACH_ENV
from tests.support.servers import free_port

ADULT = dt.date(1990, 1, 1)
# A server process imports the whole app: on a machine shared by several test runs that has
# taken over 30 s.
START_TIMEOUT_S = 90
EVENT_TIMEOUT_S = 10.0
# How long a test waits for one HTTP answer (httpx's own default is 5 s). On one loaded core a
# storm's gift took longer than that to be answered; a request that hangs still fails here.
HTTP_TIMEOUT_S = 60.0
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
    return load_settings(database_url=database_url, mode="test",
                         **{**RATE_LIMITS_OUT_OF_REACH, **overrides})


def user_token(settings: Settings, user_id: str) -> str:
    claims = {"sub": user_id, "exp": int(time.time()) + 3600}
    return jwt.encode(claims, settings.jwt.secret.get_secret_value(), algorithm="HS256")


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
                            lifespan="on", **uvicorn_options(settings))
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


@dataclass(frozen=True)
class ApiProcess:
    base_url: str
    pid: int

    @property
    def ws_url(self) -> str:
        return self.base_url.replace("http://", "ws://")


@contextmanager
def api_process(env: dict[str, str]) -> Iterator[ApiProcess]:
    """A real API process as operators run it (`fancoins serve`), configured by environment."""
    with api_processes(env) as (process,):
        yield process


@contextmanager
def api_processes(*envs: dict[str, str]) -> Iterator[tuple[ApiProcess, ...]]:
    """Real API processes, one per environment, started together: a start is seconds of
    imports and set-up, which the other core does meanwhile (started one after the other,
    they were most of a two-process test's time). They stop in reverse order."""
    with ExitStack() as stack:
        launched = [stack.enter_context(_launched(env)) for env in envs]
        for process, base_url, log in launched:
            _wait_healthy(base_url, process, log)
        yield tuple(ApiProcess(base_url, process.pid) for process, base_url, _ in launched)


@contextmanager
def _launched(env: dict[str, str]
              ) -> Iterator[tuple[subprocess.Popen[bytes], str, IO[bytes]]]:
    port = free_port()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "fancoins.cli", "serve", "--no-migrate",
             "--host", "127.0.0.1", "--port", str(port)],
            env={**os.environ, **RATE_LIMITS_OUT_OF_REACH_ENV, **env},
            stdout=subprocess.DEVNULL, stderr=log,
        )
        try:
            yield process, f"http://127.0.0.1:{port}", log
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def server_process(env: dict[str, str]) -> Iterator[str]:
    """A real API process, configured by environment; yields its base URL."""
    with api_process(env) as process:
        yield process.base_url


@contextmanager
def server_processes(*envs: dict[str, str]) -> Iterator[tuple[str, ...]]:
    """Real API processes started together (`api_processes`); yields their base URLs."""
    with api_processes(*envs) as processes:
        yield tuple(p.base_url for p in processes)


def _wait_healthy(base_url: str, process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    # One client for every poll: each new httpx client loads the CA bundle (~30 ms of CPU).
    with httpx.Client(timeout=1) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"server exited: {log.read().decode()[-2000:]}")
            try:
                if client.get(base_url + "/healthz").status_code == 200:
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
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
        timeout=HTTP_TIMEOUT_S)
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


# --- what a viewer saw, and gifts at a steady rate ----------------------------------------

GIFT_KINDS = ("gift.sent", "combo.updated", "gift.summary")


def gifts_seen(events: list[Event]) -> int:
    """Gifts a viewer was told of (the `count` of every gift event, summaries included)."""
    return sum(e["count"] for e in events if e["type"] in GIFT_KINDS)


def sequenced(events: list[Event]) -> list[int]:
    return [e["seq"] for e in events if "seq" in e]


def assert_in_order_once(events: list[Event]) -> None:
    """Every numbered event once, contiguous: no gap a client could not see, no duplicate."""
    seqs = sequenced(events)
    assert seqs, "no numbered events"
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs))), seqs


async def committed_gifts(database_url: str, stream_id: str) -> int:
    """Gifts the stream received, from the gifts table (the truth)."""
    from sqlalchemy import func, select

    from fancoins.db.tables.gifts import gifts

    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            total = await connection.scalar(
                select(func.coalesce(func.sum(gifts.c.count), 0))
                .where(gifts.c.stream_id == stream_id))
        return int(total or 0)
    finally:
        await engine.dispose()


@dataclass
class GiftStorm:
    """Roses from several senders at a steady rate, spread over API processes, until stopped.
    Every send is answered 201 (nothing here depends on fan-out)."""

    base_urls: list[str]
    tokens: list[str]
    stream_id: str
    rate_per_s: float = 20.0
    sent: int = 0
    _stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self) -> None:
        clients = [httpx.AsyncClient(base_url=url, timeout=30) for url in self.base_urls]
        try:
            while not self._stop.is_set():
                client = clients[self.sent % len(clients)]
                token = self.tokens[self.sent % len(self.tokens)]
                await send_gift(client, token, self.stream_id, "rose", 1, f"storm-{self.sent}")
                self.sent += 1
                await asyncio.sleep(1 / self.rate_per_s)
        finally:
            for client in clients:
                await client.aclose()

    def stop(self) -> None:
        self._stop.set()


async def read_until_closed(v: Viewer, timeout_s: float = 60.0) -> None:
    """Read every frame until the server closes the connection."""
    from websockets.exceptions import ConnectionClosed

    deadline = time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline:
            await v.read_frame(timeout_s=deadline - time.monotonic())
    except ConnectionClosed:
        return
    raise TimeoutError("the connection stayed open")


class RedisProcess:
    """A Redis server on a fixed port that a test may kill and start again (an outage)."""

    def __init__(self) -> None:
        import shutil

        binary = shutil.which("redis-server")
        assert binary is not None, "redis-server is installed"
        self._binary = binary
        self.port = free_port()
        self._dir = tempfile.mkdtemp(prefix="fancoins-redis-")
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import socket

        self._process = subprocess.Popen(
            [self._binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self._dir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.02)
        self.kill()  # not left running for the rest of the run
        raise RuntimeError("redis did not start")

    def kill(self) -> None:
        """SIGKILL: no goodbye to its clients, as a crash or a lost node."""
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=10)
            self._process = None

    def __enter__(self) -> RedisProcess:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        import shutil

        self.kill()
        shutil.rmtree(self._dir, ignore_errors=True)
