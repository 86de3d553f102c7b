"""A viewer's socket is bounded both ways: one that never reads is aborted once it passes the
slow-viewer bound (its descriptor freed, not left to a polite close that never completes), and
an oversized incoming message closes the connection with 1009 before it is buffered."""

from __future__ import annotations

import asyncio
import base64
import os
import socket
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed

from fancoins.realtime.protocol import CloseCode
from tests.live.helpers import (
    api_process,
    eventually,
    gifts_seen,
    live_settings,
    seed,
    server_thread,
    user_token,
    viewer,
)
from tests.live.test_slow_viewers import SENDERS_PER_BATCH, _publish, _storm_batch

NEVER_READING = 8
BATCHES_MAX = 400
CLOSE_TIMEOUT_S = 1.0


def _upgrade(port: int, path: str, *, deflate: bool, rcvbuf: int | None = None
             ) -> socket.socket:
    """A WebSocket client on a raw socket: the upgrade, and nothing read after it."""
    sock = socket.socket()
    if rcvbuf is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    extension = "Sec-WebSocket-Extensions: permessage-deflate\r\n" if deflate else ""
    sock.sendall((f"GET {path} HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                  f"Sec-WebSocket-Version: 13\r\n{extension}\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        head += sock.recv(1)  # byte by byte: nothing past the handshake is read
    assert head.startswith(b"HTTP/1.1 101"), head
    return sock


def _server_sockets(port: int) -> int:
    """Sockets this process holds open on the server's side of `port` (the server runs in a
    thread of this process): connections in /proc/net/tcp whose local port is `port`, and
    whose inode is still one of this process's descriptors."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] != "0A":  # 0A: LISTEN
                inodes.add(fields[9])
    open_fds = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            open_fds.add(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            continue
    return sum(1 for inode in inodes if f"socket:[{inode}]" in open_fds)


@pytest.mark.parametrize("deflate", [True, False], ids=["asgi-send", "direct-write"])
async def test_never_reading_viewers_are_aborted_and_their_descriptors_freed(
    database_url: str, deflate: bool
) -> None:
    seeded = await seed(database_url, viewers=2)
    settings = live_settings(database_url, live__tick_ms=20,
                             live__frame_gift_events_max=SENDERS_PER_BATCH,
                             live__viewer_queue_frames_max=4,
                             live__viewer_close_timeout_s=CLOSE_TIMEOUT_S)
    tokens = {v: user_token(settings, v) for v in seeded.viewer_ids}
    with server_thread(settings) as server:
        port = int(server.base_url.rsplit(":", 1)[1])
        path = f"/v1/streams/{seeded.stream_id}/events?token={tokens['viewer1']}"
        dead = [_upgrade(port, path, deflate=deflate, rcvbuf=4096)
                for _ in range(NEVER_READING)]
        try:
            async with viewer(server.ws_url, seeded.stream_id, tokens["viewer0"],
                              max_size=None) as reader:
                rooms = server.app.state.container.live.hub.rooms
                await eventually(lambda: len(rooms.all_viewers()) == NEVER_READING + 1)
                assert _server_sockets(port) == NEVER_READING + 1
                stop = asyncio.Event()

                async def read() -> None:
                    while not stop.is_set():
                        try:
                            await reader.read_frame(timeout_s=0.2)
                        except TimeoutError:
                            continue

                reading = asyncio.create_task(read())
                # Until every never-reading viewer overflowed its queue (the kernel's socket
                # buffers take a few frames first) and was dropped.
                batch = 0
                while len(rooms.all_viewers()) > 1:
                    assert batch < BATCHES_MAX, "the never-reading viewers were not dropped"
                    await _publish(server, _storm_batch(seeded.stream_id, seeded.creator_id,
                                                        batch))
                    batch += 1
                    await asyncio.sleep(0.03)
                # Dropped, then aborted within the close timeout: only the reading viewer's
                # socket is left on the server's side.
                await eventually(lambda: _server_sockets(port) == 1,
                                 timeout_s=2 * CLOSE_TIMEOUT_S + 5)
                await eventually(lambda: gifts_seen(reader.events)
                                 >= batch * SENDERS_PER_BATCH, timeout_s=30)
                stop.set()
                await reading
        finally:
            for sock in dead:
                sock.close()


async def test_an_oversized_message_closes_with_1009(database_url: str) -> None:
    seeded = await seed(database_url, viewers=1)
    settings = live_settings(database_url)
    token = user_token(settings, "viewer0")
    env = {"FANCOINS_DATABASE_URL": database_url, "FANCOINS_MODE": "test"}
    with api_process(env) as api:
        async with viewer(api.ws_url, seeded.stream_id, token) as v:
            await v.read_frame()
            await v.websocket.send("x" * (settings.live.ws_message_bytes_max + 1))
            with pytest.raises(ConnectionClosed):
                while True:
                    await v.read_frame()
            assert v.websocket.close_code == CloseCode.MESSAGE_TOO_BIG
        # A header announcing a 1 MiB message is refused at once: the server does not wait
        # for (or buffer) the body before it closes.
        port = int(api.base_url.rsplit(":", 1)[1])
        sock = _upgrade(port, f"/v1/streams/{seeded.stream_id}/events?token={token}",
                        deflate=False)
        try:
            sock.settimeout(10)
            size = 1 << 20
            sock.sendall(bytes((0x81, 0x80 | 127)) + size.to_bytes(8, "big") + b"\0" * 4
                         + b"x" * 100)
            received = b""
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                received += chunk
            close = received.rfind(b"\x88")
            assert close >= 0, received[-100:]
            assert int.from_bytes(received[close + 2:close + 4], "big") == 1009
        finally:
            sock.close()

