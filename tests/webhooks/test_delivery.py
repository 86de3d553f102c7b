"""Outgoing webhooks end to end: real flows (Stripe purchase and refund, LIVE gifts through the
gift writer, a PayPal withdrawal) reach a real HTTP receiver once per change, signed so the
`standardwebhooks` verifier accepts them, in order per subject; failing receivers are retried
with back-off and dead-lettered; a redelivery sends the same message again."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path
from typing import Any

from standardwebhooks.webhooks import Webhook

from fancoins.webhooks.catalog import catalog
from tests.payouts.conftest import ADULT_BIRTH_DATE, Env, item_event, make_creator, withdraw
from tests.payouts.test_refund_clawback import buy_coins, gift, go_live, refunded, stripe_webhook
from tests.support.api import make_user
from tests.support.webhook_receiver import Received, webhook_receiver
from tests.webhooks.helpers import admin, register, types_of, webhooks_env

SUCCEEDED = "PAYMENT.PAYOUTS-ITEM.SUCCEEDED"
ARRIVAL_TIMEOUT_S = 30.0
# After everything arrived, how long nothing more may arrive (a duplicate would).
QUIET_S = 1.0


def _verified(received: list[Received], secret: str) -> None:
    verifier = Webhook(secret)
    for request in received:
        payload = verifier.verify(request.body, request.headers)
        assert payload["id"] == request.id  # the envelope names its message


def _first(received: list[Received], event_type: str) -> int:
    return types_of(received).index(event_type)


async def test_flows_arrive_once_signed_and_in_order(database_url: str, tmp_path: Path
                                                     ) -> None:
    with webhook_receiver() as each, webhook_receiver() as batched:
        async with webhooks_env(database_url, tmp_path) as env:
            headers = await admin(env)
            every = [t for t in catalog() if t != "gift.batch"]
            one = await register(env, headers, each.url, every)
            other = await register(env, headers, batched.url,
                                   ["gift.batch", "stream.started", "stream.ended"])
            await make_creator(env, "cara")
            await make_user(env.app, "vic", birth_date=ADULT_BIRTH_DATE)
            purchase = await buy_coins(env, "vic", 2000)
            stream_id = await go_live(env, "cara")
            await gift(env, "vic", stream_id, "rose", 3)
            await gift(env, "vic", stream_id, "rose", 2)
            ended = await env.client.post(f"/v1/streams/{stream_id}/end",
                                          headers={**env.token("cara"),
                                                   "Idempotency-Key": "end-1"})
            assert ended.status_code == 200, ended.text
            await stripe_webhook(env, "charge.refunded", refunded(purchase))
            asked = await withdraw(env, 10_000)
            assert asked.status_code == 201, asked.text
            withdrawal = asked.json()
            await env.submit()
            assert (await item_event(env, withdrawal, SUCCEEDED)).json()["outcome"] == "paid"

            wanted = Counter({"purchase.completed": 1, "purchase.refunded": 1,
                              "stream.started": 1, "gift.sent": 2, "combo.ended": 1,
                              "stream.ended": 1, "withdrawal.requested": 1,
                              "withdrawal.paid": 1})
            got = await asyncio.to_thread(
                each.wait_for, lambda r: Counter(types_of(r)) >= wanted, ARRIVAL_TIMEOUT_S)
            await asyncio.to_thread(
                batched.wait_for, lambda r: "stream.ended" in types_of(r), ARRIVAL_TIMEOUT_S)
            await asyncio.sleep(QUIET_S)
            got, in_batches = each.snapshot(), batched.snapshot()

    # Once per change: every message once, no duplicate (the receiver always said 200).
    for received in (got, in_batches):
        ids = [r.id for r in received]
        assert len(ids) == len(set(ids))
    assert Counter(types_of(got)) == wanted
    _verified(got, one["secret"])
    _verified(in_batches, other["secret"])

    # Payloads: the versioned envelope, the change's own fields.
    gifts = [r.json for r in got if r.json["type"] == "gift.sent"]
    # Single gifts are not ordered among themselves (see the catalog): counted, not lined up.
    assert sorted(g["data"]["count"] for g in gifts) == [2, 3]
    assert all(g["version"] == 1 and g["subject"] == f"stream:{stream_id}" for g in gifts)
    paid = next(r.json for r in got if r.json["type"] == "withdrawal.paid")
    assert paid["data"]["withdrawal_id"] == withdrawal["id"]
    assert paid["data"]["status"] == "paid"

    # In order per subject.
    assert _first(got, "stream.started") < _first(got, "stream.ended")
    assert _first(got, "withdrawal.requested") < _first(got, "withdrawal.paid")
    assert _first(got, "purchase.completed") < _first(got, "purchase.refunded")
    refund = next(r.json for r in got if r.json["type"] == "purchase.refunded")
    assert refund["data"]["purchase_id"] == purchase["id"]
    assert refund["data"]["coins_changed"] == 2000 and refund["data"]["status"] == "refunded"
    kinds = types_of(in_batches)
    assert kinds[0] == "stream.started" and kinds[-1] == "stream.ended"
    assert set(kinds[1:-1]) == {"gift.batch"}
    # The batch form carries the same gifts, under the ids their single messages had.
    batched_gifts = [g for r in in_batches if r.json["type"] == "gift.batch"
                     for g in r.json["data"]["gifts"]]
    assert {g["event_id"] for g in batched_gifts} == {g["id"] for g in gifts}
    assert [g["gift"]["count"] for g in batched_gifts] == [3, 2]  # batches keep commit order
    assert sum(r.json["data"]["coins"] for r in in_batches
               if r.json["type"] == "gift.batch") == 5


async def _delivery_log(env: Env, headers: dict[str, str], endpoint_id: str
                        ) -> list[dict[str, Any]]:
    answer = await env.client.get(f"/v1/admin/webhooks/endpoints/{endpoint_id}/deliveries",
                                  headers=headers)
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


async def _settled(env: Env, headers: dict[str, str], endpoint_id: str, state: str
                   ) -> dict[str, Any]:
    deadline = time.monotonic() + ARRIVAL_TIMEOUT_S
    while True:
        log = await _delivery_log(env, headers, endpoint_id)
        if log and log[0]["state"] == state:
            return log[0]
        assert time.monotonic() < deadline, log
        await asyncio.sleep(0.05)


RETRY_INITIAL_S = 0.2
DEAD_TIMEOUT_S = 40.0
# The receiver's "no answer" attempt lasts this long. On one loaded core the receiver's 200
# took longer than 0.5 s, the redelivery was counted as unanswered and sent again (a fifth
# request); a duplicate the engine makes of an answered delivery still fails the count.
TIMEOUT_S = 2.0


async def test_failing_receiver_is_retried_with_back_off_then_dead_lettered_then_redelivered(
        database_url: str, tmp_path: Path) -> None:
    # 500, no answer in time, 500: three attempts, then the dead letter; then it recovers.
    answers: list[int | None] = [500, None, 500]

    def behaviour(index: int) -> int | None:
        return answers[index] if index < len(answers) else 200

    with webhook_receiver(behaviour) as receiver:
        async with webhooks_env(database_url, tmp_path, webhooks__attempts_max=3,
                                webhooks__retry_initial_s=RETRY_INITIAL_S,
                                webhooks__timeout_s=TIMEOUT_S) as env:
            headers = await admin(env)
            endpoint = await register(env, headers, receiver.url, ["stream.started"])
            endpoint_id = endpoint["endpoint"]["id"]
            await make_user(env.app, "cara", is_creator=True, birth_date=ADULT_BIRTH_DATE)
            stream_id = await go_live(env, "cara")
            dead = await _settled(env, headers, endpoint_id, "dead")
            assert dead["attempts"] == 3 and dead["last_status"] == 500

            detail = (await env.client.get(f"/v1/admin/webhooks/deliveries/{dead['id']}",
                                           headers=headers)).json()
            attempts = detail["attempts"]
            assert [a["status_code"] for a in attempts] == [500, None, 500]
            assert attempts[0]["response_snippet"] == "receiver says no"
            assert "no answer within" in attempts[1]["error"]
            assert attempts[1]["latency_ms"] >= TIMEOUT_S * 1000 * 0.9
            assert detail["message"]["body"]["data"]["stream_id"] == stream_id

            # Back-off: each wait at least half the doubling delay (equal jitter).
            sent = receiver.snapshot()
            assert len(sent) == 3 and len({r.id for r in sent}) == 1  # one webhook-id
            first_wait = sent[1].at - sent[0].at
            second_wait = sent[2].at - sent[1].at - TIMEOUT_S
            assert first_wait >= RETRY_INITIAL_S / 2
            assert second_wait >= RETRY_INITIAL_S * 2 / 2 * 0.9

            counts = (await env.client.get("/v1/admin/webhooks/endpoints", headers=headers)
                      ).json()["items"][0]["deliveries"]
            assert counts["dead"] == 1
            # Manual redelivery: the same message, from a first attempt.
            redeliver = (f"/v1/admin/webhooks/deliveries/{dead['id']}/redeliver",
                         {**headers, "Idempotency-Key": "redeliver-1"})
            again = await env.client.post(redeliver[0], headers=redeliver[1])
            assert again.status_code == 200 and again.json()["state"] == "pending"
            delivered = await _settled(env, headers, endpoint_id, "delivered")
            assert delivered["id"] == dead["id"]
            # The operator's retry of that click answers the same and queues nothing again.
            retried = await env.client.post(redeliver[0], headers=redeliver[1])
            assert retried.status_code == 200 and retried.json() == again.json()
            assert (await _delivery_log(env, headers, endpoint_id))[0]["state"] == "delivered"
        final = receiver.snapshot()
        assert len(final) == 4 and final[3].id == sent[0].id
        Webhook(endpoint["secret"]).verify(final[3].body, final[3].headers)


async def test_a_dead_endpoint_never_holds_up_a_live_one(database_url: str, tmp_path: Path
                                                         ) -> None:
    with webhook_receiver(lambda _: None) as dead, webhook_receiver() as live:
        # The dead endpoint holds its send this long; the live one must not wait for it.
        async with webhooks_env(database_url, tmp_path,
                                webhooks__timeout_s=DEAD_TIMEOUT_S) as env:
            headers = await admin(env)
            await register(env, headers, dead.url, ["stream.started"])
            await register(env, headers, live.url, ["stream.started"])
            await make_user(env.app, "cara", is_creator=True, birth_date=ADULT_BIRTH_DATE)
            started = time.monotonic()
            await go_live(env, "cara")
            await asyncio.to_thread(live.wait_for, lambda r: len(r) == 1, ARRIVAL_TIMEOUT_S)
            assert time.monotonic() - started < DEAD_TIMEOUT_S / 2  # not after the dead one
            assert len(dead.snapshot()) == 1



async def test_a_retried_rotation_answers_the_same_secret_and_the_old_one_still_signs(
    database_url: str, tmp_path: Path,
) -> None:
    with webhook_receiver() as receiver:
        async with webhooks_env(database_url, tmp_path) as env:
            headers = await admin(env)
            endpoint = await register(env, headers, receiver.url, ["stream.started"])
            rotate = (f"/v1/admin/webhooks/endpoints/{endpoint['endpoint']['id']}/rotate-secret",
                      {**headers, "Idempotency-Key": "rotate-1"})
            first = await env.client.post(rotate[0], headers=rotate[1])
            retried = await env.client.post(rotate[0], headers=rotate[1])
            assert first.status_code == retried.status_code == 200, retried.text
            assert retried.json()["secret"] == first.json()["secret"] != endpoint["secret"]
            unkeyed = await env.client.post(rotate[0], headers=headers)
            assert unkeyed.status_code == 422  # a rotation always names its retry key
            await make_user(env.app, "cara", is_creator=True, birth_date=ADULT_BIRTH_DATE)
            await go_live(env, "cara")
            await asyncio.to_thread(receiver.wait_for, lambda r: len(r) == 1, ARRIVAL_TIMEOUT_S)
    # One rotation happened: the message is signed with the new secret and, during the
    # overlap, with the one the receiver had (a second rotation would have ended that one).
    _verified(receiver.snapshot(), first.json()["secret"])
    _verified(receiver.snapshot(), endpoint["secret"])
