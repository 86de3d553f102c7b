"""/docs (Swagger UI) and /redoc (ReDoc) render every operation in a real Chromium with every
request outside 127.0.0.1 refused: their assets are the app's own, not a CDN's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright

from fancoins.api.app import create_app
from tests.conftest import fresh_sqlite_url
from tests.support.api import settings_for
from tests.support.live_server import live_server

# The web tests' browser, and (on import) their default wait for every `expect` without its own
# timeout: Playwright's 5 s applied here whenever this module ran in a process without them.
from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, HTTP_TIMEOUT_S

pytestmark = pytest.mark.browser

# A bound, not a speed target: ReDoc lays out the whole ~400 KB schema in one main-thread task,
# about 5 s on a quiet 2-core machine and more than 20 s in a full run with four workers.
RENDER_TIMEOUT_MS = 120_000
LOCAL_HOSTS = ("127.0.0.1",)
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
# Far more half-screen steps than the reference's height needs (about 25 at 900 px).
MAX_SCROLL_STEPS = 400


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[str]:
    url = fresh_sqlite_url(sqlite_template, tmp_path_factory.mktemp("docs"))
    with live_server(create_app(settings_for(url))) as base:
        yield base


@pytest.fixture(scope="module")
def schema(base_url: str) -> dict[str, Any]:
    answer: dict[str, Any] = httpx.get(base_url + "/openapi.json", timeout=HTTP_TIMEOUT_S).json()
    return answer


@pytest.fixture(scope="module")
def operations(schema: dict[str, Any]) -> int:
    """How many operation entries a viewer shows: each operation once under each tag."""
    return sum(max(1, len(operation.get("tags", [])))
               for item in schema["paths"].values()
               for method, operation in item.items() if method in METHODS)


@pytest.fixture(scope="module")
def swagger_ids(schema: dict[str, Any]) -> set[str]:
    """The element id Swagger UI gives each operation entry: `operations-<tag>-<operationId>`
    (spaces in a tag become underscores)."""
    return {f"operations-{tag.replace(' ', '_')}-{operation['operationId']}"
            for item in schema["paths"].values()
            for method, operation in item.items() if method in METHODS
            for tag in operation["tags"]}


def listed_operations(page: Page) -> dict[str, str]:
    """Every operation entry Swagger UI lists, read while scrolling from the top of the page
    to its bottom: from 150 tag and operation rows on, Swagger UI (5.33 and later) renders
    only the rows near the viewport, so the document never holds them all at once."""
    seen: dict[str, str] = {}  # element id -> the path it shows
    page.evaluate("window.scrollTo(0, 0)")
    for _ in range(MAX_SCROLL_STEPS):
        seen.update(page.locator(".opblock").evaluate_all("""blocks => Object.fromEntries(
            blocks.map(b => [b.id, b.querySelector('.opblock-summary-path').textContent]))"""))
        moved = page.evaluate("""async () => {
            const before = window.scrollY;
            window.scrollBy(0, window.innerHeight / 2);
            await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
            return window.scrollY !== before; }""")
        if not moved:
            return seen
    raise AssertionError(f"the page did not end within {MAX_SCROLL_STEPS} half screens")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Offline:
    """A page whose every request to a host other than 127.0.0.1 is aborted and recorded."""

    def __init__(self, browser: Browser) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _route(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in LOCAL_HOSTS or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("internetdisconnected")


@pytest.fixture
def offline(browser: Browser) -> Iterator[Offline]:
    opened = Offline(browser)
    yield opened
    opened.context.close()


def test_swagger_ui_lists_every_operation_offline(
    offline: Offline, base_url: str, operations: int, swagger_ids: set[str]
) -> None:
    page = offline.page
    page.goto(base_url + "/docs")
    blocks = page.locator(".opblock")
    expect(blocks.first).to_be_visible(timeout=RENDER_TIMEOUT_MS)
    listed = listed_operations(page)
    assert set(listed) == swagger_ids, (sorted(swagger_ids - set(listed)),
                                        sorted(set(listed) - swagger_ids))
    assert len(listed) == operations
    assert list(listed.values()).count("/v1/gifts/send") == 1
    page.evaluate("window.scrollTo(0, 0)")
    # The description links the AsyncAPI document and the guides.
    info = page.locator(".info .description")
    expect(info.locator("a[href='/asyncapi.json']")).to_have_count(1)
    expect(info.locator("a[href='/guides/integration']")).to_have_count(1)
    page.screenshot(path="/tmp/fancoins-docs-swagger.png")
    assert offline.blocked == [], offline.blocked
    assert offline.errors == [], offline.errors
    assert operations > 20


def test_redoc_lists_every_operation_offline(
    offline: Offline, base_url: str, operations: int
) -> None:
    page = offline.page
    page.goto(base_url + "/redoc")
    sections = page.locator("[data-section-id^='operation/']")
    expect(sections.first).to_be_attached(timeout=RENDER_TIMEOUT_MS)
    expect(sections).to_have_count(operations, timeout=RENDER_TIMEOUT_MS)
    expect(page.locator(".api-info a[href='/asyncapi.json']")).to_have_count(1)
    page.screenshot(path="/tmp/fancoins-docs-redoc.png")
    assert offline.blocked == [], offline.blocked
    assert offline.errors == [], offline.errors


def test_blocking_is_real(offline: Offline, base_url: str) -> None:
    """The guard itself: a page that asks for an outside URL is refused and recorded (so an
    empty `blocked` above means no outside request was made, not that none was seen)."""
    page = offline.page
    page.goto(base_url + "/openapi.json")  # a page without the docs' content policy
    failed = page.evaluate("""() => fetch('https://example.invalid/x.js')
                               .then(() => 'loaded', () => 'refused')""")
    assert failed == "refused"
    assert offline.blocked == ["https://example.invalid/x.js"]
