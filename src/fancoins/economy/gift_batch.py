"""The gift writer's decision: which gifts of a batch may be sent, in arrival order.

Pure: the writer reads balances, limits, users, streams and the catalog inside its batch
transaction, hands them here, and writes what comes back. Each gift is checked on its own
(one viewer's refusal never affects another's gift), and an accepted gift's coins count
against its sender's balance and spending limits for every later gift of the same batch, so
nobody overspends inside a batch.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fancoins.economy.age import AgeAction, gift_actions
from fancoins.economy.gifts import GiftCountInvalid, gift_offered, plan_gift_value
from fancoins.economy.limits import SpendLimits, Window, check_spend
from fancoins.economy.messages import tier_of
from fancoins.economy.rules import Gifting, GiftSpec, GiftTier


class GiftRefusal(enum.StrEnum):
    """Why a gift was not sent, in the order the checks run. Each maps to one problem type."""

    COUNT_INVALID = "count_invalid"
    GIFT_NOT_FOUND = "gift_not_found"
    GIFT_INACTIVE = "gift_inactive"
    MESSAGE_TOO_LONG = "message_too_long"
    SENDER_NOT_FOUND = "sender_not_found"
    STREAM_NOT_FOUND = "stream_not_found"
    VIDEO_NOT_FOUND = "video_not_found"
    STREAM_NOT_LIVE = "stream_not_live"
    RECIPIENT_NOT_FOUND = "recipient_not_found"
    RECIPIENT_NOT_CREATOR = "recipient_not_creator"
    SELF_GIFT = "self_gift"
    SENDER_FROZEN = "sender_frozen"
    RECIPIENT_FROZEN = "recipient_frozen"
    SENDER_UNDERAGE = "sender_underage"
    RECIPIENT_UNDERAGE = "recipient_underage"
    GIFT_NOT_OFFERED = "gift_not_offered"
    SENDER_RESTRICTED = "sender_restricted"
    SPEND_LIMIT_EXCEEDED = "spend_limit_exceeded"
    INSUFFICIENT_COINS = "insufficient_coins"


# Not frozen (nothing changes it): the writer makes one per gift, and a frozen dataclass's
# __init__ (a call per field) cost several times a plain one's.
@dataclass(slots=True)
class GiftAsk:
    """One send as the decision sees it. Exactly one of `stream_id` / `video_id` is set."""

    sender_id: str
    gift_id: str
    count: int
    stream_id: str | None
    video_id: str | None
    message_chars: int = 0  # a LIVE gift's message: its tier bounds the length


@dataclass(frozen=True, slots=True)
class Party:
    """A sender or recipient: what the checks need to know about them."""

    # The gift actions (send, receive, video_gift) their age allows in their country.
    old_enough: frozenset[AgeAction]
    # Frozen, or banned from gifting: neither sends nor receives.
    frozen: bool
    country: str
    # Only creators receive: one who lost the status stops receiving at once.
    creator: bool = False

    def may(self, actions: tuple[AgeAction, ...]) -> bool:
        return self.old_enough.issuperset(actions)  # twice per gift: no generator


@dataclass(frozen=True, slots=True)
class Target:
    """Where a gift goes: a LIVE (live or not) or a video, and the creator who receives it."""

    creator_id: str
    live: bool


@dataclass(slots=True)
class Wallet:
    """A sender's coins and spending this window. Changed in place as gifts are accepted."""

    balance_coins: int  # posted: below zero means restricted (a refund claw-back)
    available_coins: int  # posted less pending holds: what can be spent
    limits: SpendLimits
    spent_day_coins: int = 0
    spent_week_coins: int = 0
    spent_month_coins: int = 0
    lifetime_coins: int = 0


@dataclass(frozen=True, slots=True)
class BatchState:
    gifts: Mapping[str, GiftSpec]
    parties: Mapping[str, Party]
    streams: Mapping[str, Target]
    videos: Mapping[str, Target]
    wallets: dict[str, Wallet]


@dataclass(slots=True)  # one per gift: not frozen, as `GiftAsk`
class Accepted:
    recipient_id: str
    gift: GiftSpec
    coins: int
    diamonds: int
    balance_after_coins: int
    lifetime_after_coins: int


@dataclass(frozen=True, slots=True)
class Refused:
    refusal: GiftRefusal
    window: Window | None = None  # for SPEND_LIMIT_EXCEEDED: the window it would pass
    left_coins: int | None = None  # ... and what is left to spend in it


Decision = Accepted | Refused


