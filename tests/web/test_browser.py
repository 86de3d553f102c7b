"""The web app in a real Chromium against a real server (uvicorn, migrated SQLite, the demo
economy): what a viewer, a creator and an operator see equals what the ledger holds."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from fancoins.api.app import create_app
from fancoins.config import Settings
from fancoins.db.engine import create_engine
from fancoins.db.migrate import upgrade
from fancoins.demo import load_demo
from fancoins.ledger.assets import CURRENCY_EXPONENTS
from tests.support.api import bearer, settings_for, user_token
from tests.support.live_server import live_server
from tests.web.helpers import assert_verified, coins_of

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SHOTS = Path("/tmp")
WAIT_MS = 10_000


def _in_thread(function: Callable[..., Any], *args: Any) -> Any:
    # Playwright's sync API keeps an event loop on this thread: run ours on another one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def _run(coroutine: Any) -> Any:
    return _in_thread(asyncio.run, coroutine)


class Demo:
    """The server under test, and the ledger read straight from its database."""

    def __init__(self, settings: Settings, base_url: str) -> None:
        self.settings = settings
        self.base_url = base_url

    def coins(self, user_id: str) -> int:
        async def read() -> int:
            engine = create_engine(self.settings.database_url)
            try:
                return await coins_of(engine, user_id)
            finally:
                await engine.dispose()

        return int(_run(read()))

    def verify_ok(self) -> None:
        async def check() -> None:
            engine = create_engine(self.settings.database_url)
            try:
                await assert_verified(engine)
            finally:
                await engine.dispose()

        _run(check())

    def api(self, path: str, user_id: str, scope: str = "", **params: str) -> Any:
        token = user_token(self.settings, user_id, scope=scope)
        answer = httpx.get(self.base_url + path, headers=bearer(token), params=params,
                           timeout=10)
        assert answer.status_code == 200, answer.text
        return answer.json()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    path = tmp_path_factory.mktemp("web") / "web.db"
    settings = settings_for(f"sqlite+aiosqlite:///{path}", demo_checkout=True)
    _in_thread(upgrade, settings.database_url)

    async def seed() -> None:
        engine = create_engine(settings.database_url)
        try:
            await load_demo(engine)
        finally:
            await engine.dispose()

    _run(seed())
    with live_server(create_app(settings)) as base_url:
        yield Demo(settings, base_url)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert not errors, errors  # no uncaught script error on any screen


def sign_in(page: Page, base_url: str, user_id: str) -> None:
    page.goto(base_url + "/")
    if page.locator("#sign-out").count():
        page.click("#sign-out")
    page.click(f"[data-user='{user_id}']")
    expect(page.locator("#who-name")).to_be_visible(timeout=WAIT_MS)


def shown_number(page: Page, selector: str) -> int:
    return int(page.inner_text(selector).replace(",", ""))


def test_viewer_wallet_equals_the_ledger_and_grows_with_a_purchase(
    page: Page, demo: Demo
) -> None:
    sign_in(page, demo.base_url, "alice")
    coins = page.locator("#wallet-coins")
    expect(coins).not_to_have_text("", timeout=WAIT_MS)
    before = demo.coins("alice")
    assert shown_number(page, "#wallet-coins") == before
    expect(page.locator("#statement table")).to_contain_text("Operator grant")
    page.screenshot(path=str(SHOTS / "fancoins-wallet.png"), full_page=True)

    page.click("nav >> text=Buy coins")
    pack = page.locator("#packages .package[data-coins='500']")
    expect(pack).to_contain_text("$4.99")
    expect(page.locator("#packages .package.best")).to_contain_text("Best value")
    page.screenshot(path=str(SHOTS / "fancoins-buy.png"), full_page=True)
    pack.locator("button").click()
    page.click("#demo-pay")
    expect(coins).to_have_text(f"{before + 500:,}", timeout=WAIT_MS)
    assert demo.coins("alice") == before + 500

    page.click("nav >> text=Wallet")
    expect(page.locator("#statement table")).to_contain_text("Coin purchase")
    with page.expect_download() as download:
        page.click("#statement-csv")
    csv = Path(download.value.path()).read_text()
    assert csv.startswith("id,created_at,kind") and ",500," in csv
    demo.verify_ok()


def test_a_minor_sees_the_problem_title_and_detail(page: Page, demo: Demo) -> None:
    sign_in(page, demo.base_url, "teen-tim")
    page.click("nav >> text=Buy coins")
    page.locator("#packages .package[data-coins='100'] button").click()
    problem = page.locator("#buy-errors .problem")
    expect(problem).to_contain_text("Age restricted", timeout=WAIT_MS)
    expect(problem).to_contain_text("18")
    assert demo.coins("teen-tim") == 0


def test_a_gift_in_mayas_live_appears_in_the_feed_and_on_the_overlay(
    page: Page, demo: Demo
) -> None:
    sign_in(page, demo.base_url, "maya")
    page.click("#go-live-button")  # the demo already started Maya's LIVE: it is adopted
    expect(page.locator("#end-live")).to_be_visible(timeout=WAIT_MS)
    overlay_url = page.input_value("#overlay-url")
    page.screenshot(path=str(SHOTS / "fancoins-creator.png"), full_page=True)

    # Another browser: the LIVE list comes from the API, not from what this browser opened.
    browser = page.context.browser
    assert browser is not None
    viewer = browser.new_context().new_page()
    sign_in(viewer, demo.base_url, "alice")
    viewer.click("nav >> text=LIVE")
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
    demo.verify_ok()


def test_operator_console_shows_what_the_api_and_ledger_say(page: Page, demo: Demo) -> None:
    sign_in(page, demo.base_url, "operator")
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
