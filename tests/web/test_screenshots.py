"""A screenshot of every main screen, desktop and 390 px phone. `make screenshots` writes them
to docs/screenshots/ (FANCOINS_SCREENSHOTS) for the README; in the suite they go to a temporary
folder, and the walk itself checks that every screen renders with no error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.web.browser import DESKTOP, PHONE, WAIT_MS, Demo, assert_clean, new_page
from tests.web.screens import SCREENS

pytestmark = pytest.mark.browser


def _folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("FANCOINS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _liven(demo: Demo, tag: str) -> None:
    """Gifts in Maya's LIVE from other viewers, so the room, board and overlay have something
    to show."""
    stream_id = demo.maya_stream()
    for n, (sender, gift) in enumerate([("bob", "rose"), ("bob", "rose"), ("chen", "panda"),
                                        ("bob", "love_bang")]):
        demo.post("/v1/gifts/send", sender, {"gift_id": gift, "stream_id": stream_id},
                  key=f"shot-{tag}-{n}")


def _sell(demo: Demo, tag: str) -> None:
    """A paid web checkout, so the finance report has a sale to show."""
    opened = demo.post("/v1/checkout/sessions", "alice", {"coins": 2000}, key=f"shot-buy-{tag}")
    demo.post(opened["checkout_url"] + "/complete", "alice")


def test_every_main_screen_desktop_and_phone(browser: Browser, demo: Demo,
                                             tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    written = []
    for viewport, suffix in ((DESKTOP, "desktop"), (PHONE, "phone")):
        for screen in SCREENS:
            page = new_page(browser, viewport)
            if screen.name == "sign-in":
                page.goto(demo.base_url + "/app/")
                expect(page.locator(screen.ready).first).to_be_visible(timeout=WAIT_MS)
            else:
                if screen.name == "console-finance":
                    _sell(demo, suffix)
                screen.open(page, demo)
            if screen.name == "live-room":
                _liven(demo, suffix)
                expect(page.locator("#feed li:not(.empty)").first).to_be_visible(timeout=WAIT_MS)
                page.wait_for_timeout(1200)  # the board frame after the gifts
            path = folder / f"{screen.name}-{suffix}.png"
            page.screenshot(path=str(path), full_page=True)
            written.append(path)
            page.context.close()
            assert_clean(page)
    overlay_page = new_page(browser, {"width": 960, "height": 540})
    studio = new_page(browser)
    next(s for s in SCREENS if s.name == "creator-studio").open(studio, demo)
    studio.click("#make-overlay")
    overlay_page.goto(studio.input_value("#overlay-url", timeout=WAIT_MS))
    expect(overlay_page.locator("#board li").first).to_be_visible(timeout=WAIT_MS)
    overlay_page.screenshot(path=str(folder / "overlay.png"))
    written.append(folder / "overlay.png")
    for page in (overlay_page, studio):
        page.context.close()
        assert_clean(page)
    assert all(p.stat().st_size > 5_000 for p in written)
