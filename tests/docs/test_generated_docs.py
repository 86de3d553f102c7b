"""The generated pages in docs/ are what the code generates now (`make docs` rewrites them),
and the app serves the guides."""

from __future__ import annotations

import re
from pathlib import Path

from fancoins.api.reference import (
    EVENTS_BEGIN,
    EVENTS_END,
    events_markdown,
    import_every_module,
    problems_markdown,
    with_events,
)
from fancoins.config_docs import settings_markdown
from fancoins.kit.errors import problem_types
from fancoins.live import contract
from tests.conftest import fresh_sqlite_url
from tests.support.api import running_app, settings_for

DOCS = Path(__file__).parents[2] / "docs"


def test_problem_types_page_is_current() -> None:
    committed = (DOCS / "problems.md").read_text()
    assert committed == problems_markdown(), "docs/problems.md is stale: run `make docs`"


def test_settings_page_is_current() -> None:
    committed = (DOCS / "settings.md").read_text()
    assert committed == settings_markdown(), "docs/settings.md is stale: run `make docs`"


def test_every_problem_type_is_listed_once_with_status_title_and_replay() -> None:
    import_every_module()
    page = (DOCS / "problems.md").read_text()
    rows = re.findall(r"^\| `([a-z0-9-]+)` \| (\d{3}) \| ([^|]+) \| ([^|]+) \|", page, re.M)
    assert [slug for slug, *_ in rows] == sorted(problem_types())
    for slug, status, title, replay in rows:
        error = problem_types()[slug]
        assert (int(status), title.strip()) == (error.status, error.title)
        assert replay.startswith("replays" if error.stored else "is decided afresh")


def test_websocket_guide_events_are_current() -> None:
    guide = (DOCS / "websocket.md").read_text()
    assert guide == with_events(guide), "docs/websocket.md is stale: run `make docs`"
    section = guide[guide.index(EVENTS_BEGIN):guide.index(EVENTS_END)]
    for model in contract.EVENT_MODELS:
        assert f"### `{contract.event_type_of(model)}`" in section
    assert section + EVENTS_END == events_markdown()


async def test_guides_are_served_as_html(sqlite_template: Path, tmp_path: Path) -> None:
    settings = settings_for(fresh_sqlite_url(sqlite_template, tmp_path))
    async with running_app(settings) as (_, client):
        page = await client.get("/guides/websocket")
        same = await client.get("/guides/websocket.md")  # links as written in the repository
        missing = await client.get("/guides/nope")
        outside = await client.get("/guides/..%2Fpyproject")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<h1>The LIVE WebSocket</h1>" in page.text and "<table>" in page.text
    assert same.text == page.text
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert outside.status_code == 404
