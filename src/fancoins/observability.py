"""Logs and metrics: JSON logs in production, readable ones in development; Prometheus metrics."""

from __future__ import annotations

import logging
import re
import sys
import time
from collections.abc import MutableMapping
from typing import Any

import structlog
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REGISTRY = CollectorRegistry(auto_describe=True)

HTTP_REQUESTS = Counter(
    "fancoins_http_requests_total", "HTTP requests answered", ["method", "route", "status"],
    registry=REGISTRY,
)
HTTP_LATENCY = Histogram(
    "fancoins_http_request_seconds", "HTTP request latency", ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
    registry=REGISTRY,
)

# --- the gift writer: how a storm looks from inside (hooks in `gifts.writer`) ---
GIFT_BATCH_SIZE = Histogram(
    "fancoins_gift_batch_size", "Gifts per writer batch (one transaction)",
    buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000),
    registry=REGISTRY,
)
GIFT_QUEUE_DEPTH = Gauge(
    "fancoins_gift_queue_depth", "Gifts waiting for the writer when it takes a batch",
    registry=REGISTRY,
)
GIFT_COMMIT_SECONDS = Histogram(
    "fancoins_gift_commit_seconds", "A writer batch: decided, written and committed",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10),
    registry=REGISTRY,
)

# --- LIVE fan-out: lag, viewers dropped, resyncs, Redis ---
FANOUT_LAG = Histogram(
    "fancoins_live_fanout_lag_seconds",
    "From a gift's commit to its frame offered to this process's viewers",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=REGISTRY,
)
VIEWERS = Gauge("fancoins_live_viewers", "Viewers connected to this process", registry=REGISTRY)
VIEWERS_DROPPED = Counter(
    "fancoins_live_viewers_dropped", "Viewers closed by the server, by reason "
    "(too slow, message too big, aborted: did not take the close frame in time)",
    ["reason"], registry=REGISTRY,
)
RESYNCS = Counter(
    "fancoins_live_resyncs", "Resync markers sent to a stream's viewers, by reason",
    ["reason"], registry=REGISTRY,
)
FRAMES_REPAIRED = Counter(
    "fancoins_live_frames_repaired",
    "Frames read back from a stream's log because fan-out did not bring them in time",
    registry=REGISTRY,
)
FRAMES_NOT_RELAYED = Counter(
    "fancoins_live_frames_not_relayed",
    "Frames not handed to Redis (down, or its outgoing queue full); the log still has them",
    registry=REGISTRY,
)
REDIS_UP = Gauge(
    "fancoins_live_redis_up",
    "1 while Redis fan-out is connected; 0 when unreachable (or not configured)",
    registry=REGISTRY,
)
REDIS_RECONNECTS = Counter(
    "fancoins_live_redis_reconnects", "Redis fan-out connections made again after a loss",
    registry=REGISTRY,
)

# --- the garbage collector (`kit.collector`): its pauses stall every viewer of the process ---
GC_PAUSE = Histogram(
    "fancoins_gc_pause_seconds", "Cyclic garbage collector passes, by generation (2: full)",
    ["generation"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
    registry=REGISTRY,
)
GC_FROZEN = Gauge(
    "fancoins_gc_frozen_objects",
    "Objects frozen out of the collector's passes (long-lived: connections, rooms)",
    registry=REGISTRY,
)
GC_THAWS = Counter(
    "fancoins_gc_thaws", "Frozen objects thawed and fully collected (their bound was reached)",
    registry=REGISTRY,
)
for _reason in ("slow", "message_too_big", "aborted"):
    VIEWERS_DROPPED.labels(_reason)


# Log fields whose values are personal data or secrets: never written out.
_SENSITIVE = ("email", "token", "secret", "password", "authorization", "api_key", "receiver",
              "signature", "cookie")
_EMAIL = re.compile(r"[^@\s'\"<>]{1,64}@[^@\s'\"<>]+\.[A-Za-z]{2,}")


def redact(_logger: Any, _name: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """Drop secrets and personal data from a log event: sensitive fields by name, and email
    addresses anywhere in text (an error message may quote a value)."""
    for key, value in list(event.items()):
        if any(word in key.lower() for word in _SENSITIVE):
            event[key] = "[redacted]"
        elif isinstance(value, str) and "@" in value:
            event[key] = _EMAIL.sub("[email]", value)
    return event


class _CurrentStderr:
    """Whatever `sys.stderr` is when a line is written, not when logging was configured: a
    host that swaps the stream (a test runner capturing a CLI run, then closing its capture)
    must not leave every later log line writing to a closed file."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def configure_logging(json_logs: bool, level: int = logging.INFO) -> None:
    renderer: Any = (
        structlog.processors.JSONRenderer() if json_logs else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            redact,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(_CurrentStderr()),  # type: ignore[arg-type]
        cache_logger_on_first_use=True,
    )


class MetricsMiddleware:
    """Counts requests and their latency by route template (never by raw path: bounded labels)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            route = _route_template(scope)
            HTTP_REQUESTS.labels(scope["method"], route, str(status)).inc()
            HTTP_LATENCY.labels(scope["method"], route).observe(time.perf_counter() - started)


def _route_template(scope: Scope) -> str:
    route = scope.get("route")  # set by the router once it matched
    return str(getattr(route, "path", "unmatched"))
