"""Velocity holds through the HTTP API and signed store payloads: a paid web purchase over a
velocity rule is held for review (not credited, not failed); the operator releases it
(credited once) or declines it (never credited); a store refund of a held purchase ends it;
the window lapses with the clock; App Store purchases are never held."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import select

from fancoins.db.tables.identity import audit_log
from fancoins.db.tables.webhooks import webhook_outbox
from fancoins.kit.clock import OffsetClock, use_clock
from fancoins.purchases.holds import VelocityPolicy, breach_of
from fancoins.purchases.models import Purchase
from tests.purchases.conftest import Env, provider_settings
from tests.purchases.helpers import apple_jws, buy_apple, charge_refunded, checkout, deliver, paid
from tests.support.api import running_app
from tests.support.google_fake import GooglePlayFake
from tests.support.stripe_fake import StripeFake

PURCHASES_MAX = 3
WINDOW_S = 3600
HELD_REASON = "4 purchases within 1 hour (the rule allows 3)"


@pytest.fixture
async def env(
    database_url: str, apple_root_file: Path, tmp_path: Path, google_play: GooglePlayFake,
    stripe_api: StripeFake,
) -> AsyncIterator[Env]:
    # Only the count rule: each test's figures then follow from the number of purchases. No
    # webhook worker: the outbox keeps every event for the test to read.
    settings = provider_settings(
        database_url, apple_root_file, tmp_path, google_play, stripe_api,
        safety__velocity_purchases_max=PURCHASES_MAX, safety__velocity_window_s=WINDOW_S,
        safety__velocity_coins_max=0, safety__velocity_amount_minor_max={}, webhooks__worker=False)
    async with running_app(settings) as (app, client):
        yield Env(app, client, settings)


async def pay(env: Env, user_id: str, n: int) -> tuple[dict[str, Any], str]:
    """A web checkout paid through Stripe's signed webhook: its session and the outcome."""
    opened = await checkout(env, user_id, key=f"k-{n}")
    assert opened.status_code == 200, opened.text
    session: dict[str, Any] = opened.json()
    done = await deliver(env, paid(session, event_id=f"evt_paid_{n}", intent=f"pi_{n}"))
    assert done.status_code == 200, done.text
    return session, str(done.json()["outcome"])


async def purchase(env: Env, user_id: str, purchase_id: str) -> dict[str, Any]:
    response = await env.client.get(f"/v1/purchases/{purchase_id}", headers=env.auth(user_id))
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def held_queue(env: Env, *, pending: bool = True) -> list[dict[str, Any]]:
    response = await env.client.get("/v1/admin/purchases/held",
                                    params={"pending": str(pending).lower()},
                                    headers=env.auth_admin())
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def decide(env: Env, purchase_id: str, decision: str, key: str,
                 reason: str = "checked with the buyer") -> Any:
    return await env.client.post(f"/v1/admin/purchases/{purchase_id}/{decision}",
                                 json={"reason": reason},
                                 headers={**env.auth_admin(), "Idempotency-Key": key})


async def events_about(env: Env, purchase_id: str) -> list[str]:
    """The outbox's event types about one purchase, in commit order."""
    async with env.app.state.container.engine.connect() as connection:
        rows = await connection.execute(select(webhook_outbox.c.events)
                                        .order_by(webhook_outbox.c.id))
        return [e["type"] for row in rows for e in orjson.loads(row.events)
                if e["subject"] == f"purchase:{purchase_id}"]


async def audited(env: Env, user_id: str) -> list[tuple[str, str]]:
    async with env.app.state.container.engine.connect() as connection:
        rows = await connection.execute(
            select(audit_log.c.action, audit_log.c.reason)
            .where(audit_log.c.target == f"user:{user_id}",
                   audit_log.c.action.like("purchase.hold_%"))
            .order_by(audit_log.c.created_at_ms))
        return [(str(r[0]), str(r[1])) for r in rows]


async def held_one(env: Env, user_id: str) -> dict[str, Any]:
    """The buyer's purchases up to the rule, credited, then one more: held."""
    for n in range(PURCHASES_MAX):
        assert (await pay(env, user_id, n))[1] == "fulfilled"
    session, outcome = await pay(env, user_id, PURCHASES_MAX)
    assert outcome == "held"
    return session


