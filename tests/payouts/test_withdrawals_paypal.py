"""Withdrawals through PayPal: our real client against the local fake over HTTP, webhooks
signed with the test certificate and verified by the real verifier."""

from __future__ import annotations

from typing import Any

from fancoins.ledger import chart
from fancoins.payouts.tasks import submit_due
from tests.payouts.conftest import (
    PAYPAL_EMAIL,
    Env,
    item_event,
    item_resource,
    send_webhook,
    withdraw,
)
from tests.payouts.conftest import make_creator as creator
from tests.support import paypal_fake

SUCCEEDED = "PAYMENT.PAYOUTS-ITEM.SUCCEEDED"
FAILED = "PAYMENT.PAYOUTS-ITEM.FAILED"
RETURNED = "PAYMENT.PAYOUTS-ITEM.RETURNED"
AMOUNT_MINOR = 10_000  # $100.00, the minimum
DIAMONDS = 20_000  # $100.00 at $0.005 a diamond


async def requested(env: Env, amount_minor: int = AMOUNT_MINOR) -> dict[str, Any]:
    answer = await withdraw(env, amount_minor)
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def status_of(env: Env, withdrawal: dict[str, Any]) -> str:
    answer = await env.client.get(f"/v1/withdrawals/{withdrawal['id']}",
                                  headers=env.token("cara"))
    assert answer.status_code == 200, answer.text
    status: str = answer.json()["status"]
    return status


async def diamonds(env: Env) -> tuple[int, int]:
    """The creator's (posted balance, pending debits)."""
    account = await env.account(chart.user_diamonds("cara"))
    return account["balance"], account["debits_pending"]


async def test_success_posts_diamonds_and_cash(env: Env) -> None:
    await creator(env)
    withdrawal = await requested(env)
    assert withdrawal["status"] == "requested"
    assert withdrawal["diamonds"] == DIAMONDS
    assert withdrawal["sender_batch_id"].endswith(withdrawal["id"].replace("-", ""))
    assert await diamonds(env) == (100_000, DIAMONDS)  # held, not yet gone

    report = await env.submit()
    assert [str(i) for i in report.submitted] == [withdrawal["id"]]
    assert await status_of(env, withdrawal) == "submitted"
    (batch,) = env.paypal.batches.values()
    item = batch["items"][0]["payout_item"]
    assert item["receiver"] == PAYPAL_EMAIL
    assert item["amount"] == {"value": "100.00", "currency": "USD"}
    assert batch["batch_header"]["sender_batch_header"]["sender_batch_id"] == (
        withdrawal["sender_batch_id"])

    answer = await item_event(env, withdrawal, SUCCEEDED)
    assert answer.status_code == 200, answer.text
    assert answer.json()["outcome"] == "paid"
    assert await status_of(env, withdrawal) == "paid"
    assert await diamonds(env) == (100_000 - DIAMONDS, 0)
    assert (await env.account(chart.DIAMONDS_REDEEMED))["credits_posted"] == DIAMONDS
    assert (await env.account(chart.payouts("USD")))["credits_posted"] == AMOUNT_MINOR
    assert (await env.account(chart.revenue("USD")))["debits_posted"] == AMOUNT_MINOR


async def test_failure_gives_the_diamonds_back(env: Env) -> None:
    await creator(env)
    withdrawal = await requested(env)
    await env.submit()
    answer = await item_event(env, withdrawal, FAILED)
    assert answer.json()["outcome"] == "failed"
    assert await status_of(env, withdrawal) == "failed"
    assert await diamonds(env) == (100_000, 0)
    assert (await env.account(chart.payouts("USD")))["credits_posted"] == 0
    # A success arriving after the failure cannot resurrect it.
    late = await item_event(env, withdrawal, SUCCEEDED)
    assert late.json()["outcome"] == "ignored"
    assert await diamonds(env) == (100_000, 0)


async def test_return_after_success_recredits_the_creator(env: Env) -> None:
    await creator(env)
    withdrawal = await requested(env)
    await env.submit()
    await item_event(env, withdrawal, SUCCEEDED)
    assert await diamonds(env) == (100_000 - DIAMONDS, 0)

    answer = await item_event(env, withdrawal, RETURNED)
    assert answer.json()["outcome"] == "reversed"
    assert await status_of(env, withdrawal) == "reversed"
    assert await diamonds(env) == (100_000, 0)
    payouts_account = await env.account(chart.payouts("USD"))
    assert payouts_account["credits_posted"] == AMOUNT_MINOR  # history kept...
    assert payouts_account["balance"] == 0  # ...and undone by a new transfer
    transfers = (await env.client.get(
        f"/v1/accounts/{chart.user_diamonds('cara')}/transfers",
        headers=env.token("ops", "admin"))).json()["items"]
    assert [t["code"] for t in transfers][:3] == [
        "withdrawal_reversed", "withdrawal_paid", "withdrawal_hold"]


