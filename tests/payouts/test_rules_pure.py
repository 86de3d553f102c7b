"""The pure parts: the withdrawal state machine, PayPal events, the hold, claw-back shares."""

from __future__ import annotations

import uuid

import pytest

from fancoins.payouts.clawback import GiftPaid, coins_already_spent, plan_diamond_clawback
from fancoins.payouts.service import plan_balance
from fancoins.payouts.states import (
    IllegalTransition,
    WithdrawalStatus,
    check_transition,
    plan_event,
)

S = WithdrawalStatus
ITEM = "PAYMENT.PAYOUTS-ITEM."


@pytest.mark.parametrize(("current", "target"), [
    (S.REQUESTED, S.PAID), (S.REQUESTED, S.REVERSED), (S.HELD, S.SUBMITTED),
    (S.SUBMITTED, S.REJECTED), (S.SUBMITTED, S.HELD), (S.PAID, S.FAILED),
    (S.FAILED, S.PAID), (S.REVERSED, S.PAID), (S.REJECTED, S.APPROVED),
])
def test_illegal_transitions_are_refused(current: S, target: S) -> None:
    with pytest.raises(IllegalTransition):
        check_transition(current, target)


def test_the_happy_path_is_legal() -> None:
    for current, target in [(S.REQUESTED, S.SUBMITTED), (S.SUBMITTED, S.PAID),
                            (S.PAID, S.REVERSED), (S.REQUESTED, S.HELD),
                            (S.HELD, S.APPROVED), (S.APPROVED, S.SUBMITTED)]:
        check_transition(current, target)


@pytest.mark.parametrize(("current", "event", "path"), [
    (S.SUBMITTED, "SUCCEEDED", (S.PAID,)),
    (S.REQUESTED, "SUCCEEDED", (S.SUBMITTED, S.PAID)),  # our submit record was lost
    (S.PAID, "SUCCEEDED", ()),
    (S.SUBMITTED, "FAILED", (S.FAILED,)),
    (S.SUBMITTED, "BLOCKED", (S.FAILED,)),
    (S.PAID, "FAILED", ()),
    (S.PAID, "RETURNED", (S.REVERSED,)),
    (S.PAID, "REFUNDED", (S.REVERSED,)),
    (S.PAID, "REVERSED", (S.REVERSED,)),
    (S.SUBMITTED, "RETURNED", (S.FAILED,)),  # unclaimed, then returned: never paid
    (S.REVERSED, "RETURNED", ()),
    (S.SUBMITTED, "UNCLAIMED", ()),
    (S.HELD, "SUCCEEDED", ()),
    (S.FAILED, "SUCCEEDED", ()),
])
def test_paypal_events(current: S, event: str, path: tuple[S, ...]) -> None:
    assert plan_event(current, ITEM + event) == path


def test_a_denied_batch_fails_the_withdrawal() -> None:
    assert plan_event(S.SUBMITTED, "PAYMENT.PAYOUTSBATCH.DENIED") == (S.FAILED,)
    assert plan_event(S.SUBMITTED, "PAYMENT.PAYOUTSBATCH.SUCCESS") == ()


def test_hold_never_exceeds_what_is_there() -> None:
    balance = plan_balance(10_000, 2_000, 3_000)
    assert (balance.diamonds_on_hold, balance.diamonds_withdrawable) == (3_000, 5_000)
    small = plan_balance(1_000, 0, 3_000)
    assert (small.diamonds_on_hold, small.diamonds_withdrawable) == (1_000, 0)
    negative = plan_balance(-500, 0, 3_000)
    assert (negative.diamonds_on_hold, negative.diamonds_withdrawable) == (0, 0)


def test_only_spent_coins_follow_the_refund() -> None:
    assert coins_already_spent(2_000, 500) == 0
    assert coins_already_spent(2_000, -1_500) == 1_500
    assert coins_already_spent(2_000, -9_000) == 2_000  # already owed: all of it


def _gift(coins: int, diamonds: int, creator: str = "c") -> GiftPaid:
    return GiftPaid(uuid.uuid4(), creator, coins, diamonds, 0)


def test_claw_back_is_fifo_and_proportional() -> None:
    first, second, third = _gift(100, 100, "a"), _gift(300, 150, "b"), _gift(50, 50, "c")
    plan = plan_diamond_clawback(250, [first, second, third], {})
    assert [(c.gift.creator_id, c.coins, c.diamonds) for c in plan] == [
        ("a", 100, 100), ("b", 150, 75)]
    # A later refund continues where the first stopped; the whole gift gives exactly its all.
    later = plan_diamond_clawback(200, [first, second, third],
                                  {first.gift_event_id: 100, second.gift_event_id: 150})
    assert [(c.gift.creator_id, c.coins, c.diamonds) for c in later] == [
        ("b", 150, 75), ("c", 50, 50)]


def test_rounding_never_takes_more_than_the_gift_earned() -> None:
    gift = _gift(3, 2)
    shares = [plan_diamond_clawback(1, [gift], {gift.gift_event_id: before})[0].diamonds
              for before in range(3)]
    assert shares == [0, 1, 1] and sum(shares) == 2
