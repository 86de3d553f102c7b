"""Messages on LIVE gifts and the tier of a gift: pure rules, no I/O.

A gift's tier (pop, banner, stage) comes from its coins; the tier bounds the message a gift
may carry and how long the message stays pinned. Blocked terms are matched on a folded form
of the message (case folded, runs of spaces and punctuation made one space) so that
"FREE   coins" or "free-coins" is caught like "free coins".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from fancoins.economy.rules import GiftTier
from fancoins.ledger.invariants import invariant

_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)


def tier_of(coins: int, tiers: Sequence[GiftTier]) -> GiftTier:
    """The highest tier whose `min_coins` the gift reaches (tiers ascend; the first is 1)."""
    invariant(bool(tiers), "the economy has gift tiers")
    chosen = tiers[0]
    for tier in tiers:
        if coins >= tier.min_coins:
            chosen = tier
    return chosen


def folded(text: str) -> str:
    """Case folded, compatibility normalised (full-width letters are letters), separators
    collapsed to one space, trimmed."""
    normal = unicodedata.normalize("NFKC", text).casefold()
    return _SEPARATORS.sub(" ", normal).strip()


def blocked_term(message: str, terms: Sequence[str]) -> str | None:
    """The first blocked term the message contains (as whole words), or None."""
    haystack = f" {folded(message)} "
    for term in terms:
        needle = folded(term)
        if needle and f" {needle} " in haystack:
            return term
    return None
