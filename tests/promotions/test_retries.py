"""Every retry of a promotions write answers its first answer, even after the state changed so
that a fresh decision would differ; the schema states the economy's real bounds."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from fancoins.economy_file import default_economy
from tests.promotions.conftest import Env, deliver, make_promoter, promote


def assert_problem(answer: httpx.Response, status: int, slug: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.json()["type"] == f"urn:fancoins:problem:{slug}"


async def grant(env: Env, user_id: str, coins: int) -> None:
    answer = await env.client.post(
        "/v1/admin/adjustments", json={"user_id": user_id, "amount_coins": coins,
                                       "reason": "top-up"},
        headers={**env.token("ops", "admin"), "Idempotency-Key": f"g-{uuid.uuid4()}"})
    assert answer.status_code == 201, answer.text


async def cancel(env: Env, promotion_id: str, key: str | None = None) -> httpx.Response:
    headers = env.token("pia")
    if key:
        headers = {**headers, "Idempotency-Key": key}
    return await env.client.post(f"/v1/promotions/{promotion_id}/cancel", headers=headers)


async def test_an_accepted_promotion_replays_its_first_answer(env: Env) -> None:
    await make_promoter(env)
    first = await promote(env, key="promo-1")
    assert first.status_code == 201, first.text
    assert (await deliver(env, first.json()["id"], 200)).status_code == 201
    retry = await promote(env, key="promo-1")
    assert retry.status_code == 201
    assert retry.json() == first.json()  # as answered then: nothing spent yet


async def test_a_refused_promotion_replays_its_refusal(env: Env) -> None:
    await make_promoter(env, coins=900)
    refused = await promote(env, key="promo-2", budget_coins=1_000)
    assert_problem(refused, 409, "insufficient-coins")
    await grant(env, "pia", 1_000)
    # 1,900 coins now: a fresh decision would start it. The key's answer stays the refusal.
    retry = await promote(env, key="promo-2", budget_coins=1_000)
    assert_problem(retry, 409, "insufficient-coins")
    assert retry.json() == refused.json()
    listed = (await env.client.get("/v1/promotions", headers=env.token("pia"))).json()
    assert listed["items"] == []


async def test_an_accepted_delivery_replays_its_first_answer(env: Env) -> None:
    await make_promoter(env)
    promotion = (await promote(env)).json()
    first = await deliver(env, promotion["id"], 200, views=400, key="report-1")
    assert first.status_code == 201, first.text
    assert (await cancel(env, promotion["id"])).json()["status"] == "canceled"
    # Canceled now: a fresh report would be refused. The retry answers what was charged then.
    retry = await deliver(env, promotion["id"], 200, views=400, key="report-1")
    assert retry.status_code == 201
    assert retry.json() == first.json()


async def test_a_cancel_key_is_honoured(env: Env) -> None:
    await make_promoter(env)
    one = (await promote(env)).json()
    other = (await promote(env)).json()
    first = await cancel(env, one["id"], key="stop-1")
    assert first.status_code == 200 and first.json()["status"] == "canceled"
    assert (await cancel(env, one["id"], key="stop-1")).json() == first.json()
    # The same key for another promotion is another request: refused, nothing canceled.
    assert_problem(await cancel(env, other["id"], key="stop-1"), 409, "idempotency-key-reused")
    shown = await env.client.get(f"/v1/promotions/{other['id']}", headers=env.token("pia"))
    assert shown.json()["status"] == "active"


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in node:
        node = next(n for n in node["anyOf"] if n.get("type") != "null")
        return _resolve(schema, node)
    return node


async def test_the_schema_states_the_economys_bounds_and_choices(env: Env) -> None:
    schema = (await env.client.get("/openapi.json")).json()
    body = schema["paths"]["/v1/promotions"]["post"]["requestBody"]["content"]
    promotion = _resolve(schema, body["application/json"]["schema"])
    rules = default_economy().promotions
    budget = promotion["properties"]["budget_coins"]
    assert (budget["minimum"], budget["maximum"]) == (rules.min_budget_coins,
                                                      rules.max_budget_coins) == (500, 707_000)
    days = promotion["properties"]["days"]
    assert (days["minimum"], days["maximum"]) == (1, 30)
    objective = _resolve(schema, promotion["properties"]["objective"])
    assert objective["enum"] == ["views", "followers", "profile_visits"]
    audience = _resolve(schema, promotion["properties"]["audience"])
    assert _resolve(schema, audience["properties"]["mode"])["enum"] == ["automatic", "custom"]
    bands = _resolve(schema, audience["properties"]["age_bands"])["items"]
    assert _resolve(schema, bands)["enum"] == list(rules.age_bands)
    genders = _resolve(schema, audience["properties"]["genders"])["items"]
    assert _resolve(schema, genders)["enum"] == list(rules.genders)
