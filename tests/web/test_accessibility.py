"""axe-core (vendored) on every main screen, desktop and a 390 px phone: no serious or
critical violation (contrast, names, labels, landmarks)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.browser import DESKTOP, PHONE, Demo, assert_clean, axe_violations, new_page
from tests.web.screens import SCREENS, Screen

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])
def test_no_serious_accessibility_violation(browser: Browser, demo: Demo, screen: Screen,
                                            viewport: dict[str, int]) -> None:
    page: Page = new_page(browser, viewport)
    if screen.name == "sign-in":
        page.goto(demo.base_url + "/app/")
        expect(page.locator(screen.ready).first).to_be_visible()
    else:
        screen.open(page, demo)
    violations = axe_violations(page)
    page.context.close()
    assert violations == []
    assert_clean(page)
