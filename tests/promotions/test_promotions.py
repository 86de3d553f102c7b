"""Promotions over HTTP on both databases: the budget held, charged per delivery, the rest
returned on cancel or at the end; every refusal with its problem type; coins conserved."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx
import pytest

from fancoins.db.engine import unit_of_work
from fancoins.ids import new_id
from fancoins.journal.service import journal
from fancoins.ledger import COIN, TransferFlags, TransferRequest, chart
from fancoins.promotions.tasks import settle_due
from tests.promotions.conftest import (
    FUNDED_COINS,
    Env,
    deliver,
    make_promoter,
    promote,
)

TODAY = dt.datetime.now(dt.UTC).date()


def assert_problem(answer: httpx.Response, status: int, slug: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.json()["type"] == f"urn:fancoins:problem:{slug}"


async def started(env: Env, **overrides: Any) -> dict[str, Any]:
    answer = await promote(env, **overrides)
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def wallet(env: Env, user_id: str = "pia") -> tuple[int, int]:
    """(posted balance, available) of the user's coins."""
    account = await env.coins(chart.user_coins(user_id))
    return account["balance"], account["available"]


async def spent_total(env: Env) -> int:
    return int((await env.coins(chart.COINS_SPENT))["balance"])


async def test_budget_is_held_with_a_reach_estimate(env: Env) -> None:
    await make_promoter(env)
    promotion = await started(env, budget_coins=1_000, days=3, objective="views")
    assert promotion["status"] == "active"
    assert (promotion["held_coins"], promotion["spent_coins"]) == (1_000, 0)
    assert (promotion["reach_low_views"], promotion["reach_high_views"]) == (2_000, 6_000)
    ends = dt.datetime.fromisoformat(promotion["ends_at"])
    starts = dt.datetime.fromisoformat(promotion["starts_at"])
    assert ends - starts == dt.timedelta(days=3)
    assert await wallet(env) == (FUNDED_COINS, FUNDED_COINS - 1_000)  # held, not yet spent
    assert await spent_total(env) == 0


async def test_custom_audience_narrows_the_estimate(env: Env) -> None:
    await make_promoter(env)
    promotion = await started(env, budget_coins=1_000, objective="followers", audience={
        "mode": "custom", "age_bands": ["18-24"], "genders": ["female"],
        "interests": ["cooking"], "locations": ["US", "GB"]})
    assert promotion["audience"]["locations"] == ["US", "GB"]
    assert (promotion["reach_low_views"], promotion["reach_high_views"]) == (840, 2_520)


async def test_partial_deliveries_charge_what_was_delivered(env: Env) -> None:
    await make_promoter(env)
    promotion = await started(env)
    first = await deliver(env, promotion["id"], 200, views=450, key="report-1")
    assert first.status_code == 201, first.text
    assert first.json()["charged_coins"] == 200
    replay = await deliver(env, promotion["id"], 200, views=450, key="report-1")
    assert replay.json()["id"] == first.json()["id"]  # a retried report is charged once
    assert_problem(await deliver(env, promotion["id"], 300, key="report-1"), 409,
                   "idempotency-key-reused")
    second = (await deliver(env, promotion["id"], 300, views=700)).json()
    assert second["promotion"]["spent_coins"] == 500
    assert second["promotion"]["held_coins"] == 500
    assert second["promotion"]["results"]["views"] == 1_150
    assert await wallet(env) == (FUNDED_COINS - 500, FUNDED_COINS - 1_000)
    assert await spent_total(env) == 500


async def test_delivery_past_the_budget_is_cut_and_completes(env: Env) -> None:
    await make_promoter(env)
    promotion = await started(env)
    await deliver(env, promotion["id"], 900)
    last = (await deliver(env, promotion["id"], 400)).json()
    assert (last["cost_coins"], last["charged_coins"]) == (400, 100)
    assert last["promotion"]["status"] == "completed"
    assert last["promotion"]["held_coins"] == 0
    assert await wallet(env) == (FUNDED_COINS - 1_000, FUNDED_COINS - 1_000)
    assert_problem(await deliver(env, promotion["id"], 10), 409, "promotion-closed")


