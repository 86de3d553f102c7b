"""A PNG of a self-contained HTML report (the simulation's, the finance report's), through
Debian's Chromium with Playwright: `python scripts/screenshot_report.py REPORT.html OUT.png`."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1320, "height": 1000}
# The top of the report: the verdict, the charts and the first tables.
CLIP_HEIGHT_PX = 1700


def screenshot(report: Path, out: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            # The report fetches nothing: block the network so a regression would show.
            page.route("**/*", lambda route: route.abort()
                       if not route.request.url.startswith("file:") else route.continue_())
            page.goto(report.resolve().as_uri())
            height = min(CLIP_HEIGHT_PX, page.evaluate("document.body.scrollHeight"))
            page.screenshot(path=str(out), clip={"x": 0, "y": 0,
                                                 "width": VIEWPORT["width"], "height": height})
        finally:
            browser.close()


if __name__ == "__main__":
    screenshot(Path(sys.argv[1]), Path(sys.argv[2]))
