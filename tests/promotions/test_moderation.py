"""Promotion moderation: an operator lists every creator's promotions and cancels one, naming
the reason (audited once); the unspent coins go back to the owner; a retry answers the same."""

from __future__ import annotations

from typing import Any

import httpx

from fancoins.ledger import chart
from tests.promotions.conftest import FUNDED_COINS, Env, deliver, make_promoter, promote


def operator(env: Env, key: str | None = None) -> dict[str, str]:
    headers = env.token("ops", "admin")
    return {**headers, "Idempotency-Key": key} if key else headers


def assert_problem(answer: httpx.Response, status: int, slug: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["type"] == f"urn:fancoins:problem:{slug}"


async def audited(env: Env, user_id: str) -> list[dict[str, Any]]:
    answer = await env.client.get("/v1/admin/audit", headers=operator(env), params={
        "action": "promotion.canceled", "target": f"user:{user_id}"})
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


async def test_an_operator_lists_everyones_and_cancels_with_a_reason(env: Env) -> None:
    await make_promoter(env)
    await make_promoter(env, "max")
    mine = (await promote(env)).json()
    theirs = (await promote(env, "max", budget_coins=600)).json()
    assert (await deliver(env, mine["id"], 250)).status_code == 201
    listed = await env.client.get("/v1/promotions", headers=operator(env))
    assert listed.status_code == 200, listed.text
    assert [p["id"] for p in listed.json()["items"]] == [theirs["id"], mine["id"]]
    # A user sees only their own.
    own = (await env.client.get("/v1/promotions", headers=env.token("max"))).json()
    assert [p["id"] for p in own["items"]] == [theirs["id"]]

    path = f"/v1/promotions/{mine['id']}/cancel"
    # An operator names the reason: without one, nothing is canceled.
    for body in (None, {"reason": "  "}):
        assert_problem(await env.client.post(path, headers=operator(env, "mod-0"), json=body),
                       422, "reason-required")
    shown = await env.client.get(f"/v1/promotions/{mine['id']}", headers=env.token("pia"))
    assert shown.json()["status"] == "active"

    first = await env.client.post(path, headers=operator(env, "mod-1"),
                                  json={"reason": "misleading video"})
    assert first.status_code == 200, first.text
    assert (first.json()["status"], first.json()["spent_coins"],
            first.json()["returned_coins"]) == ("canceled", 250, 750)
    owner_coins = await env.coins(chart.user_coins("pia"))
    assert (owner_coins["balance"], owner_coins["available"]) == (FUNDED_COINS - 250,
                                                                 FUNDED_COINS - 250)
    # A retry under the key answers the same; again without a key answers the canceled one.
    retry = await env.client.post(path, headers=operator(env, "mod-1"),
                                  json={"reason": "misleading video"})
    assert retry.status_code == 200 and retry.json() == first.json()
    again = await env.client.post(path, headers=operator(env),
                                  json={"reason": "misleading video"})
    assert again.status_code == 200 and again.json()["returned_coins"] == 750
    # The same key for another request is refused.
    assert_problem(await env.client.post(path, headers=operator(env, "mod-1"),
                                         json={"reason": "another reason"}),
                   409, "idempotency-key-reused")
    [entry] = await audited(env, "pia")
    assert (entry["reason"], entry["data"]["promotion_id"], entry["data"]["returned_coins"],
            entry["data"]["spent_coins"]) == ("misleading video", mine["id"], 750, 250)
    assert await audited(env, "max") == []
    # The owner's own cancel needs no reason and is not an operator action.
    canceled = await env.client.post(f"/v1/promotions/{theirs['id']}/cancel",
                                     headers=env.token("max"))
    assert canceled.status_code == 200 and canceled.json()["returned_coins"] == 600
    assert await audited(env, "max") == []
