"""A screenshot of every main screen, desktop and 390 px phone. `make screenshots` writes them
to docs/screenshots/ (FANCOINS_SCREENSHOTS) for the README; in the suite they go to a temporary
folder, and the walk itself checks that every screen renders with no error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.web.browser import DESKTOP, PHONE, WAIT_MS, Demo, assert_clean, new_page, sign_in
from tests.web.features import battle_and_goal, features_demo, gift
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
    for n, (sender, gift_id) in enumerate([("bob", "rose"), ("bob", "rose"), ("chen", "panda"),
                                           ("bob", "love_bang")]):
        demo.post("/v1/gifts/send", sender, {"gift_id": gift_id, "stream_id": stream_id},
                  key=f"shot-{tag}-{n}")


def _sell(demo: Demo, tag: str) -> None:
    """A paid web checkout, so the finance report has a sale to show."""
    opened = demo.post("/v1/checkout/sessions", "alice", {"coins": 2000}, key=f"shot-buy-{tag}")
    demo.post(opened["checkout_url"] + "/complete", "alice")


# One test per viewport, so that two workers take one each.
@pytest.mark.slow
@pytest.mark.parametrize(("viewport", "suffix"), [(DESKTOP, "desktop"), (PHONE, "phone")],
                         ids=["desktop", "phone"])
def test_every_main_screen_desktop_and_phone(browser: Browser, demo: Demo, tmp_path: Path,
                                             viewport: dict[str, int], suffix: str) -> None:
    folder = _folder(tmp_path)
    written = []
    for screen in SCREENS:
        page = new_page(browser, viewport)
        if screen.name == "sign-in":
            page.goto(demo.base_url + "/app/")
            expect(page.locator(screen.ready).first).to_be_visible(timeout=WAIT_MS)
        else:
            if screen.name in ("console-finance", "console-charts"):
                _sell(demo, f"{screen.name}-{suffix}")
            if screen.name == "console-keys":
                key = {"name": "host backend", "scopes": ["users:write", "gifts:write"]}
                demo.operator("POST", "/v1/admin/api-keys", key, key=f"shot-key-{suffix}")
            screen.open(page, demo)
            if screen.name == "console-search":
                page.fill("#user-search input[name=q]", "a")
                page.click("#user-search button[type=submit]")
                expect(page.locator("#user-results tbody tr").first).to_be_visible(
                    timeout=WAIT_MS)
        if screen.name == "live-room":
            _liven(demo, suffix)
            expect(page.locator("#feed li:not(.empty)").first).to_be_visible(timeout=WAIT_MS)
            page.wait_for_timeout(1200)  # the board frame after the gifts
        path = folder / f"{screen.name}-{suffix}.png"
        page.screenshot(path=str(path), full_page=True)
        written.append(path)
        page.context.close()
        assert_clean(page)
    assert all(p.stat().st_size > 5_000 for p in written)


def test_overlay_screenshot(browser: Browser, demo: Demo, tmp_path: Path) -> None:
    _liven(demo, "overlay")
    folder = _folder(tmp_path)
    written = []
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


@pytest.mark.slow
def test_live_features_screenshots(browser: Browser, tmp_path: Path,
                                   tmp_path_factory: pytest.TempPathFactory) -> None:
    """The room during a battle with a goal, a big gift on stage with its pinned message and a
    running combo; the overlay with the battle and the goal; the studio running them; a video
    with its gifted comments."""
    folder = _folder(tmp_path)
    written = []
    with features_demo(tmp_path_factory.mktemp("features-shots")) as demo:
        battle_and_goal(demo, seconds=600, tag="shots", goal_coins=5_000)
        stream_id = demo.maya_stream()
        gift(demo, "bob", stream_id, "italian_hand", "shot-club")
        for viewport, suffix in ((DESKTOP, "desktop"), (PHONE, "phone")):
            page = new_page(browser, viewport)
            next(s for s in SCREENS if s.name == "live-room").open(page, demo)
            expect(page.locator("#battle .battle-bar")).to_be_visible(timeout=WAIT_MS)
            for n in range(3):
                gift(demo, "bob", stream_id, "rose", f"shot-{suffix}-rose-{n}")
            gift(demo, "chen", stream_id, "love_bang", f"shot-{suffix}-banner")
            gift(demo, "alice", stream_id, "concert", f"shot-{suffix}-stage",
                 message="Happy birthday Maya!")
            expect(page.locator(".showing.stage")).to_be_visible(timeout=WAIT_MS)
            page.wait_for_timeout(700)  # past the stage animation's entrance
            path = folder / f"live-battle-{suffix}.png"
            page.screenshot(path=str(path), full_page=True)
            written.append(path)
            page.context.close()
            assert_clean(page)
        studio = new_page(browser)
        next(s for s in SCREENS if s.name == "creator-studio").open(studio, demo)
        expect(studio.locator("#studio-battle .battle-bar")).to_be_visible(timeout=WAIT_MS)
        studio.screenshot(path=str(folder / "studio-battle-desktop.png"), full_page=True)
        written.append(folder / "studio-battle-desktop.png")
        overlay = new_page(browser, {"width": 960, "height": 540})
        studio.click("#make-overlay")
        overlay.goto(studio.input_value("#overlay-url", timeout=WAIT_MS))
        expect(overlay.locator("#battle .battle-bar")).to_be_visible(timeout=WAIT_MS)
        gift(demo, "chen", stream_id, "love_bang", "shot-overlay")
        expect(overlay.locator("#alerts .alert").first).to_be_visible(timeout=WAIT_MS)
        overlay.wait_for_timeout(600)  # past the alert's entrance
        overlay.screenshot(path=str(folder / "overlay-battle.png"))
        written.append(folder / "overlay-battle.png")
        video = demo.post("/v1/videos", "maya", {"caption": "Dance practice"}, key="shot-video")
        for n, (who, gift_id, text) in enumerate([("alice", "love_bang", "So good!"),
                                                  ("bob", "rose", "Again please"),
                                                  ("chen", "panda", "Love the moves")]):
            demo.post("/v1/gifts/send", who, {"gift_id": gift_id, "video_id": video["id"],
                                             "comment_text": text}, key=f"shot-comment-{n}")
        viewer = new_page(browser)
        sign_in(viewer, demo.base_url, "alice", f"#/videos/{video['id']}")
        expect(viewer.locator("#comments li").first).to_be_visible(timeout=WAIT_MS)
        viewer.screenshot(path=str(folder / "video-desktop.png"), full_page=True)
        written.append(folder / "video-desktop.png")
        for opened in (overlay, studio, viewer):
            opened.context.close()
            assert_clean(opened)
    assert all(p.stat().st_size > 5_000 for p in written)