async def test_cancel_returns_what_was_not_spent(env: Env) -> None:
    await make_promoter(env)
    await make_promoter(env, "mallory")
    promotion = await started(env)
    await deliver(env, promotion["id"], 250)
    path = f"/v1/promotions/{promotion['id']}/cancel"
    assert_problem(await env.client.post(path, headers=env.token("mallory")), 404,
                   "promotion-not-found")
    canceled = (await env.client.post(path, headers=env.token("pia"))).json()
    assert (canceled["status"], canceled["spent_coins"], canceled["returned_coins"],
            canceled["held_coins"]) == ("canceled", 250, 750, 0)
    assert await wallet(env) == (FUNDED_COINS - 250, FUNDED_COINS - 250)
    again = await env.client.post(path, headers=env.token("pia"))
    assert again.status_code == 200 and again.json()["returned_coins"] == 750
    assert_problem(await deliver(env, promotion["id"], 10), 409, "promotion-closed")
    assert await spent_total(env) == 250


async def test_natural_end_returns_the_rest_and_refuses_later_deliveries(env: Env) -> None:
    await make_promoter(env)
    promotion = await started(env, days=1)
    await deliver(env, promotion["id"], 100)
    ends_at_ms = int(dt.datetime.fromisoformat(promotion["ends_at"]).timestamp() * 1000)
    assert await settle_due(env.app.state.container.engine, env.settings, ends_at_ms - 1) == []
    ended = await settle_due(env.app.state.container.engine, env.settings, ends_at_ms)
    assert [str(i) for i in ended] == [promotion["id"]]
    assert await settle_due(env.app.state.container.engine, env.settings, ends_at_ms) == []
    shown = (await env.client.get(f"/v1/promotions/{promotion['id']}",
                                  headers=env.token("pia"))).json()
    assert (shown["status"], shown["spent_coins"], shown["returned_coins"]) == ("ended", 100, 900)
    assert await wallet(env) == (FUNDED_COINS - 100, FUNDED_COINS - 100)
    late = await deliver(env, promotion["id"], 50)
    assert_problem(late, 409, "promotion-closed")
    assert late.json()["promotion_status"] == "ended"
    assert await spent_total(env) == 100


async def test_viewers_see_their_promotions(env: Env) -> None:
    await make_promoter(env)
    await make_promoter(env, "mallory")
    first = await started(env, video_id="v-1")
    second = await started(env, video_id="v-2")
    page = (await env.client.get("/v1/promotions?limit=1", headers=env.token("pia"))).json()
    assert [p["id"] for p in page["items"]] == [second["id"]]
    rest = (await env.client.get(f"/v1/promotions?cursor={page['next_cursor']}",
                                 headers=env.token("pia"))).json()
    assert [p["id"] for p in rest["items"]] == [first["id"]]
    assert rest["next_cursor"] is None
    theirs = await env.client.get("/v1/promotions", headers=env.token("mallory"))
    assert theirs.json()["items"] == []
    hidden = await env.client.get(f"/v1/promotions/{first['id']}", headers=env.token("mallory"))
    assert_problem(hidden, 404, "promotion-not-found")


async def test_deliveries_need_the_hosts_scope(env: Env) -> None:
    await make_promoter(env)
    promotion = await started(env)
    answer = await env.client.post(
        f"/v1/promotions/{promotion['id']}/deliveries", json={"cost_coins": 100},
        headers={**env.token("pia"), "Idempotency-Key": "self-charge"})
    assert_problem(answer, 403, "insufficient-scope")
    assert_problem(await deliver(env, str(uuid.uuid4()), 10), 404, "promotion-not-found")


async def test_same_key_same_promotion(env: Env) -> None:
    await make_promoter(env)
    first = await promote(env, key="promo-1")
    again = await promote(env, key="promo-1")
    assert first.json()["id"] == again.json()["id"]
    assert_problem(await promote(env, key="promo-1", budget_coins=2_000), 409,
                   "idempotency-key-reused")
    assert await wallet(env) == (FUNDED_COINS, FUNDED_COINS - 1_000)


@pytest.mark.parametrize(("overrides", "field"), [
    ({"budget_coins": 499}, "budget_coins"),
    ({"budget_coins": 707_001}, "budget_coins"),
    ({"days": 31}, "days"),
    ({"objective": "likes"}, "objective"),
    ({"audience": {"mode": "custom"}}, "audience"),
    ({"audience": {"mode": "custom", "locations": ["usa"]}}, "audience.locations[0]"),
])
async def test_invalid_promotion(env: Env, overrides: dict[str, Any], field: str) -> None:
    await make_promoter(env)
    answer = await promote(env, **overrides)
    assert_problem(answer, 422, "promotion-invalid")
    assert answer.json()["field"] == field
    assert await wallet(env) == (FUNDED_COINS, FUNDED_COINS)


