"""Packages and regional prices, and operators' price changes."""

from __future__ import annotations

from typing import Any

from tests.purchases.conftest import Env

NBSP = "\u00a0"


async def packages(env: Env, **params: str) -> Any:
    return await env.client.get("/v1/packages", params=params)


async def test_us_store_and_web_prices(env: Env) -> None:
    ios = (await packages(env, country="US", channel="ios")).json()
    assert [(p["coins"], p["price_minor"]) for p in ios["packages"]] == [
        (100, 129), (500, 649), (2000, 2699), (5000, 6699), (10000, 13499)]
    assert ios["packages"][0]["price_text"] == "$1.29"
    assert ios["packages"][0]["product_id"] == "coins.100"
    assert [p["best_value"] for p in ios["packages"]].count(True) == 1
    web = (await packages(env, country="US", channel="web")).json()
    assert [p["price_text"] for p in web["packages"]] == [
        "$0.99", "$4.99", "$19.99", "$49.99", "$99.99"]
    best = next(p for p in web["packages"] if p["best_value"])
    assert best["coins"] == 100 and best["price_per_100_coins_text"] == "$0.99"


async def test_regional_lists_and_fallback(env: Env) -> None:
    jp = (await packages(env, country="JP", channel="ios")).json()
    assert jp["currency"] == "JPY" and jp["packages"][0]["price_text"] == "¥200"
    de = (await packages(env, country="DE", channel="web")).json()
    assert de["packages"][0]["price_text"] == f"0,99{NBSP}€"
    fr = (await packages(env, country="FR", channel="android")).json()
    assert fr["fell_back"] is True and fr["country"] == "US" and fr["currency"] == "USD"
    default = (await packages(env, channel="web")).json()
    assert default["country"] == "US"
    assert (await packages(env, country="US", channel="tv")).status_code == 422
    assert (await packages(env, country="usa", channel="web")).status_code == 422


async def test_operator_sets_changes_and_resets_a_price_list(env: Env) -> None:
    admin = env.auth_admin()
    body = {"currency": "EUR", "locale": "de_DE", "tax_inclusive": True, "vat_bp": 2000,
            "packages": [{"coins": 100, "price_minor": 109}, {"coins": 1000, "price_minor": 999}],
            "reason": "launch in France"}
    put = await env.client.put("/v1/admin/packages/FR/web", json=body, headers=admin)
    assert put.status_code == 200, put.text
    fr = (await packages(env, country="FR", channel="web")).json()
    assert fr["fell_back"] is False and [p["coins"] for p in fr["packages"]] == [100, 1000]
    patch = await env.client.patch("/v1/admin/packages/FR/web", json={
        "packages": [{"coins": 500, "price_minor": 499}], "remove_coins": [100],
        "reason": "rework"}, headers=admin)
    assert [p["coins"] for p in patch.json()["packages"]] == [500, 1000]
    got = await env.client.get("/v1/admin/packages/FR/web", headers=admin)
    assert got.status_code == 200 and got.json()["packages"][0]["price_minor"] == 499
    reset = await env.client.delete("/v1/admin/packages/FR/web", params={"reason": "undo"},
                                    headers=admin)
    assert reset.status_code == 204
    assert (await packages(env, country="FR", channel="web")).json()["fell_back"] is True
    again = await env.client.delete("/v1/admin/packages/FR/web", params={"reason": "undo"},
                                    headers=admin)
    assert again.status_code == 404


async def test_invalid_price_lists_and_non_operators_are_refused(env: Env) -> None:
    admin = env.auth_admin()
    base = {"currency": "USD", "locale": "en_US", "tax_inclusive": False, "vat_bp": 0,
            "reason": "test"}
    cases = [
        {**base, "packages": [{"coins": 100, "price_minor": 30}]},  # all fee, no revenue
        {**base, "packages": [{"coins": 500, "price_minor": 99}, {"coins": 100,
                                                                   "price_minor": 99}]},
        {**base, "currency": "CHF", "packages": [{"coins": 100, "price_minor": 99}]},  # no cap
        {**base, "locale": "xx_XX", "packages": [{"coins": 100, "price_minor": 99}]},
        {**base, "vat_bp": 500, "packages": [{"coins": 100, "price_minor": 99}]},
    ]
    for body in cases:
        response = await env.client.put("/v1/admin/packages/US/web", json=body, headers=admin)
        assert response.status_code == 422, body
        assert response.json()["type"].endswith("price-list-invalid")
    await env.user("viewer")
    ok_body = {**base, "packages": [{"coins": 100, "price_minor": 99}]}
    forbidden = await env.client.put("/v1/admin/packages/US/web", json=ok_body,
                                     headers=env.auth("viewer"))
    assert forbidden.status_code == 403
    unchanged = (await packages(env, country="US", channel="web")).json()
    assert len(unchanged["packages"]) == 5


async def test_without_a_country_a_user_sees_their_own_countrys_list(env: Env) -> None:
    await env.user("gbr", country="GB")
    own = await env.client.get("/v1/packages", params={"channel": "web"},
                               headers=env.auth("gbr"))
    assert own.status_code == 200
    assert (own.json()["country"], own.json()["currency"]) == ("GB", "GBP")
    # The checkout bills what the list showed.
    session = await env.client.post("/v1/checkout/sessions", json={"coins": 500}, headers={
        **env.auth("gbr"), "Idempotency-Key": "gb-1"})
    assert (session.json()["currency"], session.json()["price_minor"]) == (
        "GBP", own.json()["packages"][1]["price_minor"])
    # An explicit country still wins; an anonymous caller gets the fallback country's list.
    asked = await env.client.get("/v1/packages", params={"channel": "web", "country": "DE"},
                                 headers=env.auth("gbr"))
    assert asked.json()["country"] == "DE"
    anonymous = await env.client.get("/v1/packages", params={"channel": "web"})
    assert anonymous.json()["country"] == "US"


async def test_unknown_filter_values_are_refused(env: Env) -> None:
    for params in ({"channel": "web", "country": "XX"}, {"channel": "web", "country": "ZZ"},
                   {"channel": "tv"}, {"channel": "web", "colour": "red"}):
        response = await env.client.get("/v1/packages", params=params)
        assert response.status_code == 422, params
    assert (await packages(env, country="FR", channel="web")).status_code == 200
