"""Deferred revenue for unspent coins, valued at what was paid for them. Pure: no I/O.

Method (first in, first out per wallet, at each purchase's own price):
- every purchase adds a *lot* to the buyer's wallet: its coins and the net revenue the
  platform was paid for them (gross less store fee and tax, exactly as the ledger's
  `purchase_revenue` leg), in the purchase's currency and channel;
- an operator grant adds a lot of value zero (nothing was paid for it);
- coins leaving a wallet (gifts, promotion charges, operator removals) take the oldest lots
  first; the value they take leaves deferred revenue and is *recognised*;
- a refund claw-back first takes what is left of the refunded purchase's own lot (that value
  is reversed: the platform no longer owes those coins and gives the money back); coins the
  buyer had already spent come from the wallet's other lots (recognised: the buyer's other
  coins pay for what the refunded ones bought), and past the last lot the wallet owes coins;
- coins a wallet owes are repaid first by the next coins it receives: that part of the new
  lot is recognised at once (what it pays for was delivered before).

Rounding (integers only): taking k of a lot's r remaining coins takes floor(v * k / r) of its
remaining value v, and the last coin of a lot takes whatever value is left. So a lot's value
is recognised exactly, never more, and deferred revenue is never rounded below what is owed.
"""

from __future__ import annotations

import enum
from collections import Counter, deque
from dataclasses import dataclass, field

from fancoins.ledger.invariants import invariant

Key = tuple[str, str]  # (currency, channel) of the purchase a lot came from
GRANTED: Key = ("", "granted")  # operator grants: coins nobody paid for
UNPRICED: Key = ("", "unpriced")  # coins credited by a code the report does not price


class Reason(enum.StrEnum):
    """Why value left deferred revenue (was recognised)."""

    GIFTS = "gifts"
    PROMOTIONS = "promotions"
    REMOVED = "removed"  # an operator removal
    RECOVERED = "recovered"  # taken by a claw-back from the wallet's other lots
    REPAID = "repaid"  # coins a wallet owed, repaid by coins it received
    OTHER = "other"  # a debit code the report does not classify


@dataclass(slots=True)
class Lot:
    key: Key
    purchase_id: str | None
    coins: int
    value_minor: int


@dataclass(frozen=True, slots=True)
class Position:
    coins: int
    value_minor: int


@dataclass(slots=True)
class Movement:
    """What happened to one key's lots in an interval."""

    added_coins: int = 0
    added_minor: int = 0
    released_coins: Counter[Reason] = field(default_factory=Counter)
    released_minor: Counter[Reason] = field(default_factory=Counter)
    refunded_coins: int = 0  # unspent coins taken back by refunds
    refunded_minor: int = 0  # ...and the deferred revenue reversed with them
    # The part of a refund's net amount not covered by the refunded lot: revenue already
    # recognised (the coins were spent) that the refund reverses. Signed.
    reversed_minor: int = 0

    def merge(self, other: Movement) -> None:
        self.added_coins += other.added_coins
        self.added_minor += other.added_minor
        self.released_coins.update(other.released_coins)
        self.released_minor.update(other.released_minor)
        self.refunded_coins += other.refunded_coins
        self.refunded_minor += other.refunded_minor
        self.reversed_minor += other.reversed_minor


@dataclass(slots=True)
class _Wallet:
    lots: deque[Lot] = field(default_factory=deque)
    owed_coins: int = 0


def take(lot: Lot, coins: int) -> int:
    """Take `coins` of `lot` and return the value they carry (rounding in the docstring)."""
    invariant(0 < coins <= lot.coins, "take within the lot")
    value = lot.value_minor if coins == lot.coins else lot.value_minor * coins // lot.coins
    lot.coins -= coins
    lot.value_minor -= value
    return value


