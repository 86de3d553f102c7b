"""The pure claw-back rule: proportional, integer, cumulative, never more than the purchase."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fancoins.economy.refunds import NOTHING, PurchaseParts, add, plan_clawback
from fancoins.ledger import InvariantViolation

WEB_499 = PurchaseParts(coins=500, gross_minor=499, store_fee_minor=44, tax_minor=0,
                        net_minor=455)
GB_STORE = PurchaseParts(coins=100, gross_minor=129, store_fee_minor=32, tax_minor=22,
                         net_minor=75)


def test_full_refund_takes_back_everything_exactly() -> None:
    share = plan_clawback(GB_STORE, NOTHING, 129, fee_returned=True)
    assert share == GB_STORE


def test_processor_keeps_its_fee() -> None:
    share = plan_clawback(WEB_499, NOTHING, 499, fee_returned=False)
    assert share == PurchaseParts(500, 499, 0, 0, 499)


def test_partial_refund_rounds_down_and_adds_up() -> None:
    share = plan_clawback(GB_STORE, NOTHING, 50, fee_returned=True)
    assert share.coins == 38  # floor(100 * 50 / 129)
    assert (share.store_fee_minor, share.tax_minor) == (12, 8)
    assert share.gross_minor == 50 == share.store_fee_minor + share.tax_minor + share.net_minor


def test_stale_or_repeated_totals_plan_nothing() -> None:
    first = plan_clawback(WEB_499, NOTHING, 300, fee_returned=False)
    assert plan_clawback(WEB_499, first, 300, fee_returned=False) == NOTHING
    assert plan_clawback(WEB_499, first, 100, fee_returned=False) == NOTHING


def test_parts_must_add_up() -> None:
    with pytest.raises(InvariantViolation):
        PurchaseParts(1, 10, 1, 1, 1)


@given(
    coins=st.integers(1, 10**6), fee=st.integers(0, 10**4), tax=st.integers(0, 10**4),
    net=st.integers(1, 10**5), fee_returned=st.booleans(),
    steps=st.lists(st.integers(0, 2 * 10**5), max_size=6),
)
def test_any_sequence_of_refunds_stays_within_the_purchase(
    coins: int, fee: int, tax: int, net: int, fee_returned: bool, steps: list[int]
) -> None:
    purchase = PurchaseParts(coins, fee + tax + net, fee, tax, net)
    total = NOTHING
    for refunded in [*steps, purchase.gross_minor]:
        total = add(total, plan_clawback(purchase, total, refunded, fee_returned=fee_returned))
        assert 0 <= total.coins <= coins
        assert total.gross_minor <= purchase.gross_minor
    # After the full refund everything is back, whatever partial refunds came first.
    assert total.coins == coins and total.gross_minor == purchase.gross_minor
    assert total.tax_minor == tax
    assert total.store_fee_minor == (fee if fee_returned else 0)
