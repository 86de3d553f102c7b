"""The bench's viewers reconnect after a refused upgrade, as a client does, and a viewer that
cannot connect at all fails the run at once (not after the connect timeout)."""

from __future__ import annotations

import asyncio
import time

import pytest

from fancoins.bench import viewers

_REFUSED = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\n"
            b"Content-Length: 2\r\nConnection: close\r\n\r\n{}")
_ACCEPTED = (b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
             b"Connection: Upgrade\r\n\r\n")
_CLOSE_1000 = bytes((0x88, 2)) + (1000).to_bytes(2, "big")


async def _upgrade_server(refusals: int) -> tuple[asyncio.Server, list[int]]:
    """A WebSocket endpoint that refuses the first `refusals` upgrades with 503, then accepts
    and closes with 1000 (a LIVE that ends at once); the list counts the upgrades asked."""
    asked: list[int] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        asked.append(1)
        if len(asked) <= refusals:
            writer.write(_REFUSED)
        else:
            writer.write(_ACCEPTED + _CLOSE_1000)
            await reader.read(8)  # the viewer's close reply
        await writer.drain()
        writer.close()

    return await asyncio.start_server(serve, "127.0.0.1", 0), asked


async def _run(refusals: int) -> tuple[viewers.ViewerReport, list[int]]:
    server, asked = await _upgrade_server(refusals)
    port = server.sockets[0].getsockname()[1]
    try:
        async with asyncio.timeout(30):
            report = await viewers._viewers_main([f"ws://127.0.0.1:{port}/events"], 1)
    finally:
        server.close()
        await server.wait_closed()
    return report, asked


async def test_a_refused_upgrade_is_tried_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(viewers, "CONNECT_RETRY_PAUSE_S", 0.01, raising=False)
    report, asked = await _run(refusals=2)
    assert len(asked) == 3
    assert report.viewers == 1 and report.closed_1000 == 1


async def test_a_viewer_that_never_connects_fails_the_run_at_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(viewers, "CONNECT_RETRY_PAUSE_S", 0.01, raising=False)
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="503"):
        await _run(refusals=viewers.CONNECT_ATTEMPTS)
    assert time.monotonic() - started < 10
