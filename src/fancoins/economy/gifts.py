"""Gift value (coins spent, diamonds earned) and combos of repeated gifts.

Combos are decided here and remembered by the caller: it keeps at most one `ComboState` per
(stream, sender), passes it to `plan_combo` with each send, stores the returned `state`, and
emits the final combo event exactly once, for the `ended` combo of a decision or for a
combo its sweep finds `combo_expired` (and then drops). Combo ids come from the caller, so
this module stays pure and deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass

from fancoins.economy.rules import EconomyConfig, Gifting, GiftSpec
from fancoins.ledger.invariants import InvariantViolation

MS_PER_S = 1000


class GiftCountInvalid(ValueError):
    """A send's count is outside 1..`count_per_send_max`."""


# Not frozen (nothing changes it): the gift writer makes one per gift, and a frozen
# dataclass's __init__ (a call per field) cost several times a plain one's.
@dataclass(slots=True)
class GiftValue:
    """What one send is worth.

    `diamonds` is `floor(coins * diamonds_per_coin)` (the fraction stays with the platform).
    `platform_share_coins` is the whole coins that did not become diamonds: 0 at the default
    1:1 ratio, where the platform's share is the cash spread between what the coins were
    bought for and the diamonds' cash value (see `payouts`).
    """

    coins: int
    diamonds: int
    platform_share_coins: int


@dataclass(frozen=True, slots=True)
class ComboState:
    combo_id: str
    sender_id: str
    gift_id: str
    count: int  # gifts in the combo so far, including this send's count
    started_ms: int
    last_ms: int


@dataclass(frozen=True, slots=True)
class ComboDecision:
    extends: bool  # this send joined `previous`
    state: ComboState | None  # the combo now running; None for a gift that is not streakable
    ended: ComboState | None  # the previous combo this send closed: emit its final event


def plan_gift_value(gift: GiftSpec, count: int, gifting: Gifting) -> GiftValue:
    """Coins, diamonds and the platform's coin share for `count` of `gift` in one send."""
    if not 1 <= count <= gifting.count_per_send_max:
        raise GiftCountInvalid(f"count must be 1 to {gifting.count_per_send_max}, got {count}")
    numerator = gifting.diamonds_per_coin_numerator
    denominator = gifting.diamonds_per_coin_denominator
    coins = gift.price_coins * count
    diamonds = coins * numerator // denominator
    coins_into_diamonds = -(-diamonds * denominator // numerator)  # ceil: exact, no float
    value = GiftValue(coins, diamonds, coins - coins_into_diamonds)
    if not 0 <= value.platform_share_coins <= coins:
        # Checked before its message is made: the writer decides every gift through here.
        raise InvariantViolation(f"gift share out of range: {value}")
    return value


def plan_combo(
    previous: ComboState | None,
    sender_id: str,
    gift: GiftSpec,
    count: int,
    now_ms: int,
    gifting: Gifting,
    new_combo_id: str,
) -> ComboDecision:
    """Decide whether this send extends `previous` or starts a new combo.

    It extends when the sender and gift are the same, the gift is streakable, at most
    `combo_window_s` has passed since the previous send (exactly at the window still counts)
    and the count stays within `combo_count_max`. `new_combo_id` is used only for a new combo.
    A clock that stepped back counts as no time passed.
    """
    if previous is not None and _extends(previous, sender_id, gift, count, now_ms, gifting):
        state = ComboState(
            combo_id=previous.combo_id,
            sender_id=sender_id,
            gift_id=gift.id,
            count=previous.count + count,
            started_ms=previous.started_ms,
            last_ms=max(now_ms, previous.last_ms),
        )
        return ComboDecision(extends=True, state=state, ended=None)
    if not gift.streakable:
        return ComboDecision(extends=False, state=None, ended=previous)
    state = ComboState(new_combo_id, sender_id, gift.id, count, now_ms, now_ms)
    return ComboDecision(extends=False, state=state, ended=previous)


def _extends(
    previous: ComboState,
    sender_id: str,
    gift: GiftSpec,
    count: int,
    now_ms: int,
    gifting: Gifting,
) -> bool:
    return (
        gift.streakable
        and previous.sender_id == sender_id
        and previous.gift_id == gift.id
        and not combo_expired(previous, now_ms, gifting)
        and previous.count + count <= gifting.combo_count_max
    )


def combo_expired(state: ComboState, now_ms: int, gifting: Gifting) -> bool:
    """True once more than `combo_window_s` has passed since the combo's last send."""
    return now_ms - state.last_ms > gifting.combo_window_s * MS_PER_S


def gifts_offered(config: EconomyConfig, country: str) -> tuple[GiftSpec, ...]:
    """The active gifts a viewer in `country` can send, cheapest first."""
    offered = [gift for gift in config.gifts if gift_offered(gift, country)]
    return tuple(sorted(offered, key=lambda gift: (gift.price_coins, gift.id)))


def gift_offered(gift: GiftSpec, country: str) -> bool:
    """Active, and offered in `country` (a gift without countries is offered everywhere)."""
    return gift.active and (gift.countries is None or country.upper() in gift.countries)
