"""The console's user page, in a real Chromium (desktop and 390 px): limits and caps with what
is used, freezes and bans in force and past (who, when, why, until when), a ban added with an
expiry and a reason and one lifted, guardian links both ways and an unlink, and where the user
bought (store, channel, country). Every action is checked against the API afterwards."""

from __future__ import annotations

import datetime as dt

import httpx
from playwright.sync_api import Page, expect

from tests.web.browser import HTTP_TIMEOUT_S, WAIT_MS, Demo, assert_clean, axe_violations, sign_in


def _prepare(demo: Demo) -> str:
    """Bob: a buying ban in force, his own spending limits, a web purchase, a minor he guards.
    Returns the purchase's id."""
    limits = httpx.put(demo.base_url + "/v1/me/limits", headers=demo.headers("bob"),
                       timeout=HTTP_TIMEOUT_S,
                       json={"daily_coins": 300, "weekly_coins": None, "monthly_coins": 9000})
    assert limits.status_code == 200, limits.text
    opened = demo.post("/v1/checkout/sessions", "bob", {"coins": 500}, key="user-page-buy")
    demo.post(opened["checkout_url"] + "/complete", "bob")
    demo.operator("POST", "/v1/admin/users/bob/restrictions",
                  {"scope": "buying", "reason": "refunds under review"})
    demo.operator("POST", "/v1/guardians", {"minor_id": "teen-tim", "guardian_id": "bob",
                                            "reason": "parent per the host's records"})
    return str(opened["id"])


def test_the_user_page_shows_and_changes_what_keeps_a_user_safe(page: Page,
                                                                 fresh_demo: Demo) -> None:
    demo = fresh_demo
    purchase_id = _prepare(demo)
    sign_in(page, demo.base_url, "operator", "#/console/users/bob")

    # Restrictions in force and their history: who, when, why, until when.
    table = page.locator("#restrictions-table")
    buying = table.locator("tbody tr", has_text="Ban from buying coins")
    expect(buying).to_contain_text("in force", timeout=WAIT_MS)
    expect(buying).to_contain_text("refunds under review")
    expect(buying).to_contain_text("operator")
    expect(buying).to_contain_text("until lifted")

    # Limits and caps with what is used: his own coin limit, the platform's caps in GBP.
    limits = page.locator("#user-limits")
    expect(limits).to_contain_text("Coins spent, own limit", timeout=WAIT_MS)
    expect(limits).to_contain_text("of 300 coins")
    expect(limits).to_contain_text("Platform purchase cap (GBP)")

    # Where he bought: the store, channel and country the purchase records.
    purchases = page.locator("#user-purchases-table")
    expect(purchases).to_contain_text("stripe", timeout=WAIT_MS)
    expect(purchases.locator(f"a[href='#/console/search/{purchase_id}']")).to_be_visible()
    expect(page.locator("#user-channels")).to_contain_text("stripe (web), GB ×1")

    # A new ban with an expiry and a reason: shown at once, in force on the API.
    until = (dt.datetime.now() + dt.timedelta(days=3)).replace(second=0, microsecond=0)
    page.select_option("#restrict-form select[name=scope]", "gifting")
    page.fill("#restrict-form input[name=until]", until.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#restrict-form input[name=reason]", "gift spam in chat")
    page.click("#restrict-form button[type=submit]")
    gifting = table.locator("tbody tr", has_text="Ban from gifting")
    expect(gifting).to_contain_text("in force", timeout=WAIT_MS)
    expect(gifting).not_to_contain_text("until lifted")
    expect(page.locator("#user-status")).to_contain_text("No gifting", timeout=WAIT_MS)
    expect(page.locator("#user .status-card")).to_have_count(1)  # once, not beside the coins too
    added = next(r for r in demo.api("/v1/admin/users/bob/restrictions", "operator", "admin")
                 if r["scope"] == "gifting")
    assert added["state"] == "in_force" and added["reason"] == "gift spam in chat"
    assert dt.datetime.fromisoformat(added["until"]) == until.astimezone(dt.UTC)

    # Lifting the buying ban: it stays in the history as lifted, with who and why.
    buying.locator("input").fill("reviewed: the refunds were fair")
    buying.locator("button[data-lift]").click()
    expect(buying).to_contain_text("lifted", timeout=WAIT_MS)
    expect(buying).to_contain_text("reviewed: the refunds were fair")
    lifted = next(r for r in demo.api("/v1/admin/users/bob/restrictions", "operator", "admin")
                  if r["scope"] == "buying")
    assert (lifted["state"], lifted["lift_reason"]) == ("lifted", "reviewed: the refunds were fair")

    # Guardian links both ways: Bob guards Tim; Tim's page names Bob; unlinking removes it.
    minors = page.locator("#user-minors")
    expect(minors.locator("[data-user-link=teen-tim]")).to_be_visible(timeout=WAIT_MS)
    minors.locator("[data-user-link=teen-tim]").click()
    expect(page).to_have_url(f"{demo.base_url}/app/#/console/users/teen-tim")
    guardians = page.locator("#user-guardians")
    expect(guardians.locator("[data-user-link=bob]")).to_be_visible(timeout=WAIT_MS)
    guardians.locator("input").fill("the host ended the link")
    guardians.locator("button[data-unlink='teen-tim:bob']").click()
    expect(page.locator("#user-guardian-links")).to_contain_text("No guardian.", timeout=WAIT_MS)
    assert demo.api("/v1/admin/users/teen-tim/safety", "operator", "admin")["guardians"] == []
    assert axe_violations(page) == []
    assert_clean(page)


def test_the_user_page_fits_a_phone(phone: Page, fresh_demo: Demo) -> None:
    demo = fresh_demo
    _prepare(demo)
    sign_in(phone, demo.base_url, "operator", "#/console/users/bob")
    for selector in ("#restrictions-table", "#user-limits", "#user-minors",
                     "#user-purchases-table", "#restrict-form"):
        expect(phone.locator(selector)).to_be_visible(timeout=WAIT_MS)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert axe_violations(phone) == []
    assert_clean(phone)
