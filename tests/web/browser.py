"""What the browser tests share: a real server on a migrated SQLite database with the demo
economy, Debian's Chromium through Playwright, sign-in, axe-core, and the rule that a page logs
no error (an HTTP refusal is allowed only where a test expects it)."""

from __future__ import annotations

import asyncio
import functools
import json
import re
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, Response, expect

from fancoins.api.app import create_app
from fancoins.config import Settings
from fancoins.db.engine import create_engine
from fancoins.db.migrate import upgrade
from fancoins.demo import load_demo
from tests.support.api import bearer, settings_for, user_token
from tests.support.live_server import live_server
from tests.web.helpers import assert_verified, coins_of

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
# How long an expectation waits for the page to show the right thing: a bound, not a speed
# target (a wrong page still fails, only later). 10 s was too short on one loaded core for the
# console's charts to load and for a refresh after an operator's action.
WAIT_MS = 30_000
# Every `expect` without its own timeout waits as long as the explicit ones (Playwright's
# default is 5 s, short for a full run with four workers on two cores).
expect.set_options(timeout=WAIT_MS)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# How long the tests' own API calls wait for an answer: 10 s timed out on one loaded core.
HTTP_TIMEOUT_S = 60.0
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# Reads the app makes of API the engine does not serve yet (the report lists them). Their
# refusal is not an error of the page; the screens show nothing in their place meanwhile.
PENDING_API = [re.compile(r"/v1/creator/payout-method$")]


def in_thread(function: Callable[..., Any], *args: Any) -> Any:
    # Playwright's sync API keeps an event loop on this thread: run ours on another one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def run(coroutine: Any) -> Any:
    return in_thread(asyncio.run, coroutine)


class Demo:
    """The server under test, its API as a user or the operator, and the ledger read straight
    from its database."""

    def __init__(self, settings: Settings, base_url: str, http: httpx.Client) -> None:
        self.settings = settings
        self.base_url = base_url
        # One client for every call: each new httpx client loads the CA bundle (~30 ms of CPU).
        self.http = http

    def coins(self, user_id: str) -> int:
        async def read() -> int:
            engine = create_engine(self.settings.database_url)
            try:
                return await coins_of(engine, user_id)
            finally:
                await engine.dispose()

        return int(run(read()))

    def verify_ok(self) -> None:
        async def check() -> None:
            engine = create_engine(self.settings.database_url)
            try:
                await assert_verified(engine)
            finally:
                await engine.dispose()

        run(check())

    def headers(self, user_id: str, scope: str = "", key: str | None = None) -> dict[str, str]:
        headers = bearer(user_token(self.settings, user_id, scope=scope))
        if key:
            headers["Idempotency-Key"] = key
        return headers

    def api(self, path: str, user_id: str, scope: str = "", **params: str) -> Any:
        answer = self.http.get(self.base_url + path, headers=self.headers(user_id, scope),
                           params=params, timeout=HTTP_TIMEOUT_S)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def post(self, path: str, user_id: str, body: Any = None, *, scope: str = "",
             key: str | None = None, expect_status: int | None = None) -> Any:
        answer = self.http.post(self.base_url + path, json=body, timeout=HTTP_TIMEOUT_S,
                            headers=self.headers(user_id, scope, key))
        if expect_status is not None:
            assert answer.status_code == expect_status, answer.text
        else:
            assert answer.status_code < 300, answer.text
        return answer.json() if answer.content else None

    def operator(self, method: str, path: str, body: Any = None, key: str | None = None) -> Any:
        answer = self.http.request(method, self.base_url + path, json=body, timeout=HTTP_TIMEOUT_S,
                               headers=self.headers("operator", "admin", key))
        assert answer.status_code < 300, answer.text
        return answer.json() if answer.content else None

    def maya_stream(self) -> str:
        return str(next(s["id"] for s in self.api("/v1/streams", "alice")["items"]
                        if s["creator_id"] == "maya"))


@functools.cache
def _migrated_template(directory: Path) -> Path:
    """An empty migrated database, made once per test process and copied for every demo
    server: migrating each one took ~0.4 s of CPU."""
    path = directory / "web-template.db"
    in_thread(upgrade, f"sqlite+aiosqlite:///{path}")
    return path


@contextmanager
def demo_server(directory: Path, **overrides: Any) -> Iterator[Demo]:
    database = directory / "web.db"
    shutil.copyfile(_migrated_template(directory.parent), database)
    settings = settings_for(f"sqlite+aiosqlite:///{database}", purchases__demo_checkout=True,
                            **overrides)

    async def seed() -> None:
        engine = create_engine(settings.database_url)
        try:
            await load_demo(engine)
        finally:
            await engine.dispose()

    run(seed())
    with live_server(create_app(settings)) as base_url, httpx.Client() as http:
        yield Demo(settings, base_url, http)


