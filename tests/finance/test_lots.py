"""Deferred revenue lots: first in, first out per wallet, at each purchase's own price, in
integers that always add up."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from fancoins.finance.lots import GRANTED, DeferredBook, Key, Movement, Reason, take

USD_WEB: Key = ("USD", "web")
EUR_IOS: Key = ("EUR", "ios")


def test_take_rounds_down_and_the_last_coin_takes_the_rest() -> None:
    from fancoins.finance.lots import Lot

    lot = Lot(USD_WEB, "p1", 3, 100)
    assert [take(lot, 1), take(lot, 1), take(lot, 1)] == [33, 33, 34]
    assert (lot.coins, lot.value_minor) == (0, 0)


def test_oldest_lot_is_spent_first() -> None:
    book = DeferredBook()
    book.add("w", 100, USD_WEB, 90, "p1")
    book.add("w", 100, EUR_IOS, 70, "p2")
    book.spend("w", 150, Reason.GIFTS)
    moves, _, _ = book.close_interval()
    assert moves[USD_WEB].released_minor[Reason.GIFTS] == 90  # all of the first lot
    assert moves[EUR_IOS].released_minor[Reason.GIFTS] == 35  # half of the second
    assert {k: (p.coins, p.value_minor) for k, p in book.positions().items()} == {
        EUR_IOS: (50, 35)}


def test_claw_back_takes_its_own_lot_then_others_then_leaves_coins_owed() -> None:
    book = DeferredBook()
    book.add("w", 200, USD_WEB, 180, "refunded")
    book.spend("w", 150, Reason.GIFTS)  # 50 of the refunded lot left, worth 45
    book.add("w", 40, EUR_IOS, 30, "other")
    book.close_interval()
    book.claw_back("w", 200, "refunded", USD_WEB, refund_net_minor=180)
    moves, owed_new, _ = book.close_interval()
    usd = moves[USD_WEB]
    assert (usd.refunded_coins, usd.refunded_minor) == (50, 45)
    assert usd.reversed_minor == 180 - 45  # the spent coins' revenue is reversed
    assert moves[EUR_IOS].released_minor[Reason.RECOVERED] == 30  # the other lot, recognised
    assert (owed_new, book.owed_coins, book.positions()) == (110, 110, {})


def test_owed_coins_are_repaid_first_and_recognised_at_once() -> None:
    book = DeferredBook()
    book.spend("w", 10, Reason.GIFTS)  # owed (e.g. a claw-back after spending)
    book.add("w", 100, USD_WEB, 99, "p")
    moves, _, repaid = book.close_interval()
    assert repaid == 10 and book.owed_coins == 0
    assert moves[USD_WEB].released_minor[Reason.REPAID] == 99 * 10 // 100
    assert book.positions()[USD_WEB].coins == 90


def test_grants_carry_no_value() -> None:
    book = DeferredBook()
    book.add("w", 50, GRANTED, 0)
    book.add("w", 50, USD_WEB, 40, "p")
    book.spend("w", 60, Reason.GIFTS)
    moves, _, _ = book.close_interval()
    assert moves[GRANTED].released_minor[Reason.GIFTS] == 0
    assert moves[USD_WEB].released_minor[Reason.GIFTS] == 8


WALLETS = st.sampled_from(["a", "b", "c"])
KEYS = st.sampled_from([USD_WEB, EUR_IOS, GRANTED])
OPS = st.lists(st.one_of(
    st.tuples(st.just("add"), WALLETS, st.integers(1, 500), KEYS, st.integers(0, 1000)),
    st.tuples(st.just("spend"), WALLETS, st.integers(1, 500), st.sampled_from(list(Reason)),
              st.just(0)),
    st.tuples(st.just("claw"), WALLETS, st.integers(1, 500), st.integers(0, 9),
              st.integers(-5, 1000)),
), max_size=60)


@settings(max_examples=300, deadline=None)
@given(OPS, st.integers(1, 10))
def test_value_and_coins_are_conserved(ops: list[tuple[str, str, int, object, int]],
                                       every: int) -> None:
    """Whatever happens, in any order: every lot's value is either still deferred, released
    or refunded, to the unit; coins in lots less coins owed equal the wallets' balances; no
    deferred value goes negative."""
    book = DeferredBook()
    total: dict[Key, Movement] = {}
    balance: Counter[str] = Counter()
    purchases: list[tuple[str, str, Key]] = []
    for step, (op, wallet, coins, extra, amount) in enumerate(ops):
        if op == "add":
            assert isinstance(extra, tuple)
            key: Key = extra
            value = 0 if key == GRANTED else amount
            purchase_id = f"p{step}"
            purchases.append((purchase_id, wallet, key))
            book.add(wallet, coins, key, value, purchase_id)
            balance[wallet] += coins
        elif op == "spend":
            assert isinstance(extra, Reason)
            book.spend(wallet, coins, extra)
            balance[wallet] -= coins
        else:
            assert isinstance(extra, int)
            mine = [p for p in purchases if p[1] == wallet]
            purchase_id, _, key = mine[extra % len(mine)] if mine else ("none", wallet, USD_WEB)
            book.claw_back(wallet, coins, purchase_id, key, amount)
            balance[wallet] -= coins
        if step % every == 0:
            for k, move in book.close_interval()[0].items():
                total.setdefault(k, Movement()).merge(move)
    for k, move in book.close_interval()[0].items():
        total.setdefault(k, Movement()).merge(move)
    positions = book.positions()
    for k, move in total.items():
        held = positions.get(k)
        released = sum(move.released_minor.values())
        assert move.added_minor - released - move.refunded_minor == (held.value_minor
                                                                     if held else 0)
        released_coins = sum(move.released_coins.values())
        assert move.added_coins - released_coins - move.refunded_coins == (held.coins
                                                                          if held else 0)
    assert all(p.value_minor >= 0 and p.coins > 0 for p in positions.values())
    assert sum(p.coins for p in positions.values()) - book.owed_coins == sum(balance.values())
    assert book.owed_coins == sum(-b for b in balance.values() if b < 0)
