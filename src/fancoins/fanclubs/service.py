"""Fan clubs: a viewer joins a creator's club by sending the club gift (the economy's
`fan_club.gift_id`); gifts to the creator and minutes watching their LIVE earn points and keep
the membership active; levels come from points; a membership lapses after `lapse_days`
without activity (worked out when read: nothing sweeps). Joining again after a lapse starts
over at level 1.

LIVE's tick records the gifts (`record_gifts`, in its own short transaction) and LIVE's
presence the watch time (`credit_watch`); the reads serve the API and the boards.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.economy.fan_club import (
    MS_PER_DAY,
    ClubGift,
    ClubOutcome,
    Membership,
    active_level,
    club_level,
    lapsed,
    plan_club_gifts,
)
from fancoins.economy.rules import FanClub
from fancoins.fanclubs import repository


@dataclass(frozen=True, slots=True)
class Member:
    """A membership as the API shows it."""

    creator_id: str
    member_id: str
    display_name: str
    level: int
    points: int
    gift_coins: int
    watch_minutes: int
    joined_at_ms: int
    last_active_ms: int
    lapses_at_ms: int
    active: bool


def _membership(row: Any) -> Membership:
    return Membership(row.creator_id, row.member_id, row.member_display_name, row.joined_at_ms,
                      row.last_active_ms, int(row.points), int(row.gift_coins),
                      int(row.watch_minutes))


def member_of(membership: Membership, at_ms: int, club: FanClub) -> Member:
    m = membership
    return Member(m.creator_id, m.member_id, m.member_display_name, club_level(m.points, club),
                  m.points, m.gift_coins, m.watch_minutes, m.joined_at_ms, m.last_active_ms,
                  m.last_active_ms + club.lapse_days * MS_PER_DAY, not lapsed(m, at_ms, club))


class FanClubService:
    # --- LIVE ----------------------------------------------------------------------------

    async def record_gifts(self, connection: AsyncConnection, gifts: Sequence[ClubGift],
                           club: FanClub, at_ms: int
                           ) -> tuple[ClubOutcome, dict[tuple[str, str], int | None]]:
        """Apply committed gifts to memberships; returns what changed and every sender's
        club level with the creator they gifted (None: not an active member)."""
        pairs = {(g.creator_id, g.sender_id) for g in gifts}
        held = {(r.creator_id, r.member_id): _membership(r)
                for r in await repository.memberships(connection, pairs)}
        outcome = plan_club_gifts(gifts, held, club)
        await repository.save(connection, [asdict(m) for _, m in sorted(outcome.changed.items())])
        current = {**held, **outcome.changed}
        return outcome, {pair: active_level(current.get(pair), at_ms, club) for pair in pairs}

    async def credit_watch(self, connection: AsyncConnection,
                           minutes: Mapping[tuple[str, str], int], club: FanClub, at_ms: int
                           ) -> None:
        """Add watch minutes to the (creator, viewer) memberships that are active."""
        credits = [{"c": c, "m": m, "minutes": n}
                   for (c, m), n in sorted(minutes.items()) if n > 0]
        await repository.credit_watch(connection, credits,
                                      at_ms - club.lapse_days * MS_PER_DAY, at_ms,
                                      club.points_per_watch_minute)

    async def levels(self, connection: AsyncConnection, creator_id: str,
                     member_ids: Collection[str], club: FanClub, at_ms: int
                     ) -> dict[str, int]:
        """Active members' levels among `member_ids` (non-members are left out)."""
        found = {}
        for row in await repository.members_of(connection, creator_id, member_ids):
            level = active_level(_membership(row), at_ms, club)
            if level is not None:
                found[row.member_id] = level
        return found

    # --- reads ---------------------------------------------------------------------------

    async def members(self, connection: AsyncConnection, creator_id: str, club: FanClub,
                      at_ms: int, include_lapsed: bool, after: tuple[int, str] | None,
                      limit: int) -> list[Member]:
        since = None if include_lapsed else at_ms - club.lapse_days * MS_PER_DAY
        rows = await repository.club_members(connection, creator_id, since, after, limit)
        return [member_of(_membership(r), at_ms, club) for r in rows]

    async def clubs_of(self, connection: AsyncConnection, member_id: str, club: FanClub,
                       at_ms: int, limit: int) -> list[Member]:
        return [member_of(_membership(r), at_ms, club)
                for r in await repository.clubs_of(connection, member_id, limit)]


fan_clubs = FanClubService()
