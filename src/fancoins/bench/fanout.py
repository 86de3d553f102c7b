"""`fancoins bench fanout`: a simulation of LIVE's fan-out for many viewers on many nodes.

One hot LIVE watched by `viewers` viewers spread evenly over `nodes` API processes, receiving
`gift_rate` gifts a second spread over the same processes (each gift is committed by the
process its sender's request reached), with frames built every `tick_ms`. The simulation
draws each node's gifts of every tick (Poisson, seeded) for `ticks` ticks and counts, per
second, what each design moves: Redis messages in and out, log rows, WebSocket messages and
bytes per node and per viewer. Event sizes are measured by encoding real events with
`fancoins.live.frames` (not guessed).

Two designs:
- `flat` (what runs today): every node whose writer committed gifts of the stream in a tick
  publishes one numbered frame of them; every node delivers every frame to its viewers. Nodes
  tick on the same wall-clock boundaries and a node joins the frames of one tick into one
  message (`live.coalesce_ms`), so a viewer gets about one message a tick — but it holds
  every node's events (up to `events_max` and a summary from each): fine for a few nodes,
  not for a hundred.
- `tree`: every node sends its tick's partial (its folded gift events) to the stream's
  leader (one node per stream, by hash) on a per-stream Redis channel; the leader folds the
  partials of a tick into one frame (at most `events_max` events and a summary, as a node's
  tick does), numbers and logs it, and publishes it once on the stream's channel, to which
  only nodes with viewers of the stream subscribe. A viewer gets at most one frame per tick
  whatever the number of nodes.
"""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass
from typing import Annotated

import orjson
import typer

from fancoins.economy_file import load_economy
from fancoins.gifts.events import GiftSent
from fancoins.live import frames

WS_HEADER_BYTES = 4  # a server frame's header for 126..65535 bytes of payload
REDIS_HEADER_BYTES = 41  # our relay header (see realtime/redis_hub.py)
MS_PER_S = 1000


@dataclass(frozen=True, slots=True)
class Shape:
    viewers: int
    nodes: int
    gift_rate: float  # gifts per second to the hot stream
    tick_ms: int
    events_max: int  # gift events shown one by one in a frame (live.frame_gift_events_max)
    streams: int = 1  # live streams with viewers (Redis channels); one of them is hot
    ticks: int = 200
    seed: int = 7


@dataclass(frozen=True, slots=True)
class Figures:
    """Per second, averaged over the simulated ticks."""

    design: str
    viewer_messages: float  # WebSocket messages each viewer gets
    viewer_events: float  # events in them
    viewer_bytes: float
    node_ws_messages: float  # WebSocket messages each node writes
    node_ws_bytes: float
    node_redis_in: float  # messages each node reads from Redis
    leader_redis_in: float  # the hot stream's leader (tree) reads this many partials
    redis_in: float  # messages Redis receives
    redis_out: float  # messages Redis delivers to subscribers
    redis_out_bytes: float
    redis_channels: int
    log_rows: float  # numbered frames logged for the hot stream (its head row's locks)


def event_bytes(events_max: int) -> tuple[int, int]:
    """(bytes of one `gift.sent` event, bytes of one `gift.summary`), encoded for real."""
    economy = load_economy()
    levels = economy.levels
    gifts = [GiftSent(uuid.uuid4(), "s" * 26, None, None, f"viewer-{i:06d}", f"Viewer {i}",
                      "creator", "rose", "Rose", 1, True, 1, 1, 1, 1234, 1_800_000_000_000)
             for i in range(events_max + 5)]
    events = frames.gift_events("s" * 26, [(g, None) for g in gifts], set(), levels, {},
                                events_max, uuid.uuid4)
    for number, event in enumerate(events, start=1):
        event["seq"] = 1_000_000 + number
    single = len(orjson.dumps(events[0])) + 1  # the comma in the frame's array
    summary = len(orjson.dumps(events[-1])) + 1
    return single, summary


def _frame(gifts: int, events_max: int, sizes: tuple[int, int]) -> tuple[int, int]:
    """(events, bytes) of a frame telling `gifts` gifts (each a sender's own event, the
    worst case for size)."""
    single, summary = sizes
    shown = min(gifts, events_max)
    folded = gifts > events_max
    return shown + folded, 2 + shown * single + (summary if folded else 0)