@pytest.mark.parametrize(("fields", "status", "slug"), [
    ({"birth_date": TODAY.replace(year=TODAY.year - 17)}, 403, "age-restricted"),
    ({"birth_date": None}, 403, "age-restricted"),  # age unknown: not known to be 18+
    ({"frozen": True}, 403, "account-frozen"),
])
async def test_who_may_not_promote(env: Env, fields: dict[str, Any], status: int,
                                   slug: str) -> None:
    await make_promoter(env, **fields)
    assert_problem(await promote(env), status, slug)
    assert await wallet(env) == (FUNDED_COINS, FUNDED_COINS)


async def test_not_enough_coins(env: Env) -> None:
    await make_promoter(env, coins=900)
    assert_problem(await promote(env, budget_coins=1_000), 409, "insufficient-coins")
    assert await wallet(env) == (900, 900)
    limits = (await env.client.get("/v1/me/limits", headers=env.token("pia"))).json()
    assert limits["spent"]["daily_coins"] == 0  # a refused promotion counts nothing


async def test_restricted_account_cannot_promote(env: Env) -> None:
    await make_promoter(env, coins=1_000)
    async with unit_of_work(env.app.state.container.engine) as connection:  # a refund claw-back
        await journal.record(connection, [TransferRequest(
            id=new_id(), code="refund_clawback", debit_account_id=chart.user_coins("pia"),
            credit_account_id=chart.COINS_ISSUED, asset=COIN, amount=1_500,
            flags=TransferFlags.ALLOW_OVERDRAFT,
        )], idempotency_key="clawback-test")
    assert_problem(await promote(env, budget_coins=500), 403, "account-restricted")


async def test_spending_limits_count_promotions(env: Env) -> None:
    await make_promoter(env)
    limits = await env.client.put("/v1/me/limits", headers=env.token("pia"), json={
        "daily_coins": 1_500, "weekly_coins": None, "monthly_coins": None})
    assert limits.status_code == 200, limits.text
    await started(env, budget_coins=1_000)
    over = await promote(env, budget_coins=600)
    assert_problem(over, 409, "spending-limit-exceeded")
    assert over.json()["window"] == "daily"
    assert await wallet(env) == (FUNDED_COINS, FUNDED_COINS - 1_000)
    shown = (await env.client.get("/v1/me/limits", headers=env.token("pia"))).json()
    assert shown["spent"]["daily_coins"] == 1_000


async def test_deliveries_still_charge_after_a_claw_back_overdrew_the_wallet(env: Env) -> None:
    await make_promoter(env, coins=1_000)
    promotion = await started(env, budget_coins=1_000)
    engine = env.app.state.container.engine
    async with unit_of_work(engine) as connection:  # a refund, after the hold
        await journal.record(connection, [TransferRequest(
            id=new_id(), code="refund_clawback", debit_account_id=chart.user_coins("pia"),
            credit_account_id=chart.COINS_ISSUED, asset=COIN, amount=1_500,
            flags=TransferFlags.ALLOW_OVERDRAFT,
        )], idempotency_key="clawback-after-hold")
    charged = await deliver(env, promotion["id"], 300)
    assert charged.status_code == 201, charged.text
    assert charged.json()["promotion"]["held_coins"] == 700
    canceled = await env.client.post(f"/v1/promotions/{promotion['id']}/cancel",
                                     headers=env.token("pia"))
    assert canceled.json()["returned_coins"] == 700
    assert await wallet(env) == (1_000 - 1_500 - 300, 1_000 - 1_500 - 300)
    assert await spent_total(env) == 300


async def test_returned_coins_leave_the_counted_spend(env: Env) -> None:
    await make_promoter(env)
    await env.client.put("/v1/me/limits", headers=env.token("pia"), json={
        "daily_coins": 1_500, "weekly_coins": None, "monthly_coins": None})
    promotion = await started(env, budget_coins=1_000)
    await deliver(env, promotion["id"], 250)
    canceled = await env.client.post(f"/v1/promotions/{promotion['id']}/cancel",
                                     headers=env.token("pia"))
    assert canceled.json()["returned_coins"] == 750
    # Only what the promotion charged counts: limits and the gifter level rise by 250.
    shown = (await env.client.get("/v1/me/limits", headers=env.token("pia"))).json()
    assert shown["spent"] == {"daily_coins": 250, "weekly_coins": 250, "monthly_coins": 250}
    gifter = (await env.client.get("/v1/users/pia/gifter", headers=env.token("pia"))).json()
    assert gifter["lifetime_coins"] == 250
    # So another 1,000 fits under the 1,500 daily limit (it would not have before).
    await started(env, budget_coins=1_000)
    assert_problem(await promote(env, budget_coins=500), 409, "spending-limit-exceeded")
