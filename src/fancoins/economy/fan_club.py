"""Fan club rules: membership levels, lapse, and what a tick's gifts do to memberships.

Pure: the caller loads the memberships a tick touches, hands them here with the tick's gifts
to creators, and writes back what comes out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from fancoins.economy.rules import FanClub

MS_PER_DAY = 86_400_000


@dataclass(frozen=True, slots=True)
class Membership:
    creator_id: str
    member_id: str
    member_display_name: str
    joined_at_ms: int
    last_active_ms: int
    points: int
    gift_coins: int
    watch_minutes: int


@dataclass(frozen=True, slots=True)
class ClubGift:
    """One committed LIVE gift as the club rules see it."""

    creator_id: str
    sender_id: str
    sender_display_name: str
    gift_id: str
    coins: int
    at_ms: int


@dataclass(slots=True)
class ClubOutcome:
    # Memberships after the gifts, by (creator, member): what to write back.
    changed: dict[tuple[str, str], Membership]
    # Who joined (or rejoined after a lapse) with these gifts, in order.
    joined: list[Membership]


def lapsed(membership: Membership, at_ms: int, club: FanClub) -> bool:
    return at_ms - membership.last_active_ms >= club.lapse_days * MS_PER_DAY


def club_level(points: int, club: FanClub) -> int:
    """Level 1 on joining; `level_points[i]` points reach level `i + 2`."""
    level = 1
    for threshold in club.level_points:
        if points < threshold:
            break
        level += 1
    return level


def active_level(membership: Membership | None, at_ms: int, club: FanClub) -> int | None:
    """The member's level, or None for a non-member or a lapsed membership."""
    if membership is None or lapsed(membership, at_ms, club):
        return None
    return club_level(membership.points, club)


def plan_club_gifts(gifts: Iterable[ClubGift], memberships: Mapping[tuple[str, str], Membership],
                    club: FanClub) -> ClubOutcome:
    """Apply a tick's gifts in commit order: the club gift joins (or renews a lapsed
    membership from zero points); every gift of an active member earns points."""
    current = dict(memberships)
    outcome = ClubOutcome({}, [])
    joined: dict[tuple[str, str], None] = {}  # in order, once each
    for gift in gifts:
        key = (gift.creator_id, gift.sender_id)
        held = current.get(key)
        active = held is not None and not lapsed(held, gift.at_ms, club)
        if not active and gift.gift_id != club.gift_id:
            continue
        if held is None or not active:
            held = Membership(gift.creator_id, gift.sender_id, gift.sender_display_name,
                              gift.at_ms, gift.at_ms, 0, 0, 0)
            joined[key] = None
        held = replace(held, member_display_name=gift.sender_display_name,
                       last_active_ms=max(held.last_active_ms, gift.at_ms),
                       points=held.points + gift.coins * club.points_per_coin,
                       gift_coins=held.gift_coins + gift.coins)
        current[key] = outcome.changed[key] = held
    outcome.joined = [outcome.changed[key] for key in joined]
    return outcome
