"""Every main screen of the web app: who sees it, where it is, and what shows it has loaded.
The accessibility pass and the screenshots walk this one list."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Page, expect

from tests.web.browser import WAIT_MS, Demo, sign_in


@dataclass(frozen=True)
class Screen:
    name: str
    user: str
    route: str  # after /app/ ("#/wallet"); "{maya}" is Maya's LIVE stream id
    ready: str  # a selector visible once the screen has its data

    def open(self, page: Page, demo: Demo) -> None:
        sign_in(page, demo.base_url, self.user, self.route.replace("{maya}", demo.maya_stream()))
        expect(page.locator(self.ready).first).to_be_visible(timeout=WAIT_MS)
        settled(page)


# No API request open for this long (api.js keeps the count on the document), every image and
# font loaded: what Playwright's "networkidle" waits for, without its fixed 500 ms of quiet.
QUIET_MS = 150
_SETTLED = """quietMs => {
    const seen = document.documentElement.dataset;
    return (seen.requests ?? "0") === "0"
        && performance.now() - Number(seen.requestsAt ?? 0) >= quietMs
        && [...document.images].every((image) => image.complete)
        && document.fonts.status === "loaded";
}"""


def settled(page: Page) -> None:
    """Wait until the screen's data, images and fonts have all arrived."""
    page.wait_for_function(_SETTLED, arg=QUIET_MS, timeout=WAIT_MS)


SCREENS = [
    Screen("sign-in", "alice", "", "#pickers [data-user]"),
    Screen("wallet", "alice", "#/wallet", "#statement table"),
    Screen("buy", "chen", "#/buy", "#packages .package"),
    Screen("live-list", "alice", "#/live", "#streams [data-stream]"),
    Screen("live-room", "alice", "#/live/{maya}", "#gift-buttons [data-gift]"),
    Screen("minor-wallet", "teen-tim", "#/wallet", "#wallet-status .badge"),
    Screen("creator-studio", "maya", "#/creator", "#earnings-chart canvas"),
    Screen("console-economy", "operator", "#/console/economy", "#gifts-chart canvas"),
    Screen("console-user", "operator", "#/console/users/alice", "#statement table"),
    Screen("console-payouts", "operator", "#/console/payouts", "#review"),
    Screen("console-finance", "operator", "#/console/finance", "#finance-ties"),
    Screen("console-search", "operator", "#/console/search", "#user-search"),
    Screen("console-catalog", "operator", "#/console/catalog", "#prices-table"),
    Screen("console-keys", "operator", "#/console/keys", "#key-create"),
    Screen("console-charts", "operator", "#/console/charts",
           "[data-series=coins_outstanding] canvas"),
    Screen("console-held", "operator", "#/console/held", "#held"),
    Screen("console-audit", "operator", "#/console/audit", "#audit-table"),
    Screen("console-webhooks", "operator", "#/console/webhooks", "#webhooks"),
    Screen("console-refunds", "operator", "#/console/refunds", "#claims-table"),
    Screen("console-promotions", "operator", "#/console/promotions", "#promotions-table"),
]