async def test_a_burst_over_the_rule_is_held_and_the_rest_credited(env: Env) -> None:
    await env.user("bo")
    outcomes = [await pay(env, "bo", n) for n in range(5)]
    assert [o for _, o in outcomes] == ["fulfilled"] * 3 + ["held"] * 2
    assert await env.coins("bo") == 3 * 500  # the held ones credit nothing
    # The buyer reads a held purchase as held for review, not failed.
    held = await purchase(env, "bo", outcomes[3][0]["id"])
    assert (held["status"], held["coins_clawed_back"], held["fulfilled_at"]) == \
        ("held", 0, None)
    # The same payment delivered again (another event id) holds nothing twice.
    again = await deliver(env, paid(outcomes[3][0], event_id="evt_again", intent="pi_3"))
    assert again.json()["outcome"] == "already_held"
    queue = await held_queue(env)
    assert [h["purchase"]["id"] for h in queue] == [s["id"] for s, _ in outcomes[3:]]
    first = queue[0]["hold"]
    assert (first["rule"], first["reason"], first["decision"]) == \
        ("purchases", HELD_REASON, None)
    assert queue[1]["hold"]["reason"] == "5 purchases within 1 hour (the rule allows 3)"
    assert await events_about(env, outcomes[3][0]["id"]) == ["purchase.held"]
    # The App Store's consumables must be delivered: over the rule, still credited.
    apple = await buy_apple(env, "bo", apple_jws("bo", transactionId="t-over"))
    assert apple.status_code == 200, apple.text
    assert apple.json()["status"] == "fulfilled"
    assert await env.coins("bo") == 3 * 500 + 100
    await env.verify_ok()


async def test_release_credits_once_and_a_replayed_key_answers_the_same(env: Env) -> None:
    await env.user("rae")
    session = await held_one(env, "rae")
    before = await env.coins("rae")
    first = await decide(env, session["id"], "release", "r-1")
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["purchase"]["status"] == "fulfilled" and body["purchase"]["fulfilled_at"]
    assert (body["hold"]["decision"], body["hold"]["decision_reason"]) == \
        ("released", "checked with the buyer")
    assert body["hold"]["decided_by"] == "operator-1"
    assert await env.coins("rae") == before + 500
    replay = await decide(env, session["id"], "release", "r-1")
    assert replay.status_code == 200 and replay.json() == body
    other_key = await decide(env, session["id"], "release", "r-2")
    assert other_key.status_code == 200
    assert other_key.json()["hold"]["decided_at"] == body["hold"]["decided_at"]
    assert await env.coins("rae") == before + 500  # credited once
    declined = await decide(env, session["id"], "decline", "d-1")
    assert declined.status_code == 409, declined.text
    assert declined.json()["type"].endswith("purchase-not-held")
    assert (await decide(env, session["id"], "decline", "d-1")).status_code == 409  # stored
    assert await held_queue(env) == []
    assert [h["hold"]["decision"] for h in await held_queue(env, pending=False)] == \
        ["released"]
    assert await events_about(env, session["id"]) == \
        ["purchase.held", "purchase.released", "purchase.completed"]
    assert await audited(env, "rae") == [("purchase.hold_released", "checked with the buyer")]
    # A refund after the release claws back as for any credited purchase.
    refund = await deliver(env, charge_refunded(session, session["price_minor"],
                                                event_id="evt_r", intent="pi_3"))
    assert refund.json()["outcome"] == "clawed_back"
    assert await env.coins("rae") == before
    await env.verify_ok()


async def test_decline_never_credits(env: Env) -> None:
    await env.user("dee")
    session = await held_one(env, "dee")
    before = await env.coins("dee")
    no_reason = await env.client.post(
        f"/v1/admin/purchases/{session['id']}/decline", json={"reason": ""},
        headers={**env.auth_admin(), "Idempotency-Key": "d-0"})
    assert no_reason.status_code == 422
    no_key = await env.client.post(f"/v1/admin/purchases/{session['id']}/decline",
                                   json={"reason": "stolen card"}, headers=env.auth_admin())
    assert no_key.status_code in (400, 422), no_key.text
    buyer = await env.client.post(f"/v1/admin/purchases/{session['id']}/decline",
                                  json={"reason": "mine"},
                                  headers={**env.auth("dee"), "Idempotency-Key": "d-x"})
    assert buyer.status_code == 403
    declined = await decide(env, session["id"], "decline", "d-1", reason="stolen card")
    assert declined.status_code == 200, declined.text
    assert declined.json()["purchase"]["status"] == "declined"
    assert declined.json()["hold"]["decision"] == "declined"
    assert (await decide(env, session["id"], "decline", "d-1",
                         reason="stolen card")).json() == declined.json()
    release = await decide(env, session["id"], "release", "r-1")
    assert release.status_code == 409 and release.json()["type"].endswith("purchase-not-held")
    assert (await purchase(env, "dee", session["id"]))["status"] == "declined"
    # The operator refunds the payment at Stripe: its refund books nothing.
    refund = await deliver(env, charge_refunded(session, session["price_minor"],
                                                event_id="evt_r", intent="pi_3"))
    assert refund.json()["outcome"] == "not_fulfilled"
    assert await env.coins("dee") == before
    assert await events_about(env, session["id"]) == ["purchase.held", "purchase.declined"]
    assert await audited(env, "dee") == [("purchase.hold_declined", "stolen card")]
    unknown = await decide(env, "00000000-0000-7000-8000-000000000000", "release", "r-404")
    assert unknown.status_code == 404
    await env.verify_ok()


