"""The web app in a real Chromium against a real server (uvicorn, migrated SQLite, the demo
economy): what a viewer, a creator and an operator see equals what the ledger holds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from fancoins.ledger.assets import CURRENCY_EXPONENTS
from tests.web.browser import (
    WAIT_MS,
    Demo,
    allow_refusal,
    assert_clean,
    new_page,
    shown_number,
    sign_in_by_picker,
)

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp")


def test_viewer_wallet_equals_the_ledger_and_grows_with_a_purchase(
    page: Page, demo: Demo
) -> None:
    sign_in_by_picker(page, demo.base_url, "alice")
    coins = page.locator("#wallet-coins")
    expect(coins).not_to_have_text("", timeout=WAIT_MS)
    before = demo.coins("alice")
    assert shown_number(page, "#wallet-coins") == before
    expect(page.locator("#statement table")).to_contain_text("Operator grant")
    page.screenshot(path=str(SHOTS / "fancoins-wallet.png"), full_page=True)

    page.click("#nav >> text=Buy coins")
    pack = page.locator("#packages .package[data-coins='500']")
    expect(pack).to_contain_text("$4.99")
    # The web prices are flat per coin (a cent of rounding apart): no pack is "best value".
    expect(page.locator("#packages .package")).to_have_count(5)
    expect(page.locator("#packages .package.best")).to_have_count(0)
    page.screenshot(path=str(SHOTS / "fancoins-buy.png"), full_page=True)
    pack.locator("button").click()
    page.click("#demo-pay")
    expect(coins).to_have_text(f"{before + 500:,}", timeout=WAIT_MS)
    assert demo.coins("alice") == before + 500

    page.click("#nav >> text=Wallet")
    expect(page.locator("#statement table")).to_contain_text("Coin purchase")
    with page.expect_download() as download:
        page.click("#statement-csv")
    csv = Path(download.value.path()).read_text()
    assert csv.startswith("id,created_at,kind") and ",500," in csv
    demo.verify_ok()


def test_a_minor_sees_the_problem_title_and_detail(page: Page, demo: Demo) -> None:
    allow_refusal(page, 403, "/v1/checkout/sessions")
    sign_in_by_picker(page, demo.base_url, "teen-tim")
    page.click("#nav >> text=Buy coins")
    page.locator("#packages .package[data-coins='100'] button").click()
    problem = page.locator("#buy-errors .problem")
    expect(problem).to_contain_text("Age restricted", timeout=WAIT_MS)
    expect(problem).to_contain_text("18")
    assert demo.coins("teen-tim") == 0


def test_a_gift_in_mayas_live_appears_in_the_feed_and_on_the_overlay(
    page: Page, demo: Demo
) -> None:
    sign_in_by_picker(page, demo.base_url, "maya")
    # The demo already started Maya's LIVE: the studio shows it, as the server says.
    expect(page.locator("#end-live")).to_be_visible(timeout=WAIT_MS)
    page.click("#make-overlay")
    overlay_url = page.input_value("#overlay-url", timeout=WAIT_MS)
    # The overlay gets a read-only overlay credential, never the session's token.
    assert "token=fco_" in overlay_url
    page.screenshot(path=str(SHOTS / "fancoins-creator.png"), full_page=True)

    # Another browser: the LIVE list comes from the API, not from what this browser opened.
    browser = page.context.browser
    assert browser is not None
    viewer = new_page(browser)
    sign_in_by_picker(viewer, demo.base_url, "alice")
    viewer.click("#nav >> text=LIVE")
    viewer.click("#streams [data-stream]")
    expect(viewer.locator("#live-status")).to_contain_text("LIVE", timeout=WAIT_MS)
    before = demo.coins("alice")
    expect(viewer.locator("#live-coins")).to_have_text(f"{before:,}", timeout=WAIT_MS)

    overlay = page.context.new_page()
    overlay.goto(overlay_url)
    expect(overlay.locator("#board li").first).to_be_visible(timeout=WAIT_MS)

    viewer.click("#gift-buttons [data-gift='panda']")
    feed = viewer.locator("#feed")
    expect(feed).to_contain_text(re.compile(r"Alice sent Panda ×1 \(5 coins\)"),
                                 timeout=WAIT_MS)
    expect(viewer.locator("#live-coins")).to_have_text(f"{before - 5:,}")
    assert demo.coins("alice") == before - 5
    expect(viewer.locator("#board")).to_contain_text("Alice")
    expect(overlay.locator("#alerts")).to_contain_text("Alice sent Panda", timeout=WAIT_MS)
    viewer.screenshot(path=str(SHOTS / "fancoins-live.png"), full_page=True)
    overlay.screenshot(path=str(SHOTS / "fancoins-overlay.png"))
    viewer.context.close()
    assert_clean(viewer)
    demo.verify_ok()


def test_operator_console_shows_what_the_api_and_ledger_say(page: Page, demo: Demo) -> None:
    # Money in the books (the suite may run this test on a server of its own).
    opened = demo.post("/v1/checkout/sessions", "alice", {"coins": 100}, key="console-buy-100")
    demo.post(opened["checkout_url"] + "/complete", "alice")
    sign_in_by_picker(page, demo.base_url, "operator")
    expect(page.locator("#verify-result")).to_have_text("Verify OK", timeout=WAIT_MS)
    economy = demo.api("/v1/admin/economy", "operator", scope="admin")
    coins = economy["coins"]
    assert shown_number(page, "#eco-coins-outstanding") == coins["outstanding"]
    assert shown_number(page, "#eco-coins-issued") == coins["issued"]
    assert shown_number(page, "#eco-coins-spent") == coins["spent"]
    assert shown_number(page, "#eco-diamonds-outstanding") == economy["diamonds"]["outstanding"]
    [usd] = economy["currencies"]
    sales = f"{usd['sales_minor'] // 100:,}.{usd['sales_minor'] % 100:02d}"
    expect(page.locator("#eco-currencies")).to_contain_text(sales)
    page.screenshot(path=str(SHOTS / "fancoins-console.png"), full_page=True)

    page.click(".subnav >> text=Users")
    page.fill("#user-lookup input", "bob")
    page.click("#user-lookup button")
    expect(page.locator("#wallet-coins")).to_have_text(f"{demo.coins('bob'):,}",
                                                       timeout=WAIT_MS)
    before = demo.coins("bob")
    page.fill("#adjust-form input[name=amount]", "+25")
    page.fill("#adjust-form input[name=reason]", "goodwill for a stream outage")
    page.click("#adjust-form button")
    expect(page.locator("#wallet-coins")).to_have_text(f"{before + 25:,}", timeout=WAIT_MS)
    assert demo.coins("bob") == before + 25
    page.fill("#freeze-form input", "chargeback investigation")
    page.click("#freeze-form button")
    expect(page.locator("#user-frozen")).to_have_text("frozen", timeout=WAIT_MS)
    assert demo.api("/v1/users/bob", "operator", scope="admin")["frozen"] is True
    demo.verify_ok()


def test_money_is_formatted_exactly_in_the_browser(page: Page, demo: Demo) -> None:
    page.goto(demo.base_url + "/app/")
    results = page.evaluate("""async () => {
        const m = await import('/app/js/money.js');
        return {
          exponents: m.CURRENCY_EXPONENTS,
          usd: m.formatMinor(123456789, 'USD'), jpy: m.formatMinor(1500, 'JPY'),
          kwd: m.formatMinor(5, 'KWD'), negative: m.formatMinor(-1, 'EUR'),
          big: m.formatMinor('900719925474099312', 'USD'),
          parsed: [m.parseMajor('100.5', 'USD'), m.parseMajor('0.07', 'USD'),
                   m.parseMajor('1.234', 'USD'), m.parseMajor('12', 'JPY')],
        };
    }""")
    assert results["exponents"] == CURRENCY_EXPONENTS
    assert results["usd"] == "1,234,567.89" and results["jpy"] == "1,500"
    assert results["kwd"] == "0.005" and results["negative"] == "-0.01"
    assert results["big"] == "9,007,199,254,740,993.12"  # string math: no float rounding
    assert results["parsed"] == [10050, 7, None, 12], json.dumps(results)