def plan_gift_batch(
    asks: Sequence[GiftAsk], state: BatchState, gifting: Gifting,
    tiers: Sequence[GiftTier] = (),
) -> list[Decision]:
    """Decide every ask in order. `state.wallets` is updated with the accepted gifts."""
    return [_decide(ask, state, gifting, tiers) for ask in asks]


def _decide(ask: GiftAsk, state: BatchState, gifting: Gifting, tiers: Sequence[GiftTier]
            ) -> Decision:
    gift = state.gifts.get(ask.gift_id)
    if gift is None:
        return Refused(GiftRefusal.GIFT_NOT_FOUND)
    try:
        value = plan_gift_value(gift, ask.count, gifting)
    except GiftCountInvalid:
        return Refused(GiftRefusal.COUNT_INVALID)
    if not gift.active:
        return Refused(GiftRefusal.GIFT_INACTIVE)
    if ask.message_chars and (not tiers or ask.message_chars > tier_of(
            value.coins, tiers).message_chars_max):
        return Refused(GiftRefusal.MESSAGE_TOO_LONG)
    checked = _check_parties(ask, state)
    if isinstance(checked, Refused):
        return checked
    recipient_id, sender = checked
    if not gift_offered(gift, sender.country):
        return Refused(GiftRefusal.GIFT_NOT_OFFERED)
    wallet = state.wallets.get(ask.sender_id)
    if wallet is None or wallet.balance_coins < 0:
        # No wallet at all cannot happen for a known user; treat it as nothing to spend.
        return Refused(GiftRefusal.SENDER_RESTRICTED if wallet else GiftRefusal.INSUFFICIENT_COINS)
    window = check_spend(wallet.limits, wallet.spent_day_coins, wallet.spent_week_coins,
                         wallet.spent_month_coins, value.coins)
    if window is not None:
        return Refused(GiftRefusal.SPEND_LIMIT_EXCEEDED, window, _left_coins(wallet, window))
    if value.coins > wallet.available_coins:
        return Refused(GiftRefusal.INSUFFICIENT_COINS)
    _spend(wallet, value.coins)
    return Accepted(recipient_id, gift, value.coins, value.diamonds, wallet.balance_coins,
                    wallet.lifetime_coins)


def _check_parties(ask: GiftAsk, state: BatchState) -> tuple[str, Party] | Refused:
    """The recipient's id and the sender, or the first check about people and places that fails."""
    sender = state.parties.get(ask.sender_id)
    if sender is None:
        return Refused(GiftRefusal.SENDER_NOT_FOUND)
    if ask.stream_id is not None:
        target = state.streams.get(ask.stream_id)
        if target is None:
            return Refused(GiftRefusal.STREAM_NOT_FOUND)
        if not target.live:
            return Refused(GiftRefusal.STREAM_NOT_LIVE)
    else:
        target = state.videos.get(ask.video_id or "")
        if target is None:
            return Refused(GiftRefusal.VIDEO_NOT_FOUND)
    recipient = state.parties.get(target.creator_id)
    if recipient is None:
        return Refused(GiftRefusal.RECIPIENT_NOT_FOUND)
    if not recipient.creator:
        return Refused(GiftRefusal.RECIPIENT_NOT_CREATOR)
    refusal = _person_checks(ask.sender_id == target.creator_id, sender, recipient,
                             on_video=ask.video_id is not None)
    return refusal if refusal is not None else (target.creator_id, sender)


def _person_checks(self_gift: bool, sender: Party, recipient: Party, *, on_video: bool
                   ) -> Refused | None:
    if self_gift:
        return Refused(GiftRefusal.SELF_GIFT)
    if sender.frozen:
        return Refused(GiftRefusal.SENDER_FROZEN)
    if recipient.frozen:
        return Refused(GiftRefusal.RECIPIENT_FROZEN)
    if not sender.may(gift_actions(on_video=on_video, sending=True)):
        return Refused(GiftRefusal.SENDER_UNDERAGE)
    if not recipient.may(gift_actions(on_video=on_video, sending=False)):
        return Refused(GiftRefusal.RECIPIENT_UNDERAGE)
    return None


def _left_coins(wallet: Wallet, window: Window) -> int:
    limit_coins = wallet.limits.for_window(window) or 0
    spent = {"daily": wallet.spent_day_coins, "weekly": wallet.spent_week_coins,
             "monthly": wallet.spent_month_coins}[window]
    return max(0, limit_coins - spent)


def _spend(wallet: Wallet, coins: int) -> None:
    wallet.balance_coins -= coins
    wallet.available_coins -= coins
    wallet.spent_day_coins += coins
    wallet.spent_week_coins += coins
    wallet.spent_month_coins += coins
    wallet.lifetime_coins += coins
