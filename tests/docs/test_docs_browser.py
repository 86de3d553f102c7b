"""/docs (Swagger UI) and /redoc (ReDoc) render every operation in a real Chromium with every
request outside 127.0.0.1 refused: their assets are the app's own, not a CDN's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright

from fancoins.api.app import create_app
from tests.conftest import fresh_sqlite_url
from tests.support.api import settings_for
from tests.support.live_server import live_server

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
RENDER_TIMEOUT_MS = 20_000
LOCAL_HOSTS = ("127.0.0.1",)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[str]:
    url = fresh_sqlite_url(sqlite_template, tmp_path_factory.mktemp("docs"))
    with live_server(create_app(settings_for(url))) as base:
        yield base


@pytest.fixture(scope="module")
def operations(base_url: str) -> int:
    """How many operation entries a viewer shows: each operation once under each tag."""
    schema = httpx.get(base_url + "/openapi.json", timeout=10).json()
    methods = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
    return sum(max(1, len(operation.get("tags", [])))
               for item in schema["paths"].values()
               for method, operation in item.items() if method in methods)


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
    offline: Offline, base_url: str, operations: int
) -> None:
    page = offline.page
    page.goto(base_url + "/docs")
    blocks = page.locator(".opblock")
    expect(blocks.first).to_be_visible(timeout=RENDER_TIMEOUT_MS)
    expect(blocks).to_have_count(operations, timeout=RENDER_TIMEOUT_MS)
    expect(page.locator(".opblock-summary-path", has_text="/v1/gifts/send")).to_have_count(1)
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
