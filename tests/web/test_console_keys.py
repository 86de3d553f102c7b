"""The console's API keys page, in a real browser: an operator creates a key with chosen
scopes and sees its token once, the token works against the API with those scopes only, a
rotation shows a new working token, and a revoked key is refused."""

from __future__ import annotations

import httpx
from playwright.sync_api import Locator, Page, expect

from tests.web.browser import HTTP_TIMEOUT_S, WAIT_MS, Demo, assert_clean, axe_violations, sign_in


def _status(demo: Demo, token: str, path: str) -> int:
    return httpx.get(demo.base_url + path, headers={"Authorization": f"Bearer {token}"},
                     timeout=HTTP_TIMEOUT_S).status_code


def _row(page: Page, name: str) -> Locator:
    return page.locator("#keys-table tbody tr", has_text=name)


def test_operator_creates_rotates_and_revokes_a_key(page: Page, demo: Demo) -> None:
    sign_in(page, demo.base_url, "operator", "#/console/keys")
    expect(page.locator("[data-page=keys] .soon-tag")).to_have_count(0)
    form = page.locator("#key-create")
    form.locator("input[name=name]").fill("reporting backend")
    form.locator("input[value='users:read']").check()
    form.locator("button[type=submit]").click()
    token = page.locator("#key-token")
    expect(token).to_contain_text("fck_", timeout=WAIT_MS)
    first = token.inner_text().strip()
    expect(_row(page, "reporting backend")).to_contain_text("users:read", timeout=WAIT_MS)
    assert _status(demo, first, "/v1/users/alice") == 200
    assert _status(demo, first, "/v1/admin/economy") == 403  # users:read only
    assert axe_violations(page) == []

    # Shown once: dismissed (or after a reload) it is gone for good.
    page.click("#key-token-dismiss")
    expect(page.locator("#key-token")).to_have_count(0)
    page.reload()
    expect(_row(page, "reporting backend")).to_be_visible(timeout=WAIT_MS)
    expect(page.locator("#key-token")).to_have_count(0)
    assert first not in page.content()

    page.once("dialog", lambda dialog: dialog.accept())
    _row(page, "reporting backend").locator("button[data-rotate]").click()
    expect(token).to_contain_text("fck_", timeout=WAIT_MS)
    second = token.inner_text().strip()
    assert second != first
    assert _status(demo, second, "/v1/users/alice") == 200
    expect(_row(page, "reporting backend").locator("[data-state=rotating]")).to_be_visible()

    page.once("dialog", lambda dialog: dialog.accept())
    _row(page, "reporting backend").locator("button[data-revoke]").click()
    expect(_row(page, "reporting backend").locator("[data-state=revoked]")).to_be_visible(
        timeout=WAIT_MS)
    expect(_row(page, "reporting backend").locator("button[data-rotate]")).to_have_count(0)
    assert _status(demo, second, "/v1/users/alice") == 401
    audit = demo.api("/v1/admin/audit", "operator", scope="admin")["items"]
    assert {"api_key.created", "api_key.rotated", "api_key.revoked"} <= {e["action"] for e in audit}
    assert_clean(page)


def test_a_key_needs_a_scope(page: Page, demo: Demo) -> None:
    sign_in(page, demo.base_url, "operator", "#/console/keys")
    page.fill("#key-create input[name=name]", "no scopes")
    page.click("#key-create button[type=submit]")
    expect(page.locator("#key-create .problem")).to_contain_text("scope", timeout=WAIT_MS)
    expect(_row(page, "no scopes")).to_have_count(0)


def test_the_keys_page_fits_a_phone(phone: Page, demo: Demo) -> None:
    demo.operator("POST", "/v1/admin/api-keys", {"name": "phone check", "scopes": ["admin"]},
                  key="keys-phone-check")
    sign_in(phone, demo.base_url, "operator", "#/console/keys")
    expect(_row(phone, "phone check")).to_be_visible(timeout=WAIT_MS)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
