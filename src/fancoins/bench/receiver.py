"""Webhook receivers for `fancoins bench gifts --webhooks`, in a process of their own (as a
host's backend would be): N endpoints answering 204 at once, and one dead endpoint that
accepts connections and never answers.

    python -m fancoins.bench.receiver N     # prints "port1 ... portN dead_port", then serves
"""

from __future__ import annotations

import asyncio
import sys

HEADERS_MAX_BYTES = 64 * 1024
ANSWER = b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n"


async def _answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Keep-alive: read each request (headers, then content-length bytes), answer 204."""
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            if len(head) > HEADERS_MAX_BYTES:
                break
            length = 0
            for line in head.split(b"\r\n"):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            await reader.readexactly(length)
            writer.write(ANSWER)
            await writer.drain()
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        pass
    finally:
        writer.close()


async def _never(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A dead endpoint: takes the request, never answers (the sender's timeout ends it)."""
    try:
        while await reader.read(HEADERS_MAX_BYTES):
            pass
    except ConnectionError:
        pass
    finally:
        writer.close()


async def serve(live: int) -> None:
    servers = [await asyncio.start_server(_answer, "127.0.0.1", 0) for _ in range(live)]
    servers.append(await asyncio.start_server(_never, "127.0.0.1", 0))
    ports = [s.sockets[0].getsockname()[1] for s in servers]
    print(" ".join(str(p) for p in ports), flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1])))
