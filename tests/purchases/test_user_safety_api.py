"""The operator's reads behind the console's user page: a user's purchases (store, channel,
country of each), and what keeps their spending safe (limits and caps with what is used,
guardian links both ways), through the real HTTP API on both databases."""

from __future__ import annotations

from tests.purchases.conftest import Env
from tests.purchases.helpers import apple_jws, buy_apple, checkout

PAID_IOS_MINOR = 649  # coins.500 on the US App Store list


async def test_an_operator_reads_a_users_purchases_newest_first_in_pages(env: Env) -> None:
    await env.user("ann")
    await env.user("bob")
    bought = await buy_apple(env, "ann", apple_jws("ann", productId="coins.500",
                                                   transactionId="t-ann-1"))
    assert bought.status_code == 200, bought.text
    opened = await checkout(env, "ann", coins=100, key="ann-web")
    assert opened.status_code == 200, opened.text
    assert (await buy_apple(env, "bob", apple_jws("bob", transactionId="t-bob-1"))
            ).status_code == 200
    admin = env.auth_admin()
    listed = (await env.client.get("/v1/admin/users/ann/purchases", headers=admin)).json()
    assert [(p["provider"], p["channel"], p["country"], p["status"])
            for p in listed["items"]] == [("stripe", "web", "US", "open"),
                                          ("apple", "ios", "US", "fulfilled")]
    assert listed["next_cursor"] is None
    first = (await env.client.get("/v1/admin/users/ann/purchases?limit=1",
                                  headers=admin)).json()
    rest = (await env.client.get("/v1/admin/users/ann/purchases", headers=admin,
                                 params={"limit": 1, "cursor": first["next_cursor"]})).json()
    assert [p["id"] for p in first["items"] + rest["items"]] == [
        p["id"] for p in listed["items"]]
    assert rest["next_cursor"] is None
    # Bad input is a problem, never a 500; the list is the operator's only.
    bad = await env.client.get("/v1/admin/users/ann/purchases?cursor=bm9wZQ", headers=admin)
    assert bad.status_code == 400 and bad.json()["type"] == "urn:fancoins:problem:cursor-invalid"
    assert bad.headers["content-type"].startswith("application/problem+json")
    ghost = await env.client.get("/v1/admin/users/ghost/purchases", headers=admin)
    assert ghost.status_code == 404 and ghost.json()["type"].endswith("user-not-found")
    mine = await env.client.get("/v1/admin/users/ann/purchases", headers=env.auth("ann"))
    assert mine.status_code == 403


async def test_an_operator_reads_what_keeps_a_users_spending_safe(env: Env) -> None:
    ann = await env.user("ann")
    await env.user("teen", birth_date="2012-05-01")
    admin = env.auth_admin()
    assert (await env.client.put("/v1/me/limits", headers=ann, json={
        "daily_coins": 300, "weekly_coins": None, "monthly_coins": 5000})).status_code == 200
    assert (await env.client.put("/v1/me/limits/buying", headers=ann, json={
        "currency": "USD", "daily_minor": 2000, "weekly_minor": None, "monthly_minor": None})
        ).status_code == 200
    assert (await buy_apple(env, "ann", apple_jws("ann", productId="coins.500",
                                                  transactionId="t-safe-1"))).status_code == 200
    linked = await env.client.post("/v1/guardians", headers=admin, json={
        "minor_id": "teen", "guardian_id": "ann", "reason": "parent per host records"})
    assert linked.status_code == 201, linked.text
    assert (await env.client.put("/v1/me/minors/teen/caps/spending", headers=ann, json={
        "daily_coins": 0, "weekly_coins": 0, "monthly_coins": 0})).status_code == 200

    safety = (await env.client.get("/v1/admin/users/ann/safety", headers=admin)).json()
    assert safety["spending"]["effective"] == {"daily_coins": 300, "weekly_coins": None,
                                               "monthly_coins": 5000}
    assert safety["buying_limits"]["currency"] == "USD"
    assert safety["buying_limits"]["daily"] == 2000
    caps = env.settings.economy.limits
    assert safety["bought"] == [{
        "currency": "USD", "last_24h_minor": PAID_IOS_MINOR, "last_7d_minor": PAID_IOS_MINOR,
        "today_minor": PAID_IOS_MINOR, "this_week_minor": PAID_IOS_MINOR,
        "this_month_minor": PAID_IOS_MINOR,
        "cap_daily_minor": caps.purchase_cap_daily_minor["USD"],
        "cap_weekly_minor": caps.purchase_cap_weekly_minor["USD"]}]
    assert safety["guardians"] == []
    assert [(m["minor_id"], m["guardian_id"]) for m in safety["minors"]] == [("teen", "ann")]
    assert safety["spending_caps"]["off"] is False  # Ann's own spending has no guardian

    teen = (await env.client.get("/v1/admin/users/teen/safety", headers=admin)).json()
    assert [(g["minor_id"], g["guardian_id"]) for g in teen["guardians"]] == [("teen", "ann")]
    assert teen["spending_caps"]["off"] is True and teen["bought"] == []
    ghost = await env.client.get("/v1/admin/users/ghost/safety", headers=admin)
    assert ghost.status_code == 404 and ghost.json()["type"].endswith("user-not-found")
    assert (await env.client.get("/v1/admin/users/ann/safety", headers=ann)).status_code == 403
