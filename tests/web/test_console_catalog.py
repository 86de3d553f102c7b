"""The console's catalog and prices, in a real browser: the gift catalog (retired gifts too)
edited in place — a new price, a retirement, offered again — and a country's coin packages
repriced with an audited reason; what buyers and senders see changes with it."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from tests.web.browser import WAIT_MS, Demo, assert_clean, axe_violations, sign_in


def _gift_row(page: Page, gift_id: str) -> Locator:
    return page.locator("#gifts-table tbody tr", has=page.locator(f"[data-edit={gift_id}]"))


def _offered(demo: Demo) -> dict[str, int]:
    return {g["id"]: g["price_coins"] for g in demo.api("/v1/gifts", "alice")}


def test_operator_reprices_retires_and_restores_a_gift(page: Page, demo: Demo) -> None:
    sign_in(page, demo.base_url, "operator", "#/console/catalog")
    expect(page.locator("[data-page=catalog] .soon-tag")).to_have_count(0)
    panda = _gift_row(page, "panda")
    expect(panda).to_contain_text("Panda", timeout=WAIT_MS)
    before = _offered(demo)["panda"]
    panda.locator("[data-edit=panda]").click()
    page.fill("#gift-edit input[name=price_coins]", str(before + 2))
    page.click("#gift-edit button[type=submit]")
    expect(panda).to_contain_text(str(before + 2), timeout=WAIT_MS)
    expect(page.locator("#gift-edit")).to_have_count(0)
    assert _offered(demo)["panda"] == before + 2
    assert axe_violations(page) == []

    panda.locator("[data-toggle=panda]").click()
    expect(panda.locator("[data-state=retired]")).to_be_visible(timeout=WAIT_MS)
    assert "panda" not in _offered(demo)  # viewers no longer see it; the editor still does
    panda.locator("[data-toggle=panda]").click()
    expect(panda.locator("[data-state=active]")).to_be_visible(timeout=WAIT_MS)
    assert _offered(demo)["panda"] == before + 2

    # A bad price is refused in the page, nothing sent.
    panda.locator("[data-edit=panda]").click()
    page.fill("#gift-edit input[name=price_coins]", "1.5")
    page.click("#gift-edit button[type=submit]")
    expect(page.locator("#gift-edit .problem")).to_contain_text("whole number")
    assert _offered(demo)["panda"] == before + 2
    assert_clean(page)


def test_operator_reprices_a_coin_package_with_a_reason(page: Page, demo: Demo) -> None:
    listed = demo.api("/v1/packages", "alice", channel="web", country="US")
    assert not listed["fell_back"]
    first = listed["packages"][0]
    sign_in(page, demo.base_url, "operator", "#/console/catalog")
    expect(page.locator("#price-list[data-country=US][data-channel=web]")).to_be_visible(
        timeout=WAIT_MS)
    new_minor = first["price_minor"] + 50
    page.fill(f"#price-edit input[name=price-{first['coins']}]",
              f"{new_minor // 100}.{new_minor % 100:02d}")
    page.fill("#price-edit input[name=reason]", "holiday pricing test")
    page.click("#price-edit button[type=submit]")
    expect(page.locator("#prices-table")).to_contain_text(
        f"{new_minor // 100}.{new_minor % 100:02d}", timeout=WAIT_MS)
    after = demo.api("/v1/packages", "alice", channel="web", country="US")
    assert after["packages"][0]["price_minor"] == new_minor
    assert [p["price_minor"] for p in after["packages"][1:]] == \
        [p["price_minor"] for p in listed["packages"][1:]]
    audit = demo.api("/v1/admin/audit", "operator", scope="admin")["items"]
    assert any(e["reason"] == "holiday pricing test" for e in audit)

    # A country with no list of its own shows the fallback's, read-only, and says so.
    page.fill("#price-choose input[name=country]", "IS")
    page.click("#price-choose button[type=submit]")
    expect(page.locator("#price-list")).to_contain_text("has no list of its own",
                                                        timeout=WAIT_MS)
    expect(page.locator("#price-edit")).to_have_count(0)
    assert_clean(page)


def test_the_catalog_page_fits_a_phone(phone: Page, demo: Demo) -> None:
    sign_in(phone, demo.base_url, "operator", "#/console/catalog")
    expect(phone.locator("#prices-table")).to_be_visible(timeout=WAIT_MS)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
