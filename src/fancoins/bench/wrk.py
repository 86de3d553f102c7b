"""HTTP load from `wrk`, a C load generator, driven by a Lua script this module writes.

The Python client of `fancoins.bench.http` spends more CPU per request than the server's
no-op endpoint, on the same cores: it measured itself as much as the server. `wrk` drives
thousands of keep-alive requests per second from one thread for a fraction of that.

The script builds each request in `request()` (a viewer's token from the pool, a unique
Idempotency-Key, the gift body), counts 2xx and other answers in `response()`, and its
`done()` prints one line this module parses: answers, duration and latency percentiles.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# One wrk thread drives one server process past saturation here; every extra thread takes a
# core's share from the server being measured.
WRK_THREADS = 1
# wrk takes whole seconds only.
WRK_MIN_DURATION_S = 1
# Beyond its run, wrk only starts and reports: a stuck one is killed after this.
WRK_EXIT_GRACE_S = 60
_RESULT = re.compile(r"^fancoins-wrk (.*)$", re.MULTILINE)

# Counting answers per thread, summing them in `done()`. Each wrk thread runs the script in
# its own Lua state (where `threads` stays empty): `setup`, in the main state, keeps the
# threads so `done` can read their counters.
_COMMON = """
local threads = {}
function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  made, ok, refused = 0, 0, 0
end
function response(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1 else refused = refused + 1 end
end
function done(summary, latency, requests)
  local good, bad = 0, 0
  for _, thread in ipairs(threads) do
    good = good + thread:get("ok")
    bad = bad + thread:get("refused")
  end
  local errors = summary.errors
  io.write(string.format(
    "fancoins-wrk ok=%d refused=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d " ..
    "socket_errors=%d\\n", good, bad, summary.duration, latency:percentile(50),
    latency:percentile(90), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.timeout))
end
function token()
  return tokens[(made + thread_id) % #tokens + 1]
end
function key()
  return run .. "-" .. thread_id .. "-" .. made
end
"""

_PING = """
function request()
  made = made + 1
  return wrk.format("GET", "/v1/ping", {["Authorization"] = "Bearer " .. token()})
end
"""

_GIFT = """
function request()
  made = made + 1
  return wrk.format("POST", "/v1/gifts/send", {
    ["Authorization"] = "Bearer " .. token(), ["Idempotency-Key"] = key(),
    ["Content-Type"] = "application/json"}, gift_body)
end
"""

_BATCH = """
function request()
  made = made + 1
  local items = {}
  for i = 1, batch_size do
    local sender = senders[(made * batch_size + i) % #senders + 1]
    items[i] = string.format(batch_item, key() .. "-" .. i, sender)
  end
  return wrk.format("POST", "/v1/gifts/batch", {
    ["Authorization"] = "Bearer " .. api_key, ["Content-Type"] = "application/json"},
    '{"gifts":[' .. table.concat(items, ",") .. ']}')
end
"""


@dataclass(frozen=True, slots=True)
class WrkResult:
    """What `wrk` answered: 2xx answers, other answers, and its latency percentiles."""

    ok: int
    refused: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    socket_errors: int


def available() -> str | None:
    """The `wrk` executable on PATH, or None."""
    return shutil.which("wrk")


def _lua(value: object) -> str:
    """A Lua literal for a string or a list of strings (JSON's string escapes are Lua's)."""
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "{" + ",".join(_lua(item) for item in value) + "}"
    if isinstance(value, int):
        return str(value)
    raise TypeError(f"no Lua literal for {type(value).__name__}")


def _script(requests: str, **values: object) -> str:
    bound = "".join(f"{name} = {_lua(value)}\n" for name, value in values.items())
    return bound + _COMMON + requests


def ping_script(tokens: Sequence[str], run: str) -> str:
    return _script(_PING, tokens=list(tokens), run=run)


def gift_script(tokens: Sequence[str], run: str, stream_id: str) -> str:
    body = json.dumps({"gift_id": "rose", "count": 1, "stream_id": stream_id},
                      separators=(",", ":"))
    return _script(_GIFT, tokens=list(tokens), run=run, gift_body=body)


def batch_script(api_key: str, senders: Sequence[str], run: str, stream_id: str,
                 size: int) -> str:
    """A host backend's `POST /v1/gifts/batch` of `size` gifts, each its own key and sender."""
    item = ('{"idempotency_key":"%s","gift_id":"rose","count":1,'
            f'"stream_id":{json.dumps(stream_id)},"sender_id":"%s"}}')
    return _script(_BATCH, tokens=[api_key], run=run, api_key=api_key,
                   senders=list(senders), batch_size=size, batch_item=item)


def run(executable: str, url: str, script: str, connections: int,
        duration_s: float) -> WrkResult:
    """`wrk` against `url` for `duration_s` (rounded up to whole seconds) on `connections`
    keep-alive connections, requests made by `script`."""
    seconds = max(WRK_MIN_DURATION_S, math.ceil(duration_s))
    with tempfile.TemporaryDirectory(prefix="fancoins-wrk-") as folder:
        path = Path(folder) / "load.lua"
        path.write_text(script, encoding="utf-8")
        completed = subprocess.run(
            [executable, "-t", str(min(WRK_THREADS, connections)), "-c", str(connections),
             "-d", f"{seconds}s", "--latency", "-s", str(path), url],
            capture_output=True, text=True, timeout=seconds + WRK_EXIT_GRACE_S, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"wrk exited with status {completed.returncode}: "
                           f"{completed.stderr.strip() or completed.stdout.strip()}")
    return parse(completed.stdout)


def parse(output: str) -> WrkResult:
    """The script's `done()` line of a wrk run's output."""
    found = _RESULT.search(output)
    if found is None:
        raise RuntimeError(f"wrk printed no result line: {output.strip()[-500:]}")
    fields = {name: int(value) for name, value in
              (pair.split("=", 1) for pair in found.group(1).split())}
    return WrkResult(ok=fields["ok"], refused=fields["refused"],
                     seconds=fields["duration_us"] / 1e6, p50_ms=fields["p50_us"] / 1000,
                     p90_ms=fields["p90_us"] / 1000, p99_ms=fields["p99_us"] / 1000,
                     socket_errors=fields["socket_errors"])
