"""The console's finance page shows the period's finance report as the API computes it from
the ledger: sales by currency and channel, coins, diamonds and the creators' liability, and
whether it ties."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Page, expect

from tests.web.browser import WAIT_MS, Demo, axe_violations, shown_number, sign_in


def test_finance_page_shows_the_report_of_the_period(page: Page, demo: Demo) -> None:
    # Money in the books: a paid web checkout (the suite may run this on a server of its own).
    opened = demo.post("/v1/checkout/sessions", "alice", {"coins": 500}, key="finance-buy-500")
    demo.post(opened["checkout_url"] + "/complete", "alice")
    sign_in(page, demo.base_url, "operator")
    page.goto(demo.base_url + "/#/console/finance")
    expect(page.locator("#finance-ties")).to_have_text("Ties to the ledger", timeout=WAIT_MS)
    today = dt.datetime.now(dt.UTC).date()
    report = demo.api("/v1/admin/reports/finance", "operator", scope="admin",
                      **{"from": today.replace(day=1).isoformat(), "to": today.isoformat()})
    assert report["ties"]
    assert shown_number(page, "#fin-coins-closing") == report["coins"]["closing"]
    assert shown_number(page, "#fin-coins-issued") == report["coins"]["issued"]
    assert shown_number(page, "#fin-coins-spent") == report["coins"]["spent"]
    assert shown_number(page, "#fin-diamonds-closing") == report["diamonds"]["closing"]
    [web] = [s for s in report["sales"] if s["channel"] == "web" and s["currency"] == "USD"]
    gross = web["sales"]["gross_minor"]
    assert gross >= 499  # at least this test's purchase
    expect(page.locator("#finance-sales")).to_contain_text(f"{gross // 100:,}.{gross % 100:02d}")
    assert axe_violations(page) == []

    # Another period: the page asks again and shows that period's figures.
    page.fill("#finance-period input[name=from]", "2020-01-01")
    page.fill("#finance-period input[name=to]", "2020-01-31")
    page.click("#finance-period button")
    expect(page.locator("#finance")).to_have_attribute("data-from", "2020-01-01",
                                                       timeout=WAIT_MS)
    expect(page.locator("#finance-sales")).to_have_text("No sales in this period.")
    assert shown_number(page, "#fin-coins-closing") == 0
