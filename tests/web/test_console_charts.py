"""The console's charts: the economy day by day over a chosen range, each day's figures from
that day's finance report (so the charts agree with the finance page), exported as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

from playwright.sync_api import Page, expect

from tests.web.browser import WAIT_MS, Demo, assert_clean, axe_violations, sign_in

DEFAULT_DAYS = 14


def _day_report(demo: Demo, day: dt.date) -> dict:  # type: ignore[type-arg]
    return dict(demo.api("/v1/admin/reports/finance", "operator", scope="admin",
                         **{"from": day.isoformat(), "to": day.isoformat()}))


def test_charts_over_a_range_agree_with_the_daily_reports(page: Page, demo: Demo) -> None:
    opened = demo.post("/v1/checkout/sessions", "alice", {"coins": 500}, key="charts-buy-500")
    demo.post(opened["checkout_url"] + "/complete", "alice")
    sign_in(page, demo.base_url, "operator", "#/console/charts")
    expect(page.locator("[data-page=charts] .soon-tag")).to_have_count(0)
    charts = page.locator("#charts")
    expect(charts).to_have_attribute("data-days", str(DEFAULT_DAYS), timeout=WAIT_MS)
    today = dt.datetime.now(dt.UTC).date()
    expect(charts).to_have_attribute("data-to", today.isoformat())
    for series in ("sales_USD", "refunds_USD", "coins_outstanding", "diamonds_liability",
                   "coins_on_gifts"):
        expect(page.locator(f"[data-series={series}] canvas")).to_be_visible(timeout=WAIT_MS)
    report = _day_report(demo, today)
    sold = sum(s["sales"]["gross_minor"] for s in report["sales"] if s["currency"] == "USD")
    assert sold >= 499
    chart = page.locator("#chart-sales_USD")
    # The day's bar is that day's report; days before it are their own reports (none here).
    assert int(chart.get_attribute("data-total") or "-1") == sold
    outstanding = page.locator("#chart-coins_outstanding")
    assert outstanding.get_attribute("data-points") == str(DEFAULT_DAYS)
    assert axe_violations(page) == []

    with page.expect_download() as waiting:
        page.click("#charts-csv")
    rows = list(csv.DictReader(io.StringIO(waiting.value.path().read_text())))
    assert len(rows) == DEFAULT_DAYS
    last = rows[-1]
    assert last["day"] == today.isoformat()
    assert int(last["sales_minor_USD"]) == sold
    assert int(last["coins_outstanding"]) == report["coins"]["closing"]
    liability = report["diamonds"]["liability"]
    assert int(last[f"diamonds_liability_minor_{liability['currency']}"]) \
        == liability["closing_minor"]
    assert int(last["coins_on_gifts"]) == report["coins"]["spent_gifts"]
    yesterday = today - dt.timedelta(days=1)
    assert int(rows[-2]["coins_outstanding"]) == _day_report(demo, yesterday)["coins"]["closing"]

    # Another range: asked again, day by day.
    page.fill("#charts-range input[name=from]", "2020-02-27")
    page.fill("#charts-range input[name=to]", "2020-03-02")
    page.click("#charts-range button[type=submit]")
    expect(charts).to_have_attribute("data-from", "2020-02-27", timeout=WAIT_MS)
    expect(charts).to_have_attribute("data-days", "5")  # a leap year's 29 February included
    assert page.locator("#chart-sales_USD").count() == 0  # no sales then
    assert page.locator("#chart-coins_outstanding").get_attribute("data-total") == "0"
    assert_clean(page)


def test_a_range_too_long_or_backwards_is_refused_in_the_page(page: Page, demo: Demo) -> None:
    sign_in(page, demo.base_url, "operator", "#/console/charts")
    expect(page.locator("#charts")).to_be_visible(timeout=WAIT_MS)
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "reports/finance" in r.url else None)
    page.fill("#charts-range input[name=from]", "2020-01-01")
    page.fill("#charts-range input[name=to]", "2020-03-01")
    page.click("#charts-range button[type=submit]")
    expect(page.locator("#charts-problem")).to_contain_text("at most 31 days")
    page.fill("#charts-range input[name=to]", "2019-12-01")
    page.click("#charts-range button[type=submit]")
    expect(page.locator("#charts-problem")).to_contain_text("before the first")
    assert asked == []


def test_the_charts_fit_a_phone(phone: Page, demo: Demo) -> None:
    sign_in(phone, demo.base_url, "operator", "#/console/charts")
    expect(phone.locator("[data-series=coins_outstanding] canvas")).to_be_visible(timeout=WAIT_MS)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    box = phone.locator("#chart-coins_outstanding").bounding_box()
    assert box is not None and box["width"] <= 390
