"""GET /v1/admin/economy: every figure equals what the ledger and the other APIs say, on
SQLite and PostgreSQL, after purchases, an adjustment and gifts through the real endpoints."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import httpx

from fancoins.demo import DEMO_USERS, load_demo
from fancoins.ledger import chart
from fancoins.operator.service import plan_currencies
from tests.support.api import bearer, running_app, settings_for, user_token
from tests.web.helpers import (
    DEMO_GIFTS_COINS,
    DEMO_GIFTS_SENT,
    DEMO_GRANTS_COINS,
    assert_verified,
    ledger_balance,
)

WEB_2000_COINS_USD_MINOR = 1999


async def _buy(client: httpx.AsyncClient, headers: dict[str, str], coins: int) -> None:
    session = await client.post("/v1/checkout/sessions", json={"coins": coins},
                                headers={**headers, "Idempotency-Key": f"web-buy-{coins}"})
    assert session.status_code == 200, session.text
    paid = await client.post(session.json()["checkout_url"] + "/complete")
    assert paid.json()["outcome"] == "fulfilled"


async def _maya_stream(client: httpx.AsyncClient, maya: dict[str, str]) -> str:
    again = await client.post("/v1/streams", json={"title": "again"},
                              headers={**maya, "Idempotency-Key": "web-live"})
    assert again.status_code == 409  # the demo started Maya's LIVE
    return str(again.json()["stream_id"])


async def _economy(client: httpx.AsyncClient, admin: dict[str, str], **query: Any
                   ) -> dict[str, Any]:
    answer = await client.get("/v1/admin/economy", headers=admin, params=query)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


async def test_economy_figures_equal_the_ledger(database_url: str) -> None:
    settings = settings_for(database_url, purchases__demo_checkout=True)
    async with running_app(settings) as (app, client):
        engine = app.state.container.engine
        await load_demo(engine)
        alice, maya = (bearer(user_token(settings, u)) for u in ("alice", "maya"))
        admin = bearer(user_token(settings, "operator", scope="admin"))
        await _buy(client, alice, 2000)
        removed = await client.post(
            "/v1/admin/adjustments", json={"user_id": "bob", "amount_coins": -200,
                                           "reason": "test correction"},
            headers={**admin, "Idempotency-Key": "web-adjust-1"})
        assert removed.status_code == 201, removed.text
        stream_id = await _maya_stream(client, maya)
        sent = await client.post("/v1/gifts/send",
                                 json={"gift_id": "panda", "stream_id": stream_id},
                                 headers={**alice, "Idempotency-Key": "web-gift-1"})
        assert sent.status_code == 201, sent.text

        e = await _economy(client, admin)
        wallets = [(await client.get("/v1/wallet", headers=admin,
                                     params={"user_id": u.id})).json() for u in DEMO_USERS]
        spent = DEMO_GIFTS_COINS + 5
        assert e["coins"]["issued"] == DEMO_GRANTS_COINS + 2000 - 200
        assert e["coins"]["spent"] == spent
        assert e["coins"]["outstanding"] == sum(w["coins"] for w in wallets)
        assert e["coins"]["outstanding"] == e["coins"]["issued"] - spent
        assert e["coins"]["wallets"] == len(DEMO_USERS) and e["coins"]["held"] == 0

        earnings = (await client.get("/v1/creator/earnings", headers=maya)).json()
        assert e["diamonds"]["outstanding"] == earnings["diamonds_total"] == spent
        assert e["diamonds"]["on_hold"] == earnings["diamonds_on_hold"]
        assert e["diamonds"]["withdrawable"] == earnings["diamonds_withdrawable"]
        assert e["diamonds"]["outstanding_cash_minor"] == earnings["cash_value_minor"]

        [usd] = e["currencies"]
        assert usd["currency"] == "USD" and usd["exponent"] == 2
        assert usd["sales_minor"] == WEB_2000_COINS_USD_MINOR and usd["refunds_minor"] == 0
        assert usd["store_fees_minor"] == await ledger_balance(engine, chart.store_fees("USD"))
        assert usd["taxes_minor"] == await ledger_balance(engine, chart.taxes("USD"))
        assert usd["net_revenue_minor"] == await ledger_balance(engine, chart.revenue("USD"))
        assert usd["sales_minor"] == (usd["store_fees_minor"] + usd["taxes_minor"]
                                      + usd["net_revenue_minor"])
        assert usd["payouts_paid_minor"] == usd["payouts_pending_minor"] == 0

        assert e["gifts"]["last_hour"] == {"gifts": DEMO_GIFTS_SENT + 1, "coins": spent}
        assert e["gifts"]["last_minute"] == e["gifts"]["last_hour"]  # all within the minute
        assert sum(m["gifts"] for m in e["gifts"]["per_minute"]) == DEMO_GIFTS_SENT + 1
        assert {a["asset"] for a in e["ledger"]} == {"COIN", "DIAMOND", "USD"}
        assert all(a["posted"] == 0 and a["pending"] == 0 for a in e["ledger"])
        assert e["verify"]["ok"] is True and e["verify"]["findings"] == []

        quick = await _economy(client, admin, verify="false")
        assert quick["verify"] is None and quick["coins"] == e["coins"]
        await assert_verified(engine)


async def test_economy_is_for_operators_only(database_url: str) -> None:
    settings = settings_for(database_url)
    async with running_app(settings) as (_, client):
        assert (await client.get("/v1/admin/economy")).status_code == 401
        user = bearer(user_token(settings, "alice"))
        answer = await client.get("/v1/admin/economy", headers=user)
        assert answer.status_code == 403
        assert answer.headers["content-type"] == "application/problem+json"
        bad = await client.get("/v1/admin/economy", params={"verify": "maybe"},
                               headers=bearer(user_token(settings, "op", scope="admin")))
        assert bad.status_code == 422
        empty = await client.get("/v1/admin/economy",
                                 headers=bearer(user_token(settings, "op", scope="admin")))
        assert empty.json()["coins"]["outstanding"] == 0 and empty.json()["currencies"] == []


def _account(account_id: str, asset: str, dp: int = 0, cp: int = 0, dq: int = 0, cq: int = 0
             ) -> SimpleNamespace:
    return SimpleNamespace(id=account_id, asset=asset, debits_posted=dp, credits_posted=cp,
                           debits_pending=dq, credits_pending=cq)


def test_money_per_currency_follows_refunds_and_payouts() -> None:
    # 100.000 KWD sold on iOS, 10.000 refunded; fee 30%, no tax; 20.000 paid out, 5.000 pending.
    rows = [
        _account("store:ios:KWD", "KWD", dp=100_000, cp=10_000),
        _account(chart.store_fees("KWD"), "KWD", cp=30_000, dp=3_000),
        _account(chart.taxes("KWD"), "KWD"),
        _account(chart.revenue("KWD"), "KWD", cp=70_000, dp=7_000 + 20_000, dq=5_000),
        _account(chart.payouts("KWD"), "KWD", cp=20_000, cq=5_000),
        _account(chart.COINS_ISSUED, "COIN", dp=1_000),
    ]
    [kwd] = plan_currencies(rows)
    assert (kwd.currency, kwd.exponent) == ("KWD", 3)
    assert (kwd.sales_minor, kwd.refunds_minor) == (100_000, 10_000)
    assert (kwd.store_fees_minor, kwd.taxes_minor) == (27_000, 0)
    assert kwd.net_revenue_minor == 63_000  # after refunds, before payouts
    assert kwd.sales_minor - kwd.refunds_minor == (kwd.store_fees_minor + kwd.taxes_minor
                                                   + kwd.net_revenue_minor)
    assert (kwd.payouts_paid_minor, kwd.payouts_pending_minor) == (20_000, 5_000)
    assert kwd.platform_cash_minor == 63_000 - 20_000 - 5_000


async def test_freeze_with_a_blank_reason_is_a_problem_not_a_500(database_url: str) -> None:
    settings = settings_for(database_url)
    async with running_app(settings) as (app, client):
        await load_demo(app.state.container.engine)
        admin = bearer(user_token(settings, "operator", scope="admin"))
        blank = await client.post("/v1/admin/users/bob/freeze",
                                  json={"frozen": True, "reason": "    "}, headers=admin)
        assert blank.status_code == 422 and blank.json()["type"].endswith(":reason-required")
        bob = (await client.get("/v1/users/bob", headers=admin)).json()
        assert bob["frozen"] is False
