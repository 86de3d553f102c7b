"""The operator's list of store claims (refunds, revocations, chargebacks and their reversals):
newest first in cursor pages, filtered by kind and state, each with its purchase, its buyer
and what it did to the books; bad input is a problem, and only operators may read it."""

from __future__ import annotations

from typing import Any

from tests.purchases.conftest import Env
from tests.purchases.helpers import (
    apple_jws,
    apple_notify,
    buy_apple,
    checkout,
    deliver,
    dispute,
    paid,
)
from tests.purchases.test_refund_abuse import bought_on_web, outcome, refunded, restrictions
from tests.purchases.test_store_events import gift_all
from tests.support import apple_keys

CLAIMS = "/v1/admin/purchases/claims"


async def listed(env: Env, **params: Any) -> dict[str, Any]:
    answer = await env.client.get(CLAIMS, params=params, headers=env.auth_admin())
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def assert_problem(answer: Any, status: int, slug: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["type"] == f"urn:fancoins:problem:{slug}"


async def test_claims_newest_first_with_what_each_did(env: Env) -> None:
    await env.user("ann")
    await env.user("cara", is_creator=True)
    await env.user("web")
    # 1. An Apple refund of 100 coins already gifted: coins and the creator's diamonds back.
    bought = await buy_apple(env, "ann", apple_jws("ann", transactionId="t-gift"))
    assert bought.status_code == 200, bought.text
    await gift_all(env, "ann", "cara", 100)
    revoked = apple_jws("ann", transactionId="t-gift", revocationDate=apple_keys.now_ms(),
                        revocationReason=0)
    assert (await apple_notify(env, "REFUND", revoked)).json()["outcome"] == "clawed_back"
    # 2. A refund of a purchase never seen: recorded, waiting for it.
    early = apple_jws("ann", transactionId="t-early", revocationDate=apple_keys.now_ms(),
                      revocationReason=0)
    assert (await apple_notify(env, "REFUND", early)).json()["outcome"] == "unknown_purchase"
    # 3. A chargeback on the web, then won: clawed back, then restored.
    session = (await checkout(env, "web")).json()
    assert (await deliver(env, paid(session))).json()["outcome"] == "fulfilled"
    assert (await deliver(env, dispute("charge.dispute.created", session,
                                       event_id="evt_d1"))).json()["outcome"] == "clawed_back"
    assert (await deliver(env, dispute("charge.dispute.closed", session, event_id="evt_d2",
                                       status="won"))).json()["outcome"] == "restored"

    page = await listed(env)
    assert page["next_cursor"] is None
    won, waiting, refund = page["items"]
    assert (won["provider"], won["kind"], won["state"], won["user_id"]) == (
        "stripe", "dispute", "reversed", "web")
    assert won["purchase"]["id"] == session["id"]
    assert won["purchase"]["status"] == "reversed"
    assert won["effects"] == {
        "coins_clawed_back": 500, "coins_restored": 500, "gross_refunded_minor": 499,
        "gross_restored_minor": 499, "diamonds_clawed_back": 0, "counted": True,
        "restriction_id": None}
    assert (waiting["provider"], waiting["kind"], waiting["state"]) == (
        "apple", "revocation", "pending")
    assert waiting["purchase"] is None and waiting["user_id"] is None
    assert waiting["purchase_ref"] == "t-early"
    assert waiting["effects"]["coins_clawed_back"] == 0
    assert waiting["effects"]["counted"] is False
    assert (refund["kind"], refund["state"], refund["user_id"]) == (
        "revocation", "applied", "ann")
    assert refund["purchase"]["id"] == bought.json()["id"]
    assert refund["effects"] == {
        "coins_clawed_back": 100, "coins_restored": 0, "gross_refunded_minor": 129,
        "gross_restored_minor": 0, "diamonds_clawed_back": 100, "counted": True,
        "restriction_id": None}

    # Filters, alone and together.
    assert [c["id"] for c in (await listed(env, kind="dispute"))["items"]] == [won["id"]]
    assert [c["id"] for c in (await listed(env, state="pending"))["items"]] == [waiting["id"]]
    assert [c["id"] for c in (await listed(env, kind="revocation", state="applied"))["items"]
            ] == [refund["id"]]
    assert (await listed(env, kind="void"))["items"] == []

    # Cursor pages walk the same list, one claim at a time.
    seen, cursor = [], None
    for _ in range(4):
        params: dict[str, Any] = {"limit": 1}
        if cursor:
            params["cursor"] = cursor
        one = await listed(env, **params)
        seen += [c["id"] for c in one["items"]]
        cursor = one["next_cursor"]
        if cursor is None:
            break
    assert seen == [won["id"], waiting["id"], refund["id"]]
    await env.verify_ok()


async def test_the_buying_block_a_claim_placed_is_named(env: Env) -> None:
    await env.user("rita")
    sessions = [await bought_on_web(env, "rita", n) for n in (1, 2, 3)]
    for n, session in enumerate(sessions, start=1):
        assert await outcome(env, refunded(session, session["price_minor"],
                                           event_id=f"evt_r{n}", intent=f"pi_{n}")
                             ) == "clawed_back"
    [block] = await restrictions(env, "rita")
    third, second, first = (await listed(env, kind="refund"))["items"]
    assert [c["purchase"]["id"] for c in (third, second, first)] == [
        s["id"] for s in reversed(sessions)]
    assert third["effects"]["restriction_id"] == block["id"]
    assert second["effects"]["restriction_id"] is None
    assert first["effects"]["restriction_id"] is None
    assert all(c["effects"]["counted"] for c in (third, second, first))


async def test_bad_input_is_a_problem_and_only_operators_read_it(env: Env) -> None:
    await env.user("ann")
    for params in ({"kind": "bogus"}, {"state": "done"}, {"limit": 0}):
        assert_problem(await env.client.get(CLAIMS, params=params, headers=env.auth_admin()),
                       422, "validation-error")
    for cursor in ("garbage!", "WzEsIm5vdC1hLXV1aWQiXQ", "WyJ4IiwieSJd"):
        assert_problem(await env.client.get(CLAIMS, params={"cursor": cursor},
                                            headers=env.auth_admin()), 400, "cursor-invalid")
    refused = await env.client.get(CLAIMS, headers=env.auth("ann"))
    assert refused.status_code == 403, refused.text
    assert (await env.client.get(CLAIMS)).status_code == 401
