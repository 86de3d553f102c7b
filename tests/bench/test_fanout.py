"""The fan-out simulation behind docs/scaling.md: 1,000,000 viewers on 100 nodes."""

from __future__ import annotations

from typer.testing import CliRunner

from fancoins.bench.fanout import Shape, event_bytes, simulate
from fancoins.cli.main import app

MILLION = Shape(viewers=1_000_000, nodes=100, gift_rate=1000, tick_ms=100, events_max=10)


def test_the_tree_bounds_what_a_viewer_gets_whatever_the_nodes() -> None:
    flat, tree = simulate(MILLION)
    # A tick has ~1 gift per node: ~63% of the nodes publish a frame (1 - e^-1); a viewer
    # gets them joined, one message a tick, but every node's events.
    assert 580 < flat.log_rows < 680 and flat.viewer_messages <= 10
    assert flat.viewer_events > 500
    assert tree.viewer_messages <= 1000 / MILLION.tick_ms  # one frame a tick at most
    assert tree.viewer_events <= 10 * 11  # ten events and a summary a frame
    assert tree.node_ws_messages == tree.viewer_messages * 10_000  # 10,000 viewers a node
    assert tree.redis_out < flat.redis_out / 10
    assert tree.log_rows <= 10
    single, summary = event_bytes(10)
    assert 200 < single < 800 and 100 < summary < 800  # measured from real events
    # A viewer's bytes: at most a full frame a tick (10 events and a summary).
    assert tree.viewer_bytes <= 10 * (10 * single + summary + 6)


def test_a_few_nodes_are_fine_flat() -> None:
    flat, _ = simulate(Shape(viewers=10_000, nodes=2, gift_rate=1000, tick_ms=100,
                             events_max=10))
    assert flat.viewer_messages <= 10 and flat.log_rows <= 2 * 10


def test_the_command_prints_the_table() -> None:
    result = CliRunner().invoke(app, ["bench", "fanout", "--ticks", "50"])
    assert result.exit_code == 0, result.output
    assert "1,000,000 viewers on 100 nodes" in result.output
    assert "messages a viewer gets" in result.output
