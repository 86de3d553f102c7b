"""Every withdrawal rule refused with its own problem type, and nothing held when refused;
operators' review; idempotent requests; the earnings a creator sees."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from fancoins.db.tables import audit_log
from fancoins.ledger import chart
from tests.payouts.conftest import (
    Env,
    grant_aged_diamonds,
    make_creator,
    send_live_gifts,
    withdraw,
)
from tests.support.api import make_user

TODAY = dt.datetime.now(dt.UTC).date()


def assert_problem(answer: httpx.Response, status: int, slug: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["type"] == f"urn:fancoins:problem:{slug}"


async def nothing_held(env: Env, user_id: str = "cara") -> None:
    account = await env.account(chart.user_diamonds(user_id))
    assert account["debits_pending"] == 0
    listed = await env.client.get("/v1/withdrawals", headers=env.token(user_id))
    assert listed.json()["items"] == []


async def test_below_threshold(env: Env) -> None:
    await make_creator(env)
    assert_problem(await withdraw(env, 9_999), 422, "withdrawal-below-threshold")
    await nothing_held(env)


async def test_daily_cap(env: Env) -> None:
    await make_creator(env, diamonds=400_000)  # $2,000 of diamonds
    assert (await withdraw(env, 60_000)).status_code == 201
    assert (await withdraw(env, 40_000)).status_code == 201  # exactly $1,000 today
    assert_problem(await withdraw(env, 10_000), 409, "withdrawal-daily-cap")
    listed = (await env.client.get("/v1/withdrawals", headers=env.token("cara"))).json()
    assert [w["amount_minor"] for w in listed["items"]] == [40_000, 60_000]


async def test_failed_withdrawal_frees_the_daily_cap(env: Env) -> None:
    await make_creator(env, diamonds=400_000)
    first = (await withdraw(env, 100_000)).json()
    reject = await env.client.post(f"/v1/admin/withdrawals/{first['id']}/reject",
                                   headers=env.token("ops", "admin"), json={"reason": "test"})
    assert reject.json()["status"] == "rejected"
    assert (await withdraw(env, 100_000)).status_code == 201


async def test_not_enough_diamonds(env: Env) -> None:
    await make_creator(env, diamonds=19_999)  # $99.995: one diamond short of $100
    assert_problem(await withdraw(env, 10_000), 409, "insufficient-diamonds")
    await nothing_held(env)


@pytest.mark.parametrize(("fields", "status", "slug"), [
    ({"birth_date": TODAY.replace(year=TODAY.year - 16)}, 403, "age-restricted"),
    ({"age_verified": False}, 403, "verification-required"),
    ({"frozen": True}, 403, "account-frozen"),
])
async def test_eligibility(env: Env, fields: dict[str, Any], status: int, slug: str) -> None:
    await make_creator(env, **fields)
    assert_problem(await withdraw(env, 10_000), status, slug)
    await nothing_held(env)


async def test_payout_method_required(env: Env) -> None:
    await make_user(env.app, "cara", birth_date=dt.date(1990, 1, 1), age_verified=True)
    assert_problem(await withdraw(env, 10_000), 409, "payout-method-required")
    bad = await env.client.put("/v1/creator/payout-method", headers=env.token("cara"),
                               json={"paypal_email": "not an email"})
    assert_problem(bad, 422, "validation-error")


async def test_same_key_same_withdrawal_and_reused_key_refused(env: Env) -> None:
    await make_creator(env)
    first = await withdraw(env, 10_000, key="cash-out-1")
    again = await withdraw(env, 10_000, key="cash-out-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert_problem(await withdraw(env, 20_000, key="cash-out-1"), 409,
                   "idempotency-key-reused")
    assert (await env.account(chart.user_diamonds("cara")))["debits_pending"] == 20_000


async def test_operator_hold_approve_reject(env: Env) -> None:
    await make_creator(env)
    admin = env.token("ops", "admin")
    held = (await withdraw(env, 10_000)).json()
    answer = await env.client.post(f"/v1/admin/withdrawals/{held['id']}/hold", headers=admin,
                                   json={"reason": "first payout to this account"})
    assert answer.json()["status"] == "held"
    assert (await env.submit()).submitted == []  # held ones are never sent
    assert env.paypal.batches == {}
    approve = await env.client.post(f"/v1/admin/withdrawals/{held['id']}/approve",
                                    headers=admin, json={"reason": "checked"})
    assert approve.json()["status"] == "approved"
    assert [str(i) for i in (await env.submit()).submitted] == [held["id"]]
    # Submitted: an operator can no longer reject it (PayPal decides now).
    late = await env.client.post(f"/v1/admin/withdrawals/{held['id']}/reject", headers=admin,
                                 json={"reason": "too late"})
    assert_problem(late, 409, "withdrawal-state-conflict")

    rejected = (await withdraw(env, 10_000)).json()
    answer = await env.client.post(f"/v1/admin/withdrawals/{rejected['id']}/reject",
                                   headers=admin, json={"reason": "suspected fraud"})
    assert answer.json()["status"] == "rejected"
    account = await env.account(chart.user_diamonds("cara"))
    assert (account["balance"], account["debits_pending"]) == (100_000, 20_000)
    # Creators cannot review their own withdrawals.
    own = await env.client.post(f"/v1/admin/withdrawals/{held['id']}/approve",
                                headers=env.token("cara"), json={"reason": "mine"})
    assert_problem(own, 403, "insufficient-scope")
    async with env.app.state.container.engine.connect() as connection:
        audited = (await connection.execute(
            select(audit_log.c.action, audit_log.c.actor, audit_log.c.reason)
            .where(audit_log.c.action.like("withdrawal.%")).order_by(audit_log.c.id))).all()
    assert [tuple(row) for row in audited] == [
        ("withdrawal.held", "ops", "first payout to this account"),
        ("withdrawal.approved", "ops", "checked"),
        ("withdrawal.rejected", "ops", "suspected fraud"),
    ]


async def test_withdrawals_are_private(env: Env) -> None:
    await make_creator(env)
    await make_user(env.app, "mallory")
    mine = (await withdraw(env, 10_000)).json()
    theirs = await env.client.get(f"/v1/withdrawals/{mine['id']}", headers=env.token("mallory"))
    assert_problem(theirs, 404, "withdrawal-not-found")
    assert (await env.client.get("/v1/withdrawals", headers=env.token("mallory"))).json()[
        "items"] == []


async def test_earnings(env: Env) -> None:
    await make_creator(env, diamonds=50_000)
    await withdraw(env, 10_000)
    answer = await env.client.get("/v1/creator/earnings", headers=env.token("cara"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["currency"] == "USD"
    assert body["diamonds_total"] == 50_000
    assert body["cash_value_minor"] == 25_000  # $0.005 a diamond
    assert body["diamonds_pending_withdrawal"] == 20_000
    assert body["diamonds_on_hold"] == 0  # granted before the hold period
    assert body["diamonds_withdrawable"] == 30_000
    assert body["withdrawable_cash_minor"] == 15_000
    assert (body["hold_days"], body["min_withdrawal_minor"], body["daily_cap_minor"]) == (
        7, 10_000, 100_000)


async def test_diamonds_on_hold_are_not_withdrawable(env: Env) -> None:
    await make_creator(env, diamonds=0)
    gift = await send_live_gifts(env, "cara", "drama_queen", 5)  # 25,000 diamonds, just now
    assert gift["diamonds"] == 25_000
    assert_problem(await withdraw(env, 10_000), 409, "diamonds-on-hold")
    await nothing_held(env)
    earnings = (await env.client.get("/v1/creator/earnings", headers=env.token("cara"))).json()
    assert (earnings["diamonds_total"], earnings["diamonds_on_hold"],
            earnings["diamonds_withdrawable"]) == (25_000, 25_000, 0)
    assert earnings["on_hold_cash_minor"] == 12_500
    assert [(d["day"], d["diamonds"]) for d in earnings["daily"]] == [(TODAY.isoformat(),
                                                                      25_000)]
    # Older diamonds are withdrawable beside the held ones.
    await grant_aged_diamonds(env.app, "cara", 20_000)
    assert (await withdraw(env, 10_000)).status_code == 201
