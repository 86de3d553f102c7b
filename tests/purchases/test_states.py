"""The pure purchase state machine and settlement: legal edges only, and store events applied
in any order end in the same books."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fancoins.economy.refunds import NOTHING, PurchaseParts, add
from fancoins.purchases.states import (
    Claim,
    ClaimKind,
    IllegalTransition,
    PurchaseStatus,
    Settlement,
    check_transition,
    merge_claim,
    plan_settlement,
)

S = PurchaseStatus
WEB_499 = PurchaseParts(coins=500, gross_minor=499, store_fee_minor=44, tax_minor=0,
                        net_minor=455)
STORE_129 = PurchaseParts(coins=100, gross_minor=129, store_fee_minor=32, tax_minor=22,
                          net_minor=75)
GRANT = PurchaseParts(coins=100, gross_minor=0, store_fee_minor=0, tax_minor=0, net_minor=0)


def claim(ref: str, amount: int | None = None, *, reversed_: bool = False,
          claimed: bool = True, kind: ClaimKind = ClaimKind.DISPUTE) -> Claim:
    return Claim(ref, kind, amount, claimed=claimed, reversal_seen=reversed_)


@pytest.mark.parametrize(("current", "target"), [
    (S.OPEN, S.FULFILLED), (S.FULFILLED, S.REFUNDED), (S.FULFILLED, S.PARTIALLY_REFUNDED),
    (S.PARTIALLY_REFUNDED, S.REFUNDED), (S.PARTIALLY_REFUNDED, S.PARTIALLY_REFUNDED),
    (S.REFUNDED, S.REVERSED), (S.REFUNDED, S.PARTIALLY_REFUNDED),
    (S.PARTIALLY_REFUNDED, S.REVERSED), (S.REVERSED, S.REFUNDED),
])
def test_legal_transitions(current: PurchaseStatus, target: PurchaseStatus) -> None:
    check_transition(current, target)


@pytest.mark.parametrize(("current", "target"), [
    (S.OPEN, S.REFUNDED), (S.OPEN, S.REVERSED), (S.FULFILLED, S.REVERSED),
    (S.FULFILLED, S.OPEN), (S.REFUNDED, S.FULFILLED), (S.REVERSED, S.FULFILLED),
    (S.REFUNDED, S.REFUNDED), (S.FULFILLED, S.FULFILLED),
])
def test_illegal_transitions_are_refused(current: PurchaseStatus,
                                         target: PurchaseStatus) -> None:
    with pytest.raises(IllegalTransition):
        check_transition(current, target)


def settle(status: PurchaseStatus, claims: list[Claim],
           purchase: PurchaseParts = STORE_129, refunded: PurchaseParts = NOTHING,
           fee_returned: bool = True) -> Settlement:
    return plan_settlement(status, purchase, refunded, claims, fee_returned=fee_returned)


def test_claims_wait_while_the_purchase_is_open() -> None:
    result = settle(S.OPEN, [claim("revocation")])
    assert result.steps == () and result.status is S.OPEN
    assert result.claims[0].applied is False


def test_a_refund_then_its_reversal_restores_exactly() -> None:
    refunded = settle(S.FULFILLED, [claim("revocation")])
    assert refunded.status is S.REFUNDED and refunded.refunded == STORE_129
    assert [s.share for s in refunded.steps] == [STORE_129]
    reversal = merge_claim(refunded.claims[0], claim("revocation", reversed_=True,
                                                     claimed=False))
    restored = settle(refunded.status, [reversal], refunded=refunded.refunded)
    assert restored.status is S.REVERSED and restored.refunded == NOTHING
    assert restored.steps[0].reversal and add(restored.steps[0].share, STORE_129) == NOTHING


def test_a_reversal_seen_first_waits_for_its_claim() -> None:
    only_reversal = settle(S.FULFILLED, [claim("dispute:dp_1", 499, reversed_=True,
                                               claimed=False)], WEB_499, fee_returned=False)
    assert only_reversal.steps == () and only_reversal.status is S.FULFILLED
    claimed = merge_claim(only_reversal.claims[0], claim("dispute:dp_1", 499))
    both = settle(S.FULFILLED, [claimed], WEB_499, fee_returned=False)
    assert [s.reversal for s in both.steps] == [False, True]
    assert both.status is S.REVERSED and both.refunded == NOTHING


def test_a_running_total_only_grows() -> None:
    first = merge_claim(None, claim("refunds", 250, kind=ClaimKind.REFUND))
    grown = merge_claim(first, claim("refunds", 499, kind=ClaimKind.REFUND))
    stale = merge_claim(grown, claim("refunds", 100, kind=ClaimKind.REFUND))
    assert stale.amount_minor == 499
    whole = merge_claim(stale, claim("refunds", None, kind=ClaimKind.REFUND))
    assert whole.amount_minor is None


def test_a_grant_is_clawed_back_only_whole() -> None:
    partial = settle(S.FULFILLED, [claim("void", 0, kind=ClaimKind.VOID)], GRANT)
    assert partial.refunded == NOTHING and partial.status is S.FULFILLED
    whole = settle(S.FULFILLED, [claim("void", None, kind=ClaimKind.VOID)], GRANT)
    assert whole.refunded.coins == 100 and whole.status is S.REFUNDED


# A store event as the settlement sees it: the claim it records (merged into what is known).
EVENTS = {
    "refund": claim("refunds", 250, kind=ClaimKind.REFUND),
    "refund_full": claim("refunds", 499, kind=ClaimKind.REFUND),
    "dispute": claim("dispute:dp_1", 249),
    "dispute_won": claim("dispute:dp_1", 249, reversed_=True, claimed=False),
    "dispute_lost": claim("dispute:dp_1", 249),
}


def run_events(order: tuple[str, ...], fulfil_at: int) -> Settlement:
    """Deliver `order`, fulfilling the purchase before event number `fulfil_at`."""
    known: dict[str, Claim] = {}
    status, refunded = S.OPEN, NOTHING
    result = Settlement((), (), status, refunded)
    for index, name in enumerate([*order, None]):
        if index == fulfil_at:
            status = S.FULFILLED
            result = plan_settlement(status, WEB_499, refunded, list(known.values()),
                                     fee_returned=False)
            known = {c.ref: c for c in result.claims}
            status, refunded = result.status, result.refunded
        if name is None:
            break
        event = EVENTS[name]
        known[event.ref] = merge_claim(known.get(event.ref), event)
        result = plan_settlement(status, WEB_499, refunded, list(known.values()),
                                 fee_returned=False)
        known = {c.ref: c for c in result.claims}
        status, refunded = result.status, result.refunded
    total = NOTHING
    return Settlement(result.steps, result.claims, status, add(total, refunded))


@given(
    names=st.lists(st.sampled_from(sorted(EVENTS)), min_size=1, max_size=4, unique=True),
    data=st.data(),
)
def test_any_order_of_events_ends_in_the_same_books(names: list[str],
                                                     data: st.DataObject) -> None:
    baseline = run_events(tuple(names), 0)
    order = tuple(data.draw(st.permutations(names)))
    fulfil_at = data.draw(st.integers(0, len(order)))
    other = run_events(order, fulfil_at)
    assert other.refunded == baseline.refunded
    in_force = {c.ref for c in baseline.claims if c.in_force}
    assert {c.ref for c in other.claims if c.in_force} == in_force


def test_every_pair_in_both_orders() -> None:
    for first, second in itertools.permutations(sorted(EVENTS), 2):
        for fulfil_at in range(3):
            one = run_events((first, second), fulfil_at)
            two = run_events((second, first), fulfil_at)
            assert one.refunded == two.refunded, (first, second, fulfil_at)
