"""GET /v1/wallet and its statement: balances, labels, filters, pages and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from fancoins.purchases.service import store_account_token
from tests.purchases.conftest import Env, provider_settings
from tests.support import apple_keys
from tests.support.api import running_app


@pytest.fixture
async def env(database_url: str, tmp_path: Path) -> AsyncIterator[Env]:
    root = tmp_path / "root.cer"
    root.write_bytes(apple_keys.trusted_chain().root_der)
    settings = provider_settings(database_url, root, tmp_path)
    async with running_app(settings) as (app, client):
        yield Env(app, client, settings)


async def grant(env: Env, user_id: str, coins: int, key: str) -> None:
    response = await env.client.post(
        "/v1/admin/adjustments", json={"user_id": user_id, "amount_coins": coins,
                                       "reason": "support"},
        headers={**env.auth_admin(), "Idempotency-Key": key})
    assert response.status_code == 201, response.text


async def buy_and_refund(env: Env, user_id: str, transaction_id: str) -> None:
    jws = apple_keys.sign_transaction(apple_keys.transaction_payload(
        transactionId=transaction_id, appAccountToken=store_account_token(user_id)))
    bought = await env.client.post("/v1/purchases/apple", json={"signed_transaction": jws},
                                   headers=env.auth(user_id))
    assert bought.status_code == 200, bought.text
    notification = apple_keys.sign_notification(
        apple_keys.notification_payload("REFUND", signed_transaction=jws))
    refunded = await env.client.post("/v1/notifications/apple",
                                     json={"signedPayload": notification})
    assert refunded.json()["outcome"] == "clawed_back"


async def statement(env: Env, caller: str, **params: Any) -> Any:
    return await env.client.get("/v1/wallet/statement", params=params,
                                headers=env.auth(caller))


async def test_wallet_shows_balances_and_restriction(env: Env) -> None:
    await env.user("wes")
    empty = await env.client.get("/v1/wallet", headers=env.auth("wes"))
    assert empty.status_code == 200
    assert empty.json() == {
        "user_id": "wes", "coins": 0, "coins_available": 0, "diamonds": 0,
        "diamonds_available": 0, "restricted": False,
        "store_account_token": store_account_token("wes"),
    }
    await buy_and_refund(env, "wes", "t-w1")  # +100 then -100
    await grant(env, "wes", 30, "g1")
    await env.client.post("/v1/admin/adjustments", json={
        "user_id": "wes", "amount_coins": -30, "reason": "spent"},
        headers={**env.auth_admin(), "Idempotency-Key": "s1"})
    assert (await env.client.get("/v1/wallet", headers=env.auth("wes"))).json()["coins"] == 0
    await env.user("rex")
    jws = apple_keys.sign_transaction(apple_keys.transaction_payload(
        transactionId="t-r", appAccountToken=store_account_token("rex")))
    await env.client.post("/v1/purchases/apple", json={"signed_transaction": jws},
                          headers=env.auth("rex"))
    await env.client.post("/v1/admin/adjustments", json={
        "user_id": "rex", "amount_coins": -100, "reason": "spent"},
        headers={**env.auth_admin(), "Idempotency-Key": "s2"})
    await env.client.post("/v1/notifications/apple", json={"signedPayload": (
        apple_keys.sign_notification(apple_keys.notification_payload(
            "REFUND", signed_transaction=jws)))})
    rex = (await env.client.get("/v1/wallet", headers=env.auth("rex"))).json()
    assert rex["coins"] == -100 and rex["restricted"] is True
    await env.verify_ok()


async def test_wallets_are_private(env: Env) -> None:
    await env.user("wes")
    await env.user("nosy")
    peek = await env.client.get("/v1/wallet", params={"user_id": "wes"},
                                headers=env.auth("nosy"))
    assert peek.status_code == 404
    peek = await statement(env, "nosy", user_id="wes")
    assert peek.status_code == 404
    operator = await env.client.get("/v1/wallet", params={"user_id": "wes"},
                                    headers=env.auth_admin())
    assert operator.status_code == 200
    ghost = await env.client.get("/v1/wallet", headers=env.auth("ghost"))
    assert ghost.status_code == 404
    assert (await env.client.get("/v1/wallet")).status_code == 401


async def test_statement_labels_filters_and_pages(env: Env) -> None:
    await env.user("wes")
    await grant(env, "wes", 50, "g1")
    await buy_and_refund(env, "wes", "t-s1")
    lines = (await statement(env, "wes")).json()["items"]
    assert [(line["kind"], line["label"], line["amount"]) for line in lines] == [
        ("refund_clawback", "Refund claw-back", -100),
        ("purchase", "Coin purchase", 100),
        ("operator_grant", "Operator grant", 50),
    ]
    assert all(line["state"] == "posted" and line["asset"] == "COIN" for line in lines)
    assert lines[1]["details"]["purchase_id"] == lines[0]["details"]["purchase_id"]
    assert "actor" not in lines[2]["details"]  # the operator's identity stays internal
    only = (await statement(env, "wes", kind="purchase")).json()["items"]
    assert [line["kind"] for line in only] == ["purchase"]
    seen, cursor = [], None
    while True:
        params: dict[str, Any] = {"limit": 1}
        if cursor:
            params["cursor"] = cursor
        page = (await statement(env, "wes", **params)).json()
        seen += [line["id"] for line in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [line["id"] for line in lines]
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).isoformat()
    assert (await statement(env, "wes", **{"from": future})).json()["items"] == []
    assert len((await statement(env, "wes", to=future)).json()["items"]) == 3
    bad = await statement(env, "wes", cursor="not-a-cursor!")
    assert bad.status_code == 400 and bad.json()["type"].endswith("cursor-invalid")


async def test_statement_csv_export(env: Env) -> None:
    await env.user("wes")
    await grant(env, "wes", 50, "g1")
    await grant(env, "wes", 25, "g2")
    response = await statement(env, "wes", format="csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][:6] == ["id", "created_at", "kind", "label", "asset", "amount"]
    assert [(row[2], row[5]) for row in rows[1:]] == [
        ("operator_grant", "25"), ("operator_grant", "50")]
    first = await statement(env, "wes", format="csv", limit=1)
    assert len(list(csv.reader(io.StringIO(first.text)))) == 2
    assert "x-next-cursor" in first.headers
