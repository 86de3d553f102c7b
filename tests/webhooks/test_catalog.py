"""The event catalog: docs/events.md is what the event dataclasses generate now (`make docs`
rewrites it), and it lists every type an endpoint may subscribe to."""

from __future__ import annotations

import re
from pathlib import Path

from fancoins.webhooks.catalog import catalog
from fancoins.webhooks.reference import events_page

DOCS = Path(__file__).parents[2] / "docs"
# The types the host is told of; more may come (a domain adds an `events` dataclass).
REQUIRED = {"purchase.completed", "purchase.refunded", "purchase.refund_reversed",
            "gift.sent", "gift.batch", "combo.ended", "stream.started", "stream.ended",
            "withdrawal.requested", "withdrawal.paid", "withdrawal.failed",
            "withdrawal.rejected", "promotion.started", "promotion.completed",
            "promotion.cancelled"}


def test_events_page_is_current() -> None:
    committed = (DOCS / "events.md").read_text()
    assert committed == events_page(), "docs/events.md is stale: run `make docs`"


def test_every_type_has_its_row_and_section_with_a_version() -> None:
    page = (DOCS / "events.md").read_text()
    known = catalog()
    assert set(known) >= REQUIRED
    rows = re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \| (\d+) \| (yes|no) \|", page, re.M)
    assert [name for name, *_ in rows] == sorted(known)
    for name, version, ordered in rows:
        assert (int(version), ordered == "yes") == (known[name].version, known[name].ordered)
        assert f"### `{name}` (version {version})" in page
        assert known[name].about, f"{name}: its class needs a docstring (the catalog's text)"
