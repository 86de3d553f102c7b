"""What the LIVE-feature browser tests share: a demo server where battles may be short, and
a battle and a goal in Maya's LIVE set up through the API."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.web.browser import Demo, demo_server

# A battle long enough to look at in a screenshot, short enough to see end in a test.
BATTLE_S = 12


@contextmanager
def features_demo(directory: Path) -> Iterator[Demo]:
    with demo_server(directory, battles__duration_min_s=1, battles__settle_grace_ms=200,
                     live__tick_ms=50) as demo:
        yield demo


def start_live(demo: Demo, creator: str, title: str) -> str:
    key = "live-" + re.sub(r"[^a-z0-9]+", "-", f"{creator} {title}".lower())
    return str(demo.post("/v1/streams", creator, {"title": title}, key=key)["id"])


def gift(demo: Demo, sender: str, stream_id: str, gift_id: str, key: str, count: int = 1,
         message: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"gift_id": gift_id, "stream_id": stream_id, "count": count}
    if message:
        body["message"] = message
    return dict(demo.post("/v1/gifts/send", sender, body, key=key))


def battle_and_goal(demo: Demo, seconds: int = BATTLE_S, tag: str = "",
                    goal_coins: int = 600) -> dict[str, Any]:
    """Leo LIVE, a battle between Maya and Leo, and a goal in Maya's LIVE."""
    start_live(demo, "leo", "Leo plays")
    battle = demo.post("/v1/battles", "maya", {"opponents": ["leo"], "duration_s": seconds},
                       key=f"battle{tag}")
    demo.post(f"/v1/battles/{battle['id']}/accept", "leo")
    demo.post(f"/v1/streams/{demo.maya_stream()}/goals", "maya",
              {"title": f"A song at {goal_coins:,} coins", "kind": "coins",
               "target": goal_coins},
              key=f"goal{tag}")
    return dict(battle)