async def test_duplicate_webhook_changes_nothing_twice(env: Env) -> None:
    await creator(env)
    withdrawal = await requested(env)
    await env.submit()
    first = await item_event(env, withdrawal, SUCCEEDED, event_id="WH-DUPLICATE-1")
    again = await item_event(env, withdrawal, SUCCEEDED, event_id="WH-DUPLICATE-1")
    assert first.json()["outcome"] == "paid"
    assert again.status_code == 200
    assert again.json()["outcome"] == "duplicate"
    # The same news under a new event id is recognised by the state machine.
    other = await item_event(env, withdrawal, SUCCEEDED)
    assert other.json()["outcome"] == "ignored"
    assert await diamonds(env) == (100_000 - DIAMONDS, 0)
    assert (await env.account(chart.payouts("USD")))["credits_posted"] == AMOUNT_MINOR


async def test_forged_webhooks_are_refused_and_change_nothing(env: Env) -> None:
    await creator(env)
    withdrawal = await requested(env)
    await env.submit()
    batch_id = env.paypal.by_sender_batch_id[withdrawal["sender_batch_id"]]
    event = paypal_fake.payout_event(
        SUCCEEDED, item_resource(withdrawal, batch_id, "SUCCESS"), event_id="WH-FORGED-1")
    # Signed by a look-alike key the real certificate does not carry.
    forged = await send_webhook(env, event, signing_key=paypal_fake.untrusted_pki().leaf_key)
    # A genuine signature over another body, with this body swapped in.
    headers, _ = paypal_fake.signed_webhook({**event, "id": "WH-OTHER"})
    tampered = await env.client.post("/v1/webhooks/paypal", headers=headers,
                                     content=paypal_fake.signed_webhook(event)[1])
    # Signed for another webhook id (another PayPal app's events replayed at us).
    foreign = await send_webhook(env, event, webhook_id="WH-SOMEONE-ELSE")
    for answer in (forged, tampered, foreign):
        assert answer.status_code == 400, answer.text
        assert answer.json()["type"].endswith(":webhook-signature-invalid")
    assert await status_of(env, withdrawal) == "submitted"
    assert await diamonds(env) == (100_000, DIAMONDS)
    # The genuine event with the same id is still applied: nothing of the forgeries stuck.
    genuine = await send_webhook(env, event)
    assert genuine.json()["outcome"] == "paid"


async def test_retry_after_a_timeout_pays_once(env: Env) -> None:
    await creator(env)
    withdrawal = await requested(env)
    env.paypal.fail_next = ["slow"]  # PayPal creates the batch, the answer comes too late
    first = await env.submit()
    assert [str(i) for i in first.retry_later] == [withdrawal["id"]]
    assert await status_of(env, withdrawal) == "requested"
    assert len(env.paypal.batches) == 1

    second = await env.submit()  # same sender_batch_id: PayPal names the batch it has
    assert [str(i) for i in second.submitted] == [withdrawal["id"]]
    assert len(env.paypal.batches) == 1
    assert env.paypal.payout_posts == 2
    (batch_id,) = env.paypal.batches
    detail = (await env.client.get(f"/v1/withdrawals/{withdrawal['id']}",
                                   headers=env.token("cara"))).json()
    assert detail["payout_batch_id"] == batch_id
    assert detail["submit_attempts"] == 2

    await item_event(env, withdrawal, SUCCEEDED)
    assert await env.submit() == type(first)()  # nothing left to send
    assert len(env.paypal.batches) == 1
    assert await diamonds(env) == (100_000 - DIAMONDS, 0)


async def test_server_error_is_retried(env: Env) -> None:
    await creator(env)
    withdrawal = await requested(env)
    env.paypal.fail_next = ["error_500"]
    assert len((await env.submit()).retry_later) == 1
    assert env.paypal.batches == {}
    assert len((await env.submit()).submitted) == 1
    assert await status_of(env, withdrawal) == "submitted"


async def test_unreachable_paypal_holds_the_withdrawal_for_review(env: Env) -> None:
    await creator(env)
    withdrawal = await requested(env)
    payouts = env.settings.payouts.model_copy(update={"submit_attempts_max": 2})
    settings = env.settings.model_copy(update={"payouts": payouts})
    env.paypal.fail_next = ["error_500", "error_500"]
    for _ in range(2):
        await submit_due(env.app.state.container.engine, settings, env.payouts)
    detail = (await env.client.get(f"/v1/withdrawals/{withdrawal['id']}",
                                   headers=env.token("cara"))).json()
    assert (detail["status"], detail["submit_attempts"]) == ("held", 2)
    assert "500" in detail["last_error"]
    assert await diamonds(env) == (100_000, DIAMONDS)  # still held for the creator
