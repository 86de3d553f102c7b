"""The console's held purchases, in a real browser: a web purchase over the velocity rule
waits in the queue uncredited; the operator releases one (its coins arrive, once) and
declines the other (nothing credited); the ledger still verifies."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser import WAIT_MS, Demo, demo_server, sign_in

COINS = 100


@pytest.fixture
def strict_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    # One purchase an hour: the second and third are held.
    with demo_server(tmp_path_factory.mktemp("web-held"),
                     safety__velocity_purchases_max=1) as server:
        yield server


def paid(demo: Demo, key: str) -> str:
    opened = demo.post("/v1/checkout/sessions", "alice", {"coins": COINS}, key=key)
    done = demo.post(opened["checkout_url"] + "/complete", "alice")
    return str(done["outcome"])


def test_operator_releases_and_declines_held_purchases(page: Page, strict_demo: Demo) -> None:
    demo = strict_demo
    before = demo.coins("alice")
    assert paid(demo, "held-0") == "fulfilled"
    # The buyer pays the second one in the app: told it is held for review, not failed.
    sign_in(page, demo.base_url, "alice")
    page.click("#nav >> text=Buy coins")
    page.locator(f"#packages .package[data-coins='{COINS}'] button").click()
    page.click("#demo-pay")
    expect(page.locator("#toasts")).to_contain_text("held for review", timeout=WAIT_MS)
    assert paid(demo, "held-2") == "held"
    assert demo.coins("alice") == before + COINS
    sign_in(page, demo.base_url, "operator", "#/console/held")
    queue = page.locator("#held")
    expect(queue.locator("tbody tr")).to_have_count(2, timeout=WAIT_MS)
    expect(queue).to_contain_text("2 purchases within 1 hour (the rule allows 1)")

    first = queue.locator("tbody tr").first
    first.locator("input").fill("the buyer confirmed it")
    first.locator("button[data-action=release]").click()
    expect(queue.locator("tbody tr")).to_have_count(1, timeout=WAIT_MS)
    assert demo.coins("alice") == before + 2 * COINS

    last = queue.locator("tbody tr").first
    last.locator("input").fill("card reported stolen")
    last.locator("button[data-action=decline]").click()
    expect(queue).to_contain_text("No purchase is held.", timeout=WAIT_MS)
    assert demo.coins("alice") == before + 2 * COINS
    every = demo.api("/v1/admin/purchases/held", "operator", scope="admin", pending="false")
    assert [h["hold"]["decision"] for h in every["items"]] == ["released", "declined"]
    demo.verify_ok()
