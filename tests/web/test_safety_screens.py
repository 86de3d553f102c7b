"""The truthful status card and the guardian's view, in a real Chromium: a ban says what it
blocks, why and until when (to the user and on the console's user page); a guardian linked by
the host sees their minor's status and statement and switches their gifting off."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser import WAIT_MS, Demo, sign_in

pytestmark = pytest.mark.browser


def test_the_status_card_tells_a_ban_its_reason_and_expiry(page: Page, fresh_demo: Demo
                                                           ) -> None:
    demo = fresh_demo
    until = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).replace(microsecond=0)
    demo.operator("POST", "/v1/admin/users/bob/restrictions",
                  {"scope": "gifting", "reason": "gift spam reported", "until": until.isoformat()})
    sign_in(page, demo.base_url, "bob")
    status = page.locator("#wallet-status")
    expect(status).to_contain_text("No gifting", timeout=WAIT_MS)
    expect(status).not_to_contain_text("OK")
    detail = page.locator("#wallet-status-detail")
    expect(detail).to_contain_text("Banned from gifting until")
    expect(detail).to_contain_text("because gift spam reported")

    sign_in(page, demo.base_url, "operator")
    page.click(".subnav >> text=Users")
    page.fill("#user-lookup input", "bob")
    page.click("#user-lookup button")
    expect(page.locator("#user-status")).to_contain_text("No gifting", timeout=WAIT_MS)
    expect(page.locator("#user-status-detail")).to_contain_text("because gift spam reported")


def test_a_guardian_sees_their_minor_and_switches_gifting_off(page: Page, fresh_demo: Demo
                                                              ) -> None:
    demo = fresh_demo
    demo.operator("POST", "/v1/guardians", {"minor_id": "teen-tim", "guardian_id": "alice",
                                            "reason": "parent per the host's records"})
    sign_in(page, demo.base_url, "alice")
    card = page.locator("#minor-teen-tim")
    expect(card).to_be_visible(timeout=WAIT_MS)
    expect(page.locator("#minor-teen-tim-status")).to_contain_text("Under 18")
    expect(page.locator("#caps-teen-tim-spending-text")).to_have_text("no cap")
    expect(page.locator("#minor-teen-tim-statement")).to_be_visible()
    page.click("#caps-teen-tim-spending-off")
    expect(page.locator("#caps-teen-tim-spending-text")).to_have_text("switched off",
                                                                     timeout=WAIT_MS)
    expect(page.locator("#minor-teen-tim-status")).to_contain_text("Gifting capped")
    expect(page.locator("#minor-teen-tim-status-detail")).to_contain_text(
        "Your guardian switched off spending coins")
    view = demo.api("/v1/me/minors/teen-tim", "alice")
    assert view["spending"]["off"] is True
    # Someone with no minors sees no such panel.
    sign_in(page, demo.base_url, "bob")
    expect(page.locator("#wallet-status")).to_be_visible(timeout=WAIT_MS)
    expect(page.locator("#minors")).to_have_count(0)


def test_the_console_reads_the_audit_log(page: Page, fresh_demo: Demo) -> None:
    demo = fresh_demo
    demo.operator("POST", "/v1/admin/users/bob/restrictions",
                  {"scope": "buying", "reason": "refunds under review"})
    sign_in(page, demo.base_url, "operator")
    page.click(".subnav >> text=Audit log")
    table = page.locator("#audit-table")
    expect(table).to_contain_text("user.restricted", timeout=WAIT_MS)
    page.fill("#audit-filters input[name=target]", "user:bob")
    page.fill("#audit-filters input[name=action]", "user.restricted")
    page.click("#audit-filters button")
    expect(table).to_contain_text("refunds under review", timeout=WAIT_MS)
    expect(table.locator("tbody tr")).to_have_count(1)
    page.fill("#audit-filters input[name=target]", "user:nobody")
    page.click("#audit-filters button")
    expect(table).to_contain_text("No entries match.", timeout=WAIT_MS)
