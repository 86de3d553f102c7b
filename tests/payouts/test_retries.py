"""Every retry of a payouts write answers its first answer, even after the state changed so
that a fresh decision would differ; payout emails are clean text."""

from __future__ import annotations

import httpx
import pytest

from tests.payouts.conftest import Env, grant_aged_diamonds, make_creator, withdraw
from tests.support.api import make_user


def assert_problem(answer: httpx.Response, status: int, slug: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.json()["type"] == f"urn:fancoins:problem:{slug}"


async def set_email(env: Env, email: str, key: str | None = None) -> httpx.Response:
    headers = env.token("cara")
    if key:
        headers = {**headers, "Idempotency-Key": key}
    return await env.client.put("/v1/creator/payout-method", headers=headers,
                                json={"paypal_email": email})


async def test_a_retried_payout_method_answers_its_first_answer(env: Env) -> None:
    await make_creator(env)
    first = await set_email(env, "first@example.com", key="m-1")
    assert first.status_code == 200, first.text
    assert (await set_email(env, "second@example.com", key="m-2")).status_code == 200
    # A fresh decision would switch the email back; the retry changes nothing.
    retry = await set_email(env, "first@example.com", key="m-1")
    assert retry.status_code == 200 and retry.json() == first.json()
    withdrawal = (await withdraw(env, 10_000)).json()
    assert withdrawal["paypal_email"] == "second@example.com"
    assert_problem(await set_email(env, "third@example.com", key="m-1"), 409,
                   "idempotency-key-reused")


async def test_an_accepted_withdrawal_replays_its_first_answer(env: Env) -> None:
    await make_creator(env, diamonds=20_000)  # exactly one minimum withdrawal
    first = await withdraw(env, 10_000, key="cash-1")
    assert first.status_code == 201, first.text
    admin = env.token("ops", "admin")
    rejected = await env.client.post(f"/v1/admin/withdrawals/{first.json()['id']}/reject",
                                     headers=admin, json={"reason": "checked by hand"})
    assert rejected.json()["status"] == "rejected"
    retry = await withdraw(env, 10_000, key="cash-1")
    assert retry.status_code == 201
    assert retry.json() == first.json()  # as answered then: requested, not rejected
    listed = (await env.client.get("/v1/withdrawals", headers=env.token("cara"))).json()
    assert len(listed["items"]) == 1


async def test_a_refused_withdrawal_replays_its_refusal(env: Env) -> None:
    await make_creator(env, diamonds=19_999)
    refused = await withdraw(env, 10_000, key="cash-2")
    assert_problem(refused, 409, "insufficient-diamonds")
    await grant_aged_diamonds(env.app, "cara", 100_000)
    # Enough diamonds now: a fresh decision would pay. The key's answer stays the refusal.
    retry = await withdraw(env, 10_000, key="cash-2")
    assert_problem(retry, 409, "insufficient-diamonds")
    assert retry.json() == refused.json()
    assert (await env.account("user:cara:diamonds"))["debits_pending"] == 0
    assert (await withdraw(env, 10_000, key="cash-3")).status_code == 201


async def test_a_retried_review_answers_its_first_answer(env: Env) -> None:
    await make_creator(env)
    withdrawal = (await withdraw(env, 10_000)).json()
    path = f"/v1/admin/withdrawals/{withdrawal['id']}"
    admin = env.token("ops", "admin")
    held = await env.client.post(f"{path}/hold", json={"reason": "first payout"},
                                 headers={**admin, "Idempotency-Key": "r-1"})
    assert held.json()["status"] == "held"
    approved = await env.client.post(f"{path}/approve", json={"reason": "checked"},
                                     headers={**admin, "Idempotency-Key": "r-2"})
    assert approved.json()["status"] == "approved"
    # Holding an approved withdrawal is allowed: a fresh decision would hold it again.
    retry = await env.client.post(f"{path}/hold", json={"reason": "first payout"},
                                  headers={**admin, "Idempotency-Key": "r-1"})
    assert retry.status_code == 200 and retry.json() == held.json()
    now = await env.client.get(path.replace("/admin", ""), headers=admin)
    assert now.json()["status"] == "approved"


@pytest.mark.parametrize("email", ["ca\x00ra@example.com", "cara@exa\x7fmple.com"])
async def test_control_characters_in_a_payout_email_are_a_422_naming_it(
    env: Env, email: str
) -> None:
    await make_creator(env)
    answer = await set_email(env, email)
    assert_problem(answer, 422, "validation-error")
    assert answer.json()["errors"][0]["loc"] == ["body", "paypal_email"]


async def test_the_saved_payout_method_reads_back(env: Env) -> None:
    await make_user(env.app, "dora")
    missing = await env.client.get("/v1/creator/payout-method", headers=env.token("dora"))
    assert_problem(missing, 404, "payout-method-not-found")
    await make_creator(env)
    shown = await env.client.get("/v1/creator/payout-method", headers=env.token("cara"))
    assert shown.status_code == 200 and shown.json() == {"paypal_email": "cara@example.com"}
