"""Refund abuse through signed store payloads: enough refunds or chargebacks within the window
(the default: 3 in 30 days) block buying for 30 days, each refund counted once; the user
sees why and until when, the operator lifts it (audited), and it lapses at its expiry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from fancoins.db.tables.identity import audit_log
from fancoins.kit.clock import MS_PER_DAY, OffsetClock, now_ms, use_clock
from fancoins.purchases.service import store_account_token
from tests.purchases.conftest import Env
from tests.purchases.helpers import apple_jws, apple_notify, buy_apple, checkout, deliver, paid
from tests.support import apple_keys, stripe_fake

REASON = "3 refunds or chargebacks of purchases within 30 days"
BLOCK_DAYS = 30


def refunded(session: dict[str, Any], refunded_minor: int, *, event_id: str,
             intent: str) -> dict[str, Any]:
    return stripe_fake.event("charge.refunded", {
        "id": f"ch_{intent}", "object": "charge", "amount": session["price_minor"],
        "amount_refunded": refunded_minor, "currency": session["currency"].lower(),
        "payment_intent": intent, "metadata": {"purchase_id": session["id"]},
    }, event_id=event_id)


def disputed(session: dict[str, Any], *, event_id: str, intent: str) -> dict[str, Any]:
    return stripe_fake.event("charge.dispute.created", {
        "id": f"dp_{intent}", "object": "dispute", "amount": session["price_minor"],
        "currency": session["currency"].lower(), "charge": f"ch_{intent}",
        "status": "needs_response", "payment_intent": intent,
    }, event_id=event_id)


async def bought_on_web(env: Env, user_id: str, n: int) -> dict[str, Any]:
    """A paid web checkout whose payment intent is `pi_<n>`."""
    opened = await checkout(env, user_id, key=f"k-{n}")
    assert opened.status_code == 200, opened.text
    session: dict[str, Any] = opened.json()
    done = await deliver(env, paid(session, event_id=f"evt_paid_{n}", intent=f"pi_{n}"))
    assert done.json()["outcome"] == "fulfilled", done.text
    return session


async def outcome(env: Env, event: dict[str, Any]) -> str:
    response = await deliver(env, event)
    assert response.status_code == 200, response.text
    return str(response.json()["outcome"])


async def status(env: Env, user_id: str) -> dict[str, Any]:
    response = await env.client.get("/v1/me/status", headers=env.auth(user_id))
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def restrictions(env: Env, user_id: str) -> list[dict[str, Any]]:
    response = await env.client.get(f"/v1/admin/users/{user_id}/restrictions",
                                    headers=env.auth_admin())
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


async def audited(env: Env, user_id: str) -> list[tuple[str, str]]:
    async with env.app.state.container.engine.connect() as connection:
        rows = await connection.execute(
            select(audit_log.c.actor, audit_log.c.action)
            .where(audit_log.c.target == f"user:{user_id}",
                   audit_log.c.action.like("user.%"))
            .order_by(audit_log.c.created_at_ms))
    return [(str(r[0]), str(r[1])) for r in rows]


def until_ms(iso_text: str) -> int:
    return int(dt.datetime.fromisoformat(iso_text).timestamp() * 1000)


async def test_three_refunds_block_buying_until_the_operator_lifts_it(env: Env) -> None:
    await env.user("rita")
    first, second, third = [await bought_on_web(env, "rita", n) for n in (1, 2, 3)]
    assert await outcome(env, refunded(first, first["price_minor"], event_id="evt_r1",
                                       intent="pi_1")) == "clawed_back"
    # Stripe sending the same refund again (a new event id) does not count it twice.
    assert await outcome(env, refunded(first, first["price_minor"], event_id="evt_r1_again",
                                       intent="pi_1")) == "nothing_to_claw_back"
    assert await outcome(env, disputed(second, event_id="evt_dp2",
                                       intent="pi_2")) == "clawed_back"
    # Two so far: buying still works.
    assert (await checkout(env, "rita", key="k-two")).status_code == 200
    assert (await status(env, "rita"))["ok"] is True
    # A partial refund is a refund: the third blocks buying.
    before_ms = now_ms()
    assert await outcome(env, refunded(third, third["price_minor"] // 2, event_id="evt_r3",
                                       intent="pi_3")) == "clawed_back"
    refused = await checkout(env, "rita", key="k-blocked")
    assert refused.status_code == 403, refused.text
    problem = refused.json()
    assert problem["type"].endswith("account-frozen")
    assert problem["scope"] == "buying" and problem["reason"] == REASON
    assert REASON in problem["detail"]
    # The store channels are refused as well.
    apple = await buy_apple(env, "rita", apple_jws("rita", transactionId="t-blocked"))
    assert apple.status_code == 403 and apple.json()["scope"] == "buying"
    entries = (await status(env, "rita"))["restrictions"]
    assert [(e["kind"], e["scope"], e["reason"]) for e in entries] == [
        ("banned", "buying", REASON)]
    blocked_until = until_ms(entries[0]["until"])
    assert before_ms + BLOCK_DAYS * MS_PER_DAY <= blocked_until
    assert blocked_until <= now_ms() + BLOCK_DAYS * MS_PER_DAY
    # The user's read, and the operator's view of the user, say why and until when.
    for headers in (env.auth("rita"), env.auth_admin()):
        user = await env.client.get("/v1/users/rita", headers=headers)
        assert user.status_code == 200, user.text
        assert user.json()["frozen"] is False
        assert user.json()["restrictions"] == [{"kind": "banned", "scope": "buying",
                                                "reason": REASON, "until": entries[0]["until"]}]
    # The rest of the third refund is the same refund: no second block.
    assert await outcome(env, refunded(third, third["price_minor"], event_id="evt_r3_rest",
                                       intent="pi_3")) == "clawed_back"
    [block] = await restrictions(env, "rita")
    assert block["source"] == "refund_abuse" and block["state"] == "in_force"
    assert block["created_by"] == "system:refund-abuse"
    # The operator lifts it like any other restriction.
    lifted = await env.client.post(
        f"/v1/admin/users/rita/restrictions/{block['id']}/lift", headers=env.auth_admin(),
        json={"reason": "refunds were the store's billing error"})
    assert lifted.status_code == 200 and lifted.json()["state"] == "lifted"
    assert (await checkout(env, "rita", key="k-after")).status_code == 200
    assert (await status(env, "rita"))["ok"] is True
    assert (await env.client.get("/v1/users/rita", headers=env.auth_admin())
            ).json()["restrictions"] == []
    assert await audited(env, "rita") == [("system:refund-abuse", "user.restricted"),
                                          ("operator-1", "user.unrestricted")]
    await env.verify_ok()


async def test_a_reversal_is_not_counted_and_the_block_lapses(env: Env) -> None:
    await env.user("remy")
    tokens = store_account_token("remy")
    for n in (1, 2):
        bought = await buy_apple(env, "remy", apple_jws("remy", transactionId=f"t-{n}"))
        assert bought.status_code == 200, bought.text
    revoked_1 = apple_keys.sign_transaction(apple_keys.transaction_payload(
        transactionId="t-1", appAccountToken=tokens, revocationDate=apple_keys.now_ms(),
        revocationReason=0))
    assert (await apple_notify(env, "REFUND", revoked_1)).json()["outcome"] == "clawed_back"
    # Apple reverses the refund: the reversal is not another refund.
    reversed_1 = apple_keys.sign_transaction(apple_keys.transaction_payload(
        transactionId="t-1", appAccountToken=tokens))
    assert (await apple_notify(env, "REFUND_REVERSED", reversed_1)).json()["outcome"] \
        == "restored"
    revoked_2 = apple_keys.sign_transaction(apple_keys.transaction_payload(
        transactionId="t-2", appAccountToken=tokens, revocationDate=apple_keys.now_ms(),
        revocationReason=0))
    assert (await apple_notify(env, "REFUND", revoked_2)).json()["outcome"] == "clawed_back"
    assert (await status(env, "remy"))["ok"] is True
    # A third refund, on the web: buying is blocked.
    session = await bought_on_web(env, "remy", 3)
    assert await outcome(env, refunded(session, session["price_minor"], event_id="evt_r3",
                                       intent="pi_3")) == "clawed_back"
    assert (await checkout(env, "remy", key="k-blocked")).status_code == 403
    # 30 days later the block has lapsed, whoever reads it.
    with use_clock(OffsetClock()) as clock:
        clock.advance(s=BLOCK_DAYS * 86_400 + 1)
        assert (await status(env, "remy"))["ok"] is True
        assert (await checkout(env, "remy", key="k-later")).status_code == 200
        [block] = await restrictions(env, "remy")
        assert block["state"] == "expired" and block["reason"] == REASON
