"""Browser fixtures: one Chromium per module, a fresh context per test, and the rule that a
page ends with no uncaught error, no console error and no unexpected HTTP refusal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, Demo, assert_clean, demo_server, new_page


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """One demo server per test module (tests that change shared state get `fresh_demo`)."""
    with demo_server(tmp_path_factory.mktemp("web")) as server:
        yield server


@pytest.fixture
def fresh_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    with demo_server(tmp_path_factory.mktemp("web-fresh")) as server:
        yield server


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    opened = new_page(browser)
    yield opened
    opened.context.close()
    assert_clean(opened)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    opened = new_page(browser, {"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield opened
    opened.context.close()
    assert_clean(opened)
