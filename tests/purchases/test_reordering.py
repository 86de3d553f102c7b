"""Store events in any order end in the same books.

Every ordered pair of store events about one purchase — purchase, refund, revoke, reversal
(Apple); purchase, refund, dispute opened, dispute won, dispute lost (Stripe) — is delivered
through the real endpoints as the stores send them (Apple JWS signed with the test chain,
Stripe payloads signed with Stripe's own helper), with the purchase itself first, last, or
inside the pair. The final coins, diamonds, purchase status and money legs are what the set of
events calls for, whatever the order, and the ledger verifies. Each buyer had already gifted
coins before: no claw-back of coins still in the wallet may take diamonds from the creator.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fancoins.ledger import chart
from tests.purchases.conftest import Env
from tests.purchases.helpers import (
    apple_jws,
    apple_notify,
    buy_apple,
    charge_refunded,
    checkout,
    deliver,
    dispute,
    paid,
)
from tests.support import apple_keys

APPLE_KINDS = ("purchase", "refund", "revoke", "reversal")
STRIPE_KINDS = ("purchase", "refund", "dispute_opened", "dispute_won", "dispute_lost")
GIFT_COINS = 100  # each buyer gifts this much (granted coins) before its scenario


@dataclass(frozen=True)
class Scenario:
    provider: str
    order: tuple[str, ...]

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self.order)


def scenarios(provider: str, kinds: Sequence[str]) -> list[Scenario]:
    """Each ordered pair; a pair without the purchase also with it first and with it last."""
    found = []
    for pair in itertools.permutations(kinds, 2):
        if "purchase" in pair:
            found.append(Scenario(provider, pair))
        else:
            found.append(Scenario(provider, ("purchase", *pair)))
            found.append(Scenario(provider, (*pair, "purchase")))
    return found


def apple_expected(kinds: frozenset[str]) -> tuple[bool, str]:
    """(clawed back, status) for a set of Apple events."""
    claimed = bool(kinds & {"refund", "revoke"})
    if claimed and "reversal" in kinds:
        return False, "reversed"
    return (True, "refunded") if claimed else (False, "fulfilled")


def stripe_expected(kinds: frozenset[str]) -> tuple[bool, str]:
    dispute_claimed = bool(kinds & {"dispute_opened", "dispute_lost"})
    dispute_in_force = dispute_claimed and "dispute_won" not in kinds
    if "refund" in kinds or dispute_in_force:
        return True, "refunded"
    return (False, "reversed") if dispute_claimed else (False, "fulfilled")


async def gift_granted_coins(env: Env, user_id: str, stream_id: str) -> None:
    granted = await env.client.post("/v1/admin/adjustments", json={
        "user_id": user_id, "amount_coins": GIFT_COINS, "reason": "welcome"},
        headers={**env.auth_admin(), "Idempotency-Key": f"grant-{user_id}"})
    assert granted.status_code == 201, granted.text
    sent = await env.client.post("/v1/gifts/send", json={
        "gift_id": "rainbow_puke", "count": GIFT_COINS // 100, "stream_id": stream_id},
        headers={**env.auth(user_id), "Idempotency-Key": f"g-{user_id}"})
    assert sent.status_code == 201, sent.text


async def go_live(env: Env, creator: str) -> str:
    await env.user(creator, is_creator=True)
    stream = await env.client.post("/v1/streams", json={"title": "live"}, headers={
        **env.auth(creator), "Idempotency-Key": f"s-{uuid.uuid4()}"})
    assert stream.status_code == 201, stream.text
    stream_id: str = stream.json()["id"]
    return stream_id


def apple_events(env: Env, user_id: str, transaction_id: str
                 ) -> dict[str, Callable[[], Any]]:
    original = apple_jws(user_id, transactionId=transaction_id)
    revoked = apple_jws(user_id, transactionId=transaction_id,
                        revocationDate=apple_keys.now_ms(), revocationReason=0)
    return {
        "purchase": lambda: buy_apple(env, user_id, original),
        "refund": lambda: apple_notify(env, "REFUND", revoked),
        "revoke": lambda: apple_notify(env, "REVOKE", revoked),
        "reversal": lambda: apple_notify(env, "REFUND_REVERSED", revoked),
    }


def stripe_events(env: Env, session: dict[str, Any], index: int
                  ) -> dict[str, Callable[[], Any]]:
    intent, dispute_id = f"pi_{index}", f"dp_{index}"

    def closed(status: str, name: str) -> Callable[[], Any]:
        return lambda: deliver(env, dispute(
            "charge.dispute.closed", session, event_id=f"evt_{name}_{index}", status=status,
            intent=intent, dispute_id=dispute_id))

    return {
        "purchase": lambda: deliver(env, paid(session, event_id=f"evt_paid_{index}",
                                              intent=intent)),
        "refund": lambda: deliver(env, charge_refunded(
            session, session["price_minor"], event_id=f"evt_refund_{index}", intent=intent)),
        "dispute_opened": lambda: deliver(env, dispute(
            "charge.dispute.created", session, event_id=f"evt_opened_{index}", intent=intent,
            dispute_id=dispute_id)),
        "dispute_won": closed("won", "won"),
        "dispute_lost": closed("lost", "lost"),
    }


async def run_all(env: Env, provider: str, cases: list[Scenario]) -> list[str]:
    """Deliver every scenario; the first mismatch of each is returned (empty: all right)."""
    stream_id = await go_live(env, f"cara-{provider}")
    problems: list[str] = []
    for index, case in enumerate(cases):
        user_id = f"{provider}-{index}"
        await env.user(user_id)
        await gift_granted_coins(env, user_id, stream_id)
        if provider == "apple":
            events = apple_events(env, user_id, f"t-order-{index}")
            coins, expected = 100, apple_expected(case.kinds)
        else:
            opened = await checkout(env, user_id, key=f"order-{index}")
            assert opened.status_code == 200, opened.text
            session = opened.json()
            events = stripe_events(env, session, index)
            coins, expected = 500, stripe_expected(case.kinds)
        purchase_id = None
        for kind in case.order:
            answer = await events[kind]()
            assert answer.status_code == 200, (case, kind, answer.text)
            if kind == "purchase" and provider == "apple":
                purchase_id = answer.json()["id"]
        purchase_id = purchase_id or session["id"]
        clawed, status = expected
        seen = await env.client.get(f"/v1/purchases/{purchase_id}", headers=env.auth(user_id))
        got = (await env.coins(user_id), seen.json()["status"])
        want = (0 if clawed else coins, status)
        if got != want:
            problems.append(f"{case.order}: got {got}, want {want}")
    return problems


async def test_apple_events_in_every_order(env: Env) -> None:
    cases = scenarios("apple", APPLE_KINDS)
    assert await run_all(env, "apple", cases) == []
    kept = sum(1 for c in cases if not apple_expected(c.kinds)[0])
    # Two purchases a buyer kept, one each clawed back: $1.29 each, Apple's 30% is 39.
    assert [await env.balance(a) for a in (
        chart.store_receivable("ios", "USD"), chart.store_fees("USD"), chart.revenue("USD"),
    )] == [-129 * kept, 39 * kept, 90 * kept]
    assert await env.balance(chart.user_diamonds("cara-apple")) == GIFT_COINS * len(cases)
    await env.verify_ok()


async def test_stripe_events_in_every_order(env: Env) -> None:
    cases = scenarios("stripe", STRIPE_KINDS)
    assert await run_all(env, "stripe", cases) == []
    clawed = sum(1 for c in cases if stripe_expected(c.kinds)[0])
    kept = len(cases) - clawed
    # $4.99 each: the processor's 44 stays on a refund or lost dispute, revenue bears it.
    assert [await env.balance(a) for a in (
        chart.store_receivable("web", "USD"), chart.store_fees("USD"), chart.revenue("USD"),
    )] == [-499 * kept, 44 * len(cases), 455 * kept - 44 * clawed]
    assert await env.balance(chart.user_diamonds("cara-stripe")) == GIFT_COINS * len(cases)
    await env.verify_ok()