class Watched:
    """A page's uncaught errors, console errors and refused requests."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        self.refused: list[tuple[int, str]] = []
        self.allowed: set[tuple[int, str]] = set()
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        page.on("console", self._console)
        page.on("response", self._response)

    def _console(self, message: Any) -> None:
        # A refused request also logs "Failed to load resource": judged by its response below.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"console: {message.text}")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.refused.append((response.status, response.url))

    def allow(self, status: int, path_part: str = "") -> None:
        self.allowed.add((status, path_part))

    def unexpected(self) -> list[str]:
        problems = list(self.errors)
        for status, url in self.refused:
            if any(p.search(url) for p in PENDING_API):
                continue
            if not any(status == s and part in url for s, part in self.allowed):
                problems.append(f"HTTP {status} {url}")
        return problems


def watch(page: Page) -> Watched:
    watched = Watched(page)
    page._fancoins_watched = watched  # type: ignore[attr-defined]
    return watched


def allow_refusal(page: Page, status: int, path_part: str = "") -> None:
    """This test expects the API to refuse something (a minor buying coins, say)."""
    page._fancoins_watched.allow(status, path_part)  # type: ignore[attr-defined]


def new_page(browser: Browser, viewport: dict[str, int] | None = None, **context: Any) -> Page:
    opened = browser.new_context(viewport=viewport or DESKTOP, **context).new_page()
    watch(opened)
    return opened


def assert_clean(page: Page) -> None:
    problems = page._fancoins_watched.unexpected()  # type: ignore[attr-defined]
    assert not problems, problems


def sign_in_by_picker(page: Page, base_url: str, user_id: str) -> None:
    """Sign in as a person does: the landing page's picker (test_browser walks it)."""
    page.goto(base_url + "/")
    if page.locator("#sign-out").count():
        page.click("#sign-out")
    page.click(f"[data-user='{user_id}']")
    expect(page.locator("#who-name")).to_be_visible(timeout=WAIT_MS)


# Where the picker sends each role after signing in (main.js, signIn).
LANDING_ROUTES = {"operator": "#/console", "creator": "#/creator"}
VIEWER_LANDING_ROUTE = "#/wallet"
# The one thing the app keeps in the browser (session.js).
SESSION_KEY = "fancoins.session"


@functools.cache
def _sign_in_http() -> httpx.Client:
    # One plain-HTTP client for every sign-in of the process: each new client loads the CA
    # bundle (~30 ms of CPU).
    return httpx.Client(timeout=HTTP_TIMEOUT_S)


def sign_in(page: Page, base_url: str, user_id: str, route: str | None = None) -> None:
    """Sign in with the session the picker would store (the same POST /v1/dev/session), and
    open the app at `route` (the role's landing page by default). The picker's own page and
    the landing page's data are one full app load each: ~1 s of a browser test."""
    http = _sign_in_http()
    people = http.get(base_url + "/v1/dev/users")
    assert people.status_code == 200, people.text
    person = next(p for p in people.json() if p["id"] == user_id)
    role = "operator" if person["role"] == "operator" else "user"
    token = http.post(base_url + "/v1/dev/session", json={"user_id": user_id, "role": role})
    assert token.status_code == 200, token.text
    session = {**token.json(), "display_name": person["display_name"], "role": person["role"],
               "country": person["country"]}
    # sessionStorage belongs to the origin: set it from a small page of the server, then load
    # the app (a new document, which reads the session when it starts).
    page.goto(base_url + "/healthz")
    page.evaluate("([key, value]) => sessionStorage.setItem(key, value)",
                  [SESSION_KEY, json.dumps(session)])
    page.goto(f"{base_url}/app/{route or LANDING_ROUTES.get(person['role'], VIEWER_LANDING_ROUTE)}")
    expect(page.locator("#who-name")).to_be_visible(timeout=WAIT_MS)


def shown_number(page: Page, selector: str) -> int:
    return int(re.sub(r"[^\d-]", "", page.inner_text(selector)))


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations on the page as it is now. axe is evaluated
    through the DevTools protocol, so the page's CSP (script-src 'self') still holds."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate(AXE.read_text())
    found = page.evaluate("""async () => {
        const result = await window.axe.run(document, {resultTypes: ['violations']});
        return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' '))}));
    }""")
    return [v for v in found if v["impact"] in ("serious", "critical")]


@contextmanager
def awaiting_api(ready: bool, what: str) -> Iterator[None]:
    """A screen whose data the engine does not serve yet: while `ready` is False (the API lacks
    it), a failed assertion is an expected failure naming the API; once the API serves it, the
    same assertion must hold."""
    try:
        yield
    except AssertionError:
        if ready:
            raise
        pytest.xfail(f"waits for the API: {what}")
