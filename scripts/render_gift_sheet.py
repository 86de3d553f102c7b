"""Render every default gift's artwork in headless Chromium into one labelled contact sheet.

Each gift is shown at 256 px (the full-stage size) and at 48 px (a gift tile) on a light and a
dark tile, so both sizes can be judged in one picture. Run from the repository root:

    .venv/bin/python scripts/render_gift_sheet.py [--out docs/screenshots/gifts.png]
"""

from __future__ import annotations

import argparse
import base64
import html
from pathlib import Path

from playwright.sync_api import sync_playwright

from fancoins.economy.loader import default_economy
from fancoins.web.mount import STATIC_DIR

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
STAGE_PX = 256  # the full-stage animation size
TILE_PX = 48  # a gift tile in the viewer room
COLUMNS = 3
SHEET_WIDTH_PX = COLUMNS * 440 + 40

_STYLE = f"""
body {{ margin: 0; padding: 20px; background: #f3eef7; font: 15px system-ui, sans-serif;
        color: #3b2347; width: {SHEET_WIDTH_PX - 40}px; }}
h1 {{ font-size: 20px; margin: 0 0 16px; }}
.grid {{ display: grid; grid-template-columns: repeat({COLUMNS}, 1fr); gap: 16px; }}
.card {{ background: #fff; border-radius: 14px; padding: 12px; display: grid;
         grid-template-columns: {STAGE_PX}px 1fr; gap: 12px; align-items: center; }}
.stage {{ width: {STAGE_PX}px; height: {STAGE_PX}px; border-radius: 10px;
          background: conic-gradient(#eee 25%, #fff 0 50%, #eee 0 75%, #fff 0) 0 0/16px 16px; }}
.tiles {{ display: flex; flex-direction: column; gap: 8px; align-items: flex-start; }}
.tile {{ width: {TILE_PX}px; height: {TILE_PX}px; padding: 6px; border-radius: 10px; }}
.light {{ background: #fff; box-shadow: 0 0 0 1px #ddd inset; }}
.dark {{ background: #1d1424; }}
.name {{ font-weight: 700; }}
.price {{ color: #8a6f99; white-space: nowrap; }}
"""


def _data_uri(svg: Path) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.read_bytes()).decode("ascii")


def _card(name: str, price_coins: int, svg: Path) -> str:
    uri = _data_uri(svg)
    unit = "coin" if price_coins == 1 else "coins"
    size = svg.stat().st_size
    return (
        f'<div class="card"><img class="stage" src="{uri}" alt="">'
        f'<div class="tiles"><div class="name">{html.escape(name)}</div>'
        f'<div class="price">{price_coins:,} {unit} · {size:,} B</div>'
        f'<img class="tile light" src="{uri}" alt=""><img class="tile dark" src="{uri}" alt="">'
        "</div></div>"
    )


def sheet_html() -> str:
    cards = [_card(gift.name, gift.price_coins, STATIC_DIR / gift.image)
             for gift in default_economy().gifts]
    return (f"<!doctype html><html><head><style>{_STYLE}</style></head><body>"
            f"<h1>Default gifts: {STAGE_PX} px and {TILE_PX} px</h1>"
            f'<div class="grid">{"".join(cards)}</div></body></html>')


def render(out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": SHEET_WIDTH_PX, "height": 600},
                                    device_scale_factor=1)
            page.set_content(sheet_html(), wait_until="load")
            page.screenshot(path=str(out), full_page=True)
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots/gifts.png"))
    render(parser.parse_args().out)


if __name__ == "__main__":
    main()