def _poisson(rng: random.Random, mean: float) -> int:
    if mean > 50:  # normal approximation: exact enough, far cheaper
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def simulate(shape: Shape) -> tuple[Figures, Figures]:
    """The flat and the tree designs for `shape`."""
    rng = random.Random(shape.seed)
    sizes = event_bytes(shape.events_max)
    per_s = MS_PER_S / shape.tick_ms
    mean = shape.gift_rate / per_s / shape.nodes
    flat, tree = _Tally(), _Tally()
    for _ in range(shape.ticks):
        busy = [g for g in (_poisson(rng, mean) for _ in range(shape.nodes)) if g]
        if not busy:
            continue
        for gifts in busy:  # one frame per busy node, joined into one message per viewer
            flat.add_frame(*_frame(gifts, shape.events_max, sizes))
        flat.messages += 1
        tree.partials += len(busy)  # to the leader, which publishes one frame
        tree.add_frame(*_frame(sum(busy), shape.events_max, sizes))
        tree.messages += 1
    seconds = shape.ticks / per_s
    return (flat.figures("flat", shape, seconds, sizes),
            tree.figures("tree", shape, seconds, sizes))


@dataclass(slots=True)
class _Tally:
    frames: int = 0  # published on the stream's channel (and logged)
    messages: int = 0  # WebSocket messages to each viewer
    events: int = 0
    bytes: int = 0
    partials: int = 0

    def add_frame(self, events: int, size: int) -> None:
        self.frames += 1
        self.events += events
        self.bytes += size

    def figures(self, design: str, shape: Shape, seconds: float, sizes: tuple[int, int]
                ) -> Figures:
        """Every node has viewers of the hot stream: each frame published for it reaches
        every node, and each node writes each message to each of its viewers."""
        per_node = shape.viewers / shape.nodes
        frames, messages = self.frames / seconds, self.messages / seconds
        viewer_bytes = (self.bytes + self.messages * WS_HEADER_BYTES) / seconds
        partials = self.partials / seconds
        return Figures(
            design=design, viewer_messages=messages, viewer_events=self.events / seconds,
            viewer_bytes=viewer_bytes, node_ws_messages=messages * per_node,
            node_ws_bytes=viewer_bytes * per_node, node_redis_in=frames,
            leader_redis_in=partials, redis_in=frames + partials,
            redis_out=frames * shape.nodes + partials,
            redis_out_bytes=(self.bytes + self.frames * REDIS_HEADER_BYTES) / seconds
            * shape.nodes,
            redis_channels=shape.streams * (2 if design == "tree" else 1), log_rows=frames)


def fanout_command(
    viewers: Annotated[int, typer.Option(min=1)] = 1_000_000,
    nodes: Annotated[int, typer.Option(min=1, max=10_000)] = 100,
    gift_rate: Annotated[float, typer.Option(min=0, help="gifts/s to the hot LIVE")] = 1000.0,
    tick_ms: Annotated[int, typer.Option(min=10, max=2000)] = 100,
    events_max: Annotated[int, typer.Option(min=1, max=1000)] = 10,
    streams: Annotated[int, typer.Option(min=1, help="live streams (Redis channels)")] = 1,
    ticks: Annotated[int, typer.Option(min=10, max=100_000)] = 200,
) -> None:
    """Simulate LIVE's fan-out (flat as built, and the tree) for VIEWERS over NODES."""
    from rich.console import Console
    from rich.table import Table

    shape = Shape(viewers, nodes, gift_rate, tick_ms, events_max, streams, ticks)
    flat, tree = simulate(shape)
    table = Table("per second", "flat (as built)", "tree (a leader per stream)",
                  title=f"{viewers:,} viewers on {nodes} nodes, {gift_rate:,.0f} gifts/s to one "
                        f"LIVE, tick {tick_ms} ms, {events_max} events a frame")
    rows = [
        ("messages a viewer gets", "viewer_messages", "{:,.1f}"),
        ("events in them", "viewer_events", "{:,.0f}"),
        ("bytes a viewer gets", "viewer_bytes", "{:,.0f}"),
        ("WebSocket messages a node writes", "node_ws_messages", "{:,.0f}"),
        ("MB a node writes to viewers", "node_ws_bytes", "mb"),
        ("Redis messages a node reads", "node_redis_in", "{:,.1f}"),
        ("partials the stream's leader reads", "leader_redis_in", "{:,.1f}"),
        ("Redis messages in", "redis_in", "{:,.1f}"),
        ("Redis messages out", "redis_out", "{:,.0f}"),
        ("MB Redis sends", "redis_out_bytes", "mb"),
        ("Redis channels", "redis_channels", "{:,}"),
        ("log rows (head-row locks) for the LIVE", "log_rows", "{:,.1f}"),
    ]
    for label, name, form in rows:
        values = [getattr(f, name) for f in (flat, tree)]
        table.add_row(label, *(f"{v / 1e6:,.2f}" if form == "mb" else form.format(v)
                               for v in values))
    Console().print(table)
