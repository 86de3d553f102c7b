"""The console's refunds & disputes and promotions pages, in a real browser. Refunds: Apple
revocations signed by the test PKI and delivered to the real notification endpoint — one
applied (its coins clawed back), one waiting for its purchase — filtered,
linked to the buyer and to the purchase's lookup, exported as CSV. Promotions: every creator's
listed, one canceled with a reason (audited), its unspent coins back with the promoter."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.purchases.helpers import apple_jws
from tests.support import apple_keys
from tests.web.browser import (
    HTTP_TIMEOUT_S,
    WAIT_MS,
    Demo,
    assert_clean,
    axe_violations,
    demo_server,
    sign_in,
)


@pytest.fixture(scope="module")
def store_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """The demo, also accepting App Store transactions signed by the test PKI."""
    directory = tmp_path_factory.mktemp("web-refunds")
    root = directory / "apple-test-root.cer"
    root.write_bytes(apple_keys.trusted_chain().root_der)
    with demo_server(directory, apple__bundle_id=apple_keys.BUNDLE_ID,
                     apple__app_apple_id=apple_keys.APP_APPLE_ID, apple__environment="Sandbox",
                     apple__root_certificate_files=(root,), apple__online_checks=False) as server:
        _refunds(server)
        yield server


def _notify(demo: Demo, notification_type: str, transaction_jws: str) -> str:
    payload = apple_keys.notification_payload(notification_type,
                                              signed_transaction=transaction_jws)
    answer = httpx.post(demo.base_url + "/v1/notifications/apple", timeout=HTTP_TIMEOUT_S,
                        json={"signedPayload": apple_keys.sign_notification(payload)})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["outcome"])


def _refunds(demo: Demo) -> None:
    bought = demo.post("/v1/purchases/apple", "alice",
                       {"signed_transaction": apple_jws("alice", transactionId="t-web-refund")})
    revoked = apple_jws("alice", transactionId="t-web-refund",
                        revocationDate=apple_keys.now_ms(), revocationReason=0)
    assert _notify(demo, "REFUND", revoked) == "clawed_back"
    early = apple_jws("bob", transactionId="t-web-early", revocationDate=apple_keys.now_ms(),
                      revocationReason=0)
    assert _notify(demo, "REFUND", early) == "unknown_purchase"
    demo.refunded_purchase = bought["id"]  # type: ignore[attr-defined]


def _open(page: Page, demo: Demo, section: str) -> None:
    sign_in(page, demo.base_url, "operator", f"#/console/{section}")


def test_operator_reads_refunds_filters_and_follows_links(page: Page, store_demo: Demo) -> None:
    purchase_id = store_demo.refunded_purchase  # type: ignore[attr-defined]
    _open(page, store_demo, "refunds")
    rows = page.locator("#claims-table tbody tr")
    expect(rows).to_have_count(2, timeout=WAIT_MS)
    waiting, applied = rows.nth(0), rows.nth(1)
    expect(waiting.locator("[data-state=pending]")).to_be_visible()
    expect(waiting).to_contain_text("t-web-early")
    expect(waiting).to_contain_text("unknown yet")
    expect(applied.locator("[data-state=applied]")).to_be_visible()
    expect(applied.locator("[data-did]")).to_contain_text("100 coins clawed back")
    expect(applied).to_contain_text("$1.29")
    assert axe_violations(page) == []

    page.select_option("#claims-filter select[name=state]", "applied")
    expect(rows).to_have_count(1, timeout=WAIT_MS)
    expect(rows.first.locator("[data-state=applied]")).to_be_visible()
    page.select_option("#claims-filter select[name=kind]", "dispute")
    expect(page.locator("#claims-table")).to_contain_text("No claim matches", timeout=WAIT_MS)
    page.select_option("#claims-filter select[name=kind]", "")
    expect(rows).to_have_count(1, timeout=WAIT_MS)

    with page.expect_download() as downloaded:
        page.click("#claims-csv")
    text = Path(downloaded.value.path()).read_text()
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert (row["user_id"], row["purchase_id"], row["kind"], row["state"]) == (
        "alice", purchase_id, "revocation", "applied")
    assert (row["refunded"], row["coins_clawed_back"], row["currency"]) == ("1.29", "100", "USD")
    assert (row["diamonds_clawed_back"], row["counted_as_refund"]) == ("0", "yes")

    # The purchase link opens its lookup; the buyer's link their page.
    rows.first.locator(f"[data-purchase-link='{purchase_id}']").click()
    expect(page).to_have_url(f"{store_demo.base_url}/app/#/console/search/{purchase_id}")
    found = page.locator("#found-purchase")
    expect(found).to_contain_text("refunded", timeout=WAIT_MS)
    found.locator("[data-user-link=alice]").click()
    expect(page).to_have_url(f"{store_demo.base_url}/app/#/console/users/alice")
    assert_clean(page)


def test_operator_cancels_a_promotion_with_a_reason(page: Page, store_demo: Demo) -> None:
    video = store_demo.post("/v1/videos", "maya", {"caption": "moderate me"}, key="mod-video")
    promotion = store_demo.post("/v1/promotions", "bob", {
        "video_id": video["id"], "budget_coins": 500, "days": 1, "objective": "views"},
        key=f"mod-promo-{uuid.uuid4()}")
    available = store_demo.api("/v1/wallet", "bob")["coins_available"]
    _open(page, store_demo, "promotions")
    row = page.locator("#promotions-table tbody tr",
                       has=page.locator(f"[data-cancel='{promotion['id']}']"))
    expect(row.locator("[data-status=active]")).to_be_visible(timeout=WAIT_MS)
    expect(row.locator("[data-user-link=bob]")).to_be_visible()
    button = row.locator(f"[data-cancel='{promotion['id']}']")
    expect(button).to_be_disabled()  # no reason yet
    assert axe_violations(page) == []
    row.locator("input").fill("misleading video")
    button.click()
    done = page.locator("#promotions-table tbody tr").filter(has_text="canceled")
    expect(done).to_have_count(1, timeout=WAIT_MS)
    expect(done).to_contain_text("500")
    assert store_demo.api("/v1/wallet", "bob")["coins_available"] == available + 500
    audit = store_demo.api("/v1/admin/audit", "operator", scope="admin",
                           action="promotion.canceled", target="user:bob")
    assert [(e["reason"], e["data"]["promotion_id"]) for e in audit["items"]] == [
        ("misleading video", promotion["id"])]

    with page.expect_download() as downloaded:
        page.click("#promotions-csv")
    rows = list(csv.DictReader(io.StringIO(Path(downloaded.value.path()).read_text())))
    mine = next(r for r in rows if r["promotion_id"] == promotion["id"])
    assert (mine["user_id"], mine["status"], mine["returned_coins"]) == ("bob", "canceled", "500")
    store_demo.verify_ok()
    assert_clean(page)


@pytest.mark.parametrize("section", ["refunds", "promotions"])
def test_the_pages_fit_a_phone(phone: Page, store_demo: Demo, section: str) -> None:
    _open(phone, store_demo, section)
    table = "#claims-table" if section == "refunds" else "#promotions-table"
    expect(phone.locator(table)).to_be_visible(timeout=WAIT_MS)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert axe_violations(phone) == []
    assert_clean(phone)