async def test_a_refund_of_a_held_purchase_ends_it_without_credit(env: Env) -> None:
    await env.user("ray")
    session = await held_one(env, "ray")
    before = await env.coins("ray")
    refund = await deliver(env, charge_refunded(session, session["price_minor"],
                                                event_id="evt_r", intent="pi_3"))
    assert refund.json()["outcome"] == "hold_ended"
    ended = await purchase(env, "ray", session["id"])
    assert (ended["status"], ended["coins_clawed_back"]) == ("declined", 0)
    assert await held_queue(env) == []
    hold = (await held_queue(env, pending=False))[0]["hold"]
    assert (hold["decision"], hold["decided_by"]) == ("refunded", "store:stripe")
    release = await decide(env, session["id"], "release", "r-1")
    assert release.status_code == 409
    assert await env.coins("ray") == before
    assert await events_about(env, session["id"]) == ["purchase.held", "purchase.declined"]
    await env.verify_ok()


async def test_the_window_lapses_with_the_clock(env: Env) -> None:
    await env.user("win")
    with use_clock(OffsetClock()) as clock:
        await held_one(env, "win")
        clock.advance(s=WINDOW_S - 60)
        assert (await pay(env, "win", 10))[1] == "held"  # still within the hour
        clock.advance(s=61)
        # The first four left the window; the one held a minute ago is still in it.
        assert [(await pay(env, "win", n))[1] for n in (11, 12, 13)] == \
            ["fulfilled", "fulfilled", "held"]
    assert await env.coins("win") == 5 * 500
    await env.verify_ok()


def purchase_row(*, coins: int, gross_minor: int, currency: str) -> Purchase:
    return Purchase(
        id=uuid.uuid4(), user_id="u", provider="stripe", channel="web", provider_ref="cs",
        payment_ref=None, product_id=f"web.{coins}", environment=None, country="US",
        currency=currency, package_coins=coins, quantity=1, coins=coins,
        gross_minor=gross_minor, store_fee_minor=0, tax_minor=0, net_minor=gross_minor,
        status="open", coins_clawed_back=0, gross_refunded_minor=0, fee_refunded_minor=0,
        tax_refunded_minor=0, net_refunded_minor=0, checkout_url=None, created_at_ms=0,
        fulfilled_at_ms=None, storefront=None, revenue_source="quoted", quoted_country="US",
        quoted_currency=currency, quoted_gross_minor=gross_minor, price_mismatch=False)


def test_coin_and_money_rules_name_what_they_count() -> None:
    policy = VelocityPolicy(window_s=86_400, purchases_max=0, coins_max=10_000,
                            amount_minor_max={"USD": 10_000})
    row = purchase_row(coins=5000, gross_minor=4999, currency="USD")
    assert breach_of(policy, (1, 5000, 4999), row) is None
    coins = breach_of(policy, (1, 5001, 0), row)
    assert coins is not None and (coins.rule, coins.reason) == (
        "coins", "10,001 coins bought within 1 day (the rule allows 10,000)")
    money = breach_of(policy, (1, 0, 5002), row)
    assert money is not None and (money.rule, money.reason) == (
        "amount", "USD 100.01 paid within 1 day (the rule allows USD 100.00)")
    # A currency the rule does not name has no money rule.
    euros = breach_of(policy, (1, 0, 10**9), purchase_row(coins=1, gross_minor=1,
                                                          currency="EUR"))
    assert euros is None


async def test_payments_at_once_cannot_both_slip_under_the_rule(env: Env) -> None:
    await env.user("duo")
    for n in range(PURCHASES_MAX - 1):
        assert (await pay(env, "duo", n))[1] == "fulfilled"
    sessions = []
    for n in (10, 11):
        opened = await checkout(env, "duo", key=f"k-{n}")
        assert opened.status_code == 200, opened.text
        sessions.append(opened.json())
    # Both payments arrive together: one is the last within the rule, the other is held.
    answers = await asyncio.gather(*[
        deliver(env, paid(s, event_id=f"evt_paid_{n}", intent=f"pi_{n}"))
        for n, s in zip((10, 11), sessions, strict=True)])
    assert sorted(a.json()["outcome"] for a in answers) == ["fulfilled", "held"]
    assert await env.coins("duo") == PURCHASES_MAX * 500
    await env.verify_ok()
