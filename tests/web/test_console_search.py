"""The console's search, in a real browser: users found by a part of their name or the start
of their id (linking to their page), and one id looked up whatever it names — a purchase and
the transfer booking it, a promotion, or nothing."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect

from tests.web.browser import WAIT_MS, Demo, allow_refusal, assert_clean, axe_violations, sign_in


def _search_users(page: Page, text: str) -> None:
    page.fill("#user-search input[name=q]", text)
    page.click("#user-search button[type=submit]")


def _look_up(page: Page, text: str) -> None:
    page.fill("#lookup input[name=id]", text)
    page.click("#lookup button[type=submit]")


def test_operator_finds_users_by_name_or_id_prefix(page: Page, demo: Demo) -> None:
    sign_in(page, demo.base_url, "operator", "#/console/search")
    expect(page.locator("[data-page=search] .soon-tag")).to_have_count(0)
    _search_users(page, "live")  # only "Maya Live" holds it (no id starts with it)
    results = page.locator("#user-results tbody tr")
    expect(results).to_have_count(1, timeout=WAIT_MS)
    expect(results.first).to_contain_text("Maya Live")
    _search_users(page, "te")  # teen-tim by id prefix
    expect(page.locator("#user-results [data-user-link=teen-tim]")).to_be_visible(timeout=WAIT_MS)
    _search_users(page, "nobody-has-this")
    expect(page.locator("#user-results")).to_contain_text("No user", timeout=WAIT_MS)
    _search_users(page, "ALICE")
    page.locator("#user-results [data-user-link=alice]").click()
    expect(page).to_have_url(f"{demo.base_url}/app/#/console/users/alice")
    expect(page.locator("#statement table")).to_be_visible(timeout=WAIT_MS)
    assert_clean(page)


def test_operator_looks_up_a_purchase_a_promotion_and_an_unknown_id(page: Page,
                                                                     demo: Demo) -> None:
    opened = demo.post("/v1/checkout/sessions", "alice", {"coins": 500}, key="search-buy-500")
    demo.post(opened["checkout_url"] + "/complete", "alice")
    purchase_id = opened["id"]
    video = demo.post("/v1/videos", "maya", {"caption": "search me"}, key="search-video")
    promotion = demo.post("/v1/promotions", "bob", {"video_id": video["id"], "budget_coins": 500,
                                                    "days": 1, "objective": "views"},
                          key="search-promo")
    sign_in(page, demo.base_url, "operator", "#/console/search")

    _look_up(page, purchase_id)
    found = page.locator("#found-purchase")
    expect(found).to_contain_text("fulfilled", timeout=WAIT_MS)
    expect(found).to_contain_text("500")
    expect(found.locator("[data-user-link=alice]")).to_be_visible()
    assert axe_violations(page) == []

    _look_up(page, promotion["id"])
    expect(page.locator("#found-promotion")).to_contain_text("500 coins", timeout=WAIT_MS)
    expect(page.locator("#found-promotion [data-user-link=bob]")).to_be_visible()
    expect(page.locator("#found-purchase")).to_have_count(0)

    # A ledger transfer: Bob's coins held by the promotion, read from his account's transfers.
    held = demo.api("/v1/accounts/user:bob:coins/transfers", "operator", scope="admin")
    transfer_id = held["items"][0]["id"]
    _look_up(page, transfer_id)
    expect(page.locator("#found-transfer")).to_contain_text("user:bob:coins", timeout=WAIT_MS)

    allow_refusal(page, 404, "/v1/admin/lookup/")
    _look_up(page, str(uuid.uuid4()))
    expect(page.locator("#lookup-problem")).to_contain_text("Nothing has this id",
                                                            timeout=WAIT_MS)
    _look_up(page, "not an id")  # refused in the page, before any request
    expect(page.locator("#lookup-problem")).to_contain_text("36 characters")
    assert_clean(page)


def test_the_search_page_fits_a_phone(phone: Page, demo: Demo) -> None:
    sign_in(phone, demo.base_url, "operator", "#/console/search")
    _search_users(phone, "a")
    expect(phone.locator("#user-results tbody tr").first).to_be_visible(timeout=WAIT_MS)
    held = demo.api("/v1/accounts/user:alice:coins/transfers", "operator", scope="admin")
    _look_up(phone, held["items"][0]["id"])
    expect(phone.locator("#found-transfer")).to_be_visible(timeout=WAIT_MS)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
