"""The proxy config of compose.yaml, run for real: Caddy with deploy/Caddyfile (only its
listen address and upstream hosts made local) in front of two API processes sharing one
PostgreSQL and one Redis. HTTP and the LIVE WebSocket pass through it, and when one process
dies the proxy keeps answering from the other."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest

from tests.live.helpers import live_settings, seed, send_gift, server_process, user_token, viewer
from tests.support.servers import free_port

pytestmark = pytest.mark.redis

ROOT = Path(__file__).parents[2]
START_TIMEOUT_S = 30


def local_caddyfile(directory: Path, port: int, upstreams: list[str]) -> Path:
    text = (ROOT / "deploy" / "Caddyfile").read_text()
    text, listens = re.subn(r"^:80 \{", f"http://127.0.0.1:{port} {{", text, flags=re.M)
    text, proxies = re.subn(r"reverse_proxy api1:8000 api2:8000",
                            "reverse_proxy " + " ".join(upstreams), text)
    assert (listens, proxies) == (1, 1), "deploy/Caddyfile changed shape: update this test"
    path = directory / "Caddyfile"
    path.write_text(text)
    return path


@contextmanager
def caddy(config: Path, base_url: str) -> Iterator[None]:
    binary = shutil.which("caddy")
    assert binary, "Caddy is needed (`.ci/run` installs Debian's caddy)"
    home = config.parent
    env = {**os.environ, "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config"), "HOME": str(home)}
    process = subprocess.Popen([binary, "run", "--config", str(config), "--adapter",
                                "caddyfile"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        with httpx.Client(timeout=2) as client:  # one client for every poll
            while True:
                try:
                    if client.get(base_url + "/healthz").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert process.poll() is None, "caddy exited"
                assert time.monotonic() < deadline, "caddy did not start"
                time.sleep(0.1)
        yield
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.mark.slow
async def test_http_and_live_through_the_proxy_survive_one_process(
    postgres_url: str, redis_url: str, tmp_path: Path
) -> None:
    seeded = await seed(postgres_url, viewers=2)
    settings = live_settings(postgres_url)
    env = {"FANCOINS_DATABASE_URL": postgres_url, "FANCOINS_REDIS_URL": redis_url,
           "FANCOINS_MODE": "test", "FANCOINS_LIVE_REDIS_PREFIX": f"p{uuid.uuid4().hex[:8]}:"}
    tokens = {v: user_token(settings, v) for v in seeded.viewer_ids}
    port = free_port()
    proxy = f"http://127.0.0.1:{port}"
    with ExitStack() as first, server_process(env) as api2:
        api1 = first.enter_context(server_process(env))
        upstreams = [u.removeprefix("http://") for u in (api1, api2)]
        with caddy(local_caddyfile(tmp_path, port, upstreams), proxy):
            async with (
                viewer(proxy.replace("http", "ws"), seeded.stream_id, tokens["viewer1"]) as v,
                httpx.AsyncClient(base_url=proxy) as client,
            ):
                await v.read_frame()  # the snapshot came through the proxy
                sent = await send_gift(client, tokens["viewer0"], seeded.stream_id, "rose",
                                       2, "via-proxy")
                await v.until(lambda events: any(e.get("event_id") == sent["id"]
                                                 for e in events))
            first.close()  # one process goes away; the proxy keeps answering from the other
            async with httpx.AsyncClient(base_url=proxy, timeout=10) as client:
                answers = [(await client.get("/healthz")).status_code for _ in range(10)]
            assert answers == [200] * 10