class DeferredBook:
    """Every wallet's lots, the positions per key, and the movements of the current
    interval (`close_interval` hands them over and starts the next)."""

    def __init__(self) -> None:
        self._wallets: dict[str, _Wallet] = {}
        self._coins: Counter[Key] = Counter()
        self._value: Counter[Key] = Counter()
        self._owed_coins = 0
        self._owed_new = 0
        self._owed_repaid = 0
        self._moves: dict[Key, Movement] = {}

    # --- events -------------------------------------------------------------------------

    def add(self, wallet: str, coins: int, key: Key, value_minor: int,
            purchase_id: str | None = None) -> None:
        """Coins credited to `wallet`, worth `value_minor` in `key`'s currency."""
        invariant(coins > 0 and value_minor >= 0, "a lot has coins and no negative value")
        state = self._wallet(wallet)
        lot = Lot(key, purchase_id, coins, value_minor)
        move = self._move(key)
        move.added_coins += coins
        move.added_minor += value_minor
        self._shift(key, coins, value_minor)
        if state.owed_coins:
            repaid = min(state.owed_coins, coins)
            value = take(lot, repaid)
            self._release(key, Reason.REPAID, repaid, value)
            state.owed_coins -= repaid
            self._owed_coins -= repaid
            self._owed_repaid += repaid
        if lot.coins:
            state.lots.append(lot)

    def spend(self, wallet: str, coins: int, reason: Reason) -> None:
        """Coins leaving `wallet` for good (gift, promotion charge, removal)."""
        self._consume(self._wallet(wallet), coins, reason)

    def claw_back(self, wallet: str, coins: int, purchase_id: str | None, key: Key,
                  refund_net_minor: int) -> None:
        """A refund of purchase `purchase_id` takes `coins` back and `refund_net_minor` of
        net revenue (signed: a rounding correction may run the other way)."""
        state = self._wallet(wallet)
        own = next((lot for lot in state.lots if lot.purchase_id == purchase_id
                    and purchase_id is not None), None)
        from_own = min(coins, own.coins) if own is not None else 0
        value = 0
        if own is not None and from_own:
            value = take(own, from_own)
            self._shift(own.key, -from_own, -value)
            self._drop_empty(state)
        move = self._move(key)
        move.refunded_coins += from_own
        move.refunded_minor += value
        move.reversed_minor += refund_net_minor - value
        if coins > from_own:
            self._consume(state, coins - from_own, Reason.RECOVERED)

    # --- reading ------------------------------------------------------------------------

    def positions(self) -> dict[Key, Position]:
        keys = set(self._coins) | set(self._value)
        return {k: Position(self._coins[k], self._value[k]) for k in sorted(keys)
                if self._coins[k] or self._value[k]}

    @property
    def owed_coins(self) -> int:
        """Coins wallets owe (claw-backs of coins already spent), not yet repaid."""
        return self._owed_coins

    def close_interval(self) -> tuple[dict[Key, Movement], int, int]:
        """The interval's movements per key, coins newly owed and coins repaid; then a new
        interval starts."""
        moves, new, repaid = self._moves, self._owed_new, self._owed_repaid
        self._moves, self._owed_new, self._owed_repaid = {}, 0, 0
        return dict(sorted(moves.items())), new, repaid

    # --- inside -------------------------------------------------------------------------

    def _wallet(self, wallet: str) -> _Wallet:
        state = self._wallets.get(wallet)
        if state is None:
            state = self._wallets[wallet] = _Wallet()
        return state

    def _move(self, key: Key) -> Movement:
        move = self._moves.get(key)
        if move is None:
            move = self._moves[key] = Movement()
        return move

    def _shift(self, key: Key, coins: int, value_minor: int) -> None:
        self._coins[key] += coins
        self._value[key] += value_minor

    def _release(self, key: Key, reason: Reason, coins: int, value_minor: int) -> None:
        move = self._move(key)
        move.released_coins[reason] += coins
        move.released_minor[reason] += value_minor
        self._shift(key, -coins, -value_minor)

    def _consume(self, state: _Wallet, coins: int, reason: Reason) -> None:
        invariant(coins > 0, "coins leave a wallet in positive amounts")
        left = coins
        while left and state.lots:
            lot = state.lots[0]
            taken = min(left, lot.coins)
            self._release(lot.key, reason, taken, take(lot, taken))
            left -= taken
            if not lot.coins:
                state.lots.popleft()
        if left:
            state.owed_coins += left
            self._owed_coins += left
            self._owed_new += left

    @staticmethod
    def _drop_empty(state: _Wallet) -> None:
        if any(not lot.coins for lot in state.lots):
            state.lots = deque(lot for lot in state.lots if lot.coins)
