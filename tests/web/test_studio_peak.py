"""Peak viewers in the creator studio, in a real Chromium: viewers watching through real
WebSockets (a viewer's room and the studio itself), the LIVE ended from the studio, and the
peak shown in the ended LIVE's summary and in the list of LIVEs (desktop and 390 px)."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, expect

from tests.web.browser import DESKTOP, PHONE, WAIT_MS, Demo, assert_clean, new_page, sign_in
from tests.web.features import start_live

pytestmark = pytest.mark.browser

WATCHING = 2  # the viewer's room and the studio, each a socket on the stream
PEAK_WAIT_S = 15.0


def _peak(demo: Demo, stream_id: str) -> int | None:
    peak = demo.api(f"/v1/streams/{stream_id}", "leo")["peak_viewers"]
    return None if peak is None else int(peak)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_studio_shows_a_lives_peak_viewers(browser: Browser, fresh_demo: Demo,
                                               viewport: str) -> None:
    demo = fresh_demo
    stream_id = start_live(demo, "leo", f"Peak at {viewport}")
    size = PHONE if viewport == "phone" else DESKTOP
    studio = new_page(browser, size)
    room = new_page(browser, size)
    try:
        sign_in(studio, demo.base_url, "leo")
        expect(studio.locator("#end-live")).to_be_visible(timeout=WAIT_MS)
        sign_in(room, demo.base_url, "alice", f"#/live/{stream_id}")
        expect(studio.locator("#studio-viewers")).to_have_text(str(WATCHING), timeout=WAIT_MS)
        deadline = time.monotonic() + PEAK_WAIT_S
        while _peak(demo, stream_id) != WATCHING and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _peak(demo, stream_id) == WATCHING
        room.goto(f"{demo.base_url}/app/#/wallet")  # the viewer leaves: the peak stays
        expect(studio.locator("#studio-viewers")).to_have_text("1", timeout=WAIT_MS)
        studio.click("#end-live")
        expect(studio.locator("#ended-summary-peak")).to_have_text(str(WATCHING),
                                                                   timeout=WAIT_MS)
        row = studio.locator("#lives tbody tr",
                             has=studio.locator(f"[data-stream='{stream_id}']"))
        expect(row.locator(".lives-peak")).to_have_text(f"peak {WATCHING} viewers",
                                                        timeout=WAIT_MS)
        assert studio.evaluate("() => document.documentElement.scrollWidth") <= size["width"]
        assert_clean(studio)
        assert_clean(room)
    finally:
        studio.context.close()
        room.context.close()
