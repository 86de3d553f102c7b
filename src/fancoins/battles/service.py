"""Battles: a creator invites others to a LIVE match; every invitee answers; the match runs
its time while every gift to a side's creators (in the streams they battle in) adds its coins
to the side's score; then it ends exactly once, with the winner (or a draw) decided from the
ledger's own record of those gifts.

Requests (invite, accept, decline) write on the caller's unit of work. The running score and
the end belong to LIVE's tick (`record_gifts`, `end_due`, `expire_invitations`), which runs
them in its own short transaction on every API process: the score is counted by the process
whose writer committed each gift; the end is a conditional update that one process wins, and
the result it writes is summed from the gifts table, so it is exact whatever happened to the
running score (a process killed between a commit and its tick, say).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.battles import repository
from fancoins.battles.errors import (
    BattleCreatorNotLive,
    BattleDurationInvalid,
    BattleNotFound,
    BattleNotOpen,
    BattleTeamsInvalid,
    CreatorInBattle,
)
from fancoins.battles.events import BattleStarted
from fancoins.battles.repository import DECLINED, ENDED, INVITED, RUNNING
from fancoins.db.uow import UnitOfWork
from fancoins.economy.contests import (
    SIDES,
    TeamsInvalid,
    gift_counts_for_battle,
    plan_battle_result,
    plan_teams,
)
from fancoins.gifts.service import gifts_service
from fancoins.identity.service import users
from fancoins.ids import new_id
from fancoins.journal.idempotency import Answer, idempotent
from fancoins.kit.clock import MS_PER_SECOND, now_ms
from fancoins.streams.service import NotACreator, streams

INVITE_SCOPE = "battle_invite"


@dataclass(frozen=True, slots=True)
class Participant:
    creator_id: str
    display_name: str
    side: str
    stream_id: str | None
    accepted: bool
    score_coins: int


@dataclass(frozen=True, slots=True)
class Supporter:
    user_id: str
    display_name: str
    coins: int


@dataclass(frozen=True, slots=True)
class Battle:
    id: str
    inviter_id: str
    status: str
    duration_s: int
    invited_at_ms: int
    invite_expires_at_ms: int
    started_at_ms: int | None
    ends_at_ms: int | None
    ended_at_ms: int | None
    winner_side: str | None
    participants: tuple[Participant, ...]
    # The top supporters of each side ("a", "b"), most coins first.
    supporters: dict[str, tuple[Supporter, ...]] = field(default_factory=dict)

    def side_score(self, side: str) -> int:
        return sum(p.score_coins for p in self.participants if p.side == side)

    @property
    def stream_ids(self) -> tuple[str, ...]:
        return tuple(sorted({p.stream_id for p in self.participants if p.stream_id}))

    @property
    def draw(self) -> bool:
        return self.status == ENDED and self.winner_side is None


@dataclass(frozen=True, slots=True)
class BattleGift:
    """A committed LIVE gift as battles count it."""

    stream_id: str
    recipient_id: str
    sender_id: str
    sender_display_name: str
    coins: int
    at_ms: int


@dataclass(slots=True)
class BattleDeltas:
    """Coins counted for battles and not yet written: per (battle, creator), and per
    (battle, side, sender) with the sender's name."""

    scores: dict[tuple[str, str], int] = field(default_factory=dict)
    supporters: dict[tuple[str, str, str], tuple[str, int]] = field(default_factory=dict)

    def add(self, battle_id: str, creator_id: str, side: str, gift: BattleGift) -> None:
        key = (battle_id, creator_id)
        self.scores[key] = self.scores.get(key, 0) + gift.coins
        backer = (battle_id, side, gift.sender_id)
        _, coins = self.supporters.get(backer, ("", 0))
        self.supporters[backer] = (gift.sender_display_name, coins + gift.coins)

    def merge(self, other: BattleDeltas) -> None:
        for key, coins in other.scores.items():
            self.scores[key] = self.scores.get(key, 0) + coins
        for backer, (name, coins) in other.supporters.items():
            _, held = self.supporters.get(backer, ("", 0))
            self.supporters[backer] = (name, held + coins)

    def battle_ids(self) -> set[str]:
        return {battle_id for battle_id, _ in self.scores}

    def drop(self, battle_id: str) -> None:
        self.scores = {k: v for k, v in self.scores.items() if k[0] != battle_id}
        self.supporters = {k: v for k, v in self.supporters.items() if k[0] != battle_id}

    def __bool__(self) -> bool:
        return bool(self.scores)


@dataclass(frozen=True, slots=True)
class BattleRules:
    duration_s: int
    duration_min_s: int
    duration_max_s: int
    invite_ttl_s: int
    settle_grace_ms: int
    supporters_shown: int


def _participant(row: Any) -> Participant:
    return Participant(row.creator_id, row.creator_display_name, row.side, row.stream_id,
                       row.accepted_at_ms is not None, int(row.score_coins))


def _battle(row: Any, members: Sequence[Any],
            supporters: dict[str, tuple[Supporter, ...]] | None = None) -> Battle:
    return Battle(row.id, row.inviter_id, row.status, int(row.duration_s), row.invited_at_ms,
                  row.invite_expires_at_ms, row.started_at_ms, row.ends_at_ms, row.ended_at_ms,
                  row.winner_side, tuple(_participant(m) for m in members), supporters or {})


def _scoped_key(owner_id: str, key: str) -> str:
    return hashlib.sha256(f"{owner_id}\x00{key}".encode()).hexdigest()


class BattleService:
    # --- requests ----------------------------------------------------------------------

    async def invite(
        self, uow: UnitOfWork, inviter_id: str, teammates: Sequence[str],
        opponents: Sequence[str], duration_s: int | None, rules: BattleRules,
        idempotency_key: str,
    ) -> Answer[Battle]:
        """Invite creators to a battle, once per key. The inviter and `teammates` are side
        a, `opponents` side b; everyone must be a creator and LIVE, and in no other open
        battle. Raises `BattleTeamsInvalid`, `BattleDurationInvalid`, `UserNotFound`,
        `NotACreator`, `BattleCreatorNotLive`, `CreatorInBattle`, `IdempotencyKeyReused`."""
        duration = rules.duration_s if duration_s is None else duration_s
        if not rules.duration_min_s <= duration <= rules.duration_max_s:
            raise BattleDurationInvalid(
                f"a battle lasts {rules.duration_min_s} to {rules.duration_max_s} seconds",
                duration_min_s=rules.duration_min_s, duration_max_s=rules.duration_max_s)
        try:
            sides = plan_teams(inviter_id, teammates, opponents)
        except TeamsInvalid as error:
            raise BattleTeamsInvalid(str(error)) from None

        async def run() -> Battle:
            return await self._invite(await uow.connect(), inviter_id, sides, duration, rules)

        request = {"inviter": inviter_id, "teammates": list(teammates),
                   "opponents": list(opponents), "duration_s": duration}
        return await idempotent(uow, INVITE_SCOPE, _scoped_key(inviter_id, idempotency_key),
                                request, run, Battle)

    async def _invite(self, connection: AsyncConnection, inviter_id: str,
                      sides: dict[str, str], duration_s: int, rules: BattleRules) -> Battle:
        at_ms = now_ms()
        people = {}
        for creator_id in sides:
            person = await users.get(connection, creator_id)
            if not person.is_creator:
                raise NotACreator(f"{creator_id} is not a creator")
            live = await streams.live_of(connection, creator_id)
            if live is None:
                raise BattleCreatorNotLive(f"{creator_id} is not LIVE", creator_id=creator_id)
            people[creator_id] = (person.display_name, live.id)
        busy = await repository.open_participations(connection, list(sides))
        if busy:
            raise CreatorInBattle(f"{busy[0].creator_id} is in another battle",
                                  creator_id=busy[0].creator_id)
        battle_id = str(new_id())
        await repository.insert_battle(connection, {
            "id": battle_id, "inviter_id": inviter_id, "status": INVITED,
            "duration_s": duration_s, "invited_at_ms": at_ms,
            "invite_expires_at_ms": at_ms + rules.invite_ttl_s * MS_PER_SECOND,
            "started_at_ms": None, "ends_at_ms": None, "ended_at_ms": None, "winner_side": None,
        })
        for creator_id, side in sides.items():
            name, stream_id = people[creator_id]
            if not await repository.insert_participant(connection, {
                "battle_id": battle_id, "creator_id": creator_id, "creator_display_name": name,
                "side": side, "stream_id": stream_id, "score_coins": 0,
                "accepted_at_ms": at_ms if creator_id == inviter_id else None,
                "open_key": creator_id,
            }):  # another invitation took the creator meanwhile
                raise CreatorInBattle(f"{creator_id} is in another battle",
                                      creator_id=creator_id)
        return await self.get(connection, battle_id)

    async def answer(self, uow: UnitOfWork, battle_id: str, creator_id: str, *, accept: bool
                     ) -> Battle:
        """An invited creator accepts or declines. The last acceptance starts the battle
        (every creator LIVE; their current streams are the battle's) and emits
        `BattleStarted`. Accepting again, or declining a declined battle, answers the battle as
        it is, whatever it became since: a client's retry must not read as a refusal. Raises
        `BattleNotFound`, `BattleNotOpen`, `BattleCreatorNotLive`."""
        connection = await uow.connect()
        row = await repository.get_battle(connection, battle_id, lock=True)
        members = await repository.participants(connection, [battle_id])
        mine = next((m for m in members if m.creator_id == creator_id), None)
        if row is None or mine is None:
            raise BattleNotFound(f"no battle {battle_id} for {creator_id}")
        at_ms = now_ms()
        if (accept and mine.accepted_at_ms is not None) or (not accept
                                                            and row.status == DECLINED):
            return await self.get(connection, battle_id)
        if row.status != INVITED or at_ms >= row.invite_expires_at_ms:
            raise BattleNotOpen(f"battle {battle_id} is {row.status}", status=row.status)
        if not accept:
            await repository.set_status(connection, battle_id, INVITED,
                                        {"status": DECLINED, "ended_at_ms": at_ms})
            await repository.release(connection, [battle_id])
            return await self.get(connection, battle_id)
        await repository.update_participant(connection, battle_id, creator_id,
                                            {"accepted_at_ms": at_ms})
        if all(m.accepted_at_ms is not None or m.creator_id == creator_id for m in members):
            await self._start(uow, connection, row, [m.creator_id for m in members], at_ms)
        return await self.get(connection, battle_id)

    async def _start(self, uow: UnitOfWork, connection: AsyncConnection, row: Any,
                     creator_ids: Sequence[str], at_ms: int) -> None:
        stream_ids = []
        for creator_id in creator_ids:
            live = await streams.live_of(connection, creator_id)
            if live is None:
                raise BattleCreatorNotLive(f"{creator_id} is not LIVE", creator_id=creator_id)
            await repository.update_participant(connection, row.id, creator_id,
                                                {"stream_id": live.id})
            stream_ids.append(live.id)
        ends_at_ms = at_ms + int(row.duration_s) * MS_PER_SECOND
        await repository.set_status(connection, row.id, INVITED, {
            "status": RUNNING, "started_at_ms": at_ms, "ends_at_ms": ends_at_ms})
        uow.emit(BattleStarted(row.id, tuple(sorted(stream_ids)), at_ms, ends_at_ms))

    # --- reads -------------------------------------------------------------------------

    async def get(self, connection: AsyncConnection, battle_id: str,
                  supporters_shown: int = 0) -> Battle:
        """Raises `BattleNotFound`."""
        row = await repository.get_battle(connection, battle_id)
        if row is None:
            raise BattleNotFound(f"no battle {battle_id}")
        members = await repository.participants(connection, [battle_id])
        top = await self.supporters(connection, battle_id, supporters_shown) \
            if supporters_shown else {}
        return _battle(row, members, top)

    async def supporters(self, connection: AsyncConnection, battle_id: str, limit: int
                         ) -> dict[str, tuple[Supporter, ...]]:
        return {side: tuple(Supporter(r.sender_id, r.sender_display_name, int(r.coins))
                            for r in await repository.top_supporters(connection, battle_id,
                                                                     side, limit))
                for side in SIDES}

    async def battles_of(self, connection: AsyncConnection, creator_id: str,
                         status: str | None, before: tuple[int, str] | None, limit: int
                         ) -> list[Battle]:
        rows = await repository.battles_of(connection, creator_id, status, before, limit)
        members: defaultdict[str, list[Any]] = defaultdict(list)
        for member in await repository.participants(connection, [r.id for r in rows]):
            members[member.battle_id].append(member)
        return [_battle(row, members[row.id]) for row in rows]

    # --- LIVE's tick -------------------------------------------------------------------

    async def count_gifts(self, connection: AsyncConnection, gifts: Sequence[BattleGift],
                          deltas: BattleDeltas) -> None:
        """Add committed gifts (to the battles their streams are in, within each battle's
        window) to `deltas`; nothing is written (see `add_deltas`)."""
        rows = await repository.running_in_streams(connection, {g.stream_id for g in gifts})
        members = {(r.stream_id, r.creator_id): r for r in rows}
        for gift in gifts:
            member = members.get((gift.stream_id, gift.recipient_id))
            if member is None or not gift_counts_for_battle(
                    gift.at_ms, member.started_at_ms, member.ends_at_ms):
                continue
            deltas.add(member.battle_id, member.creator_id, member.side, gift)

    async def add_deltas(self, connection: AsyncConnection, deltas: BattleDeltas,
                         supporters_shown: int) -> list[Battle]:
        """Write counted gifts into the running scores and supporters of the battles still
        running; returns those battles as they stand now (every process's gifts so far). A
        battle that ended meanwhile keeps its exact result."""
        running = await repository.lock_running(connection, deltas.battle_ids())
        if not running:
            return []
        await repository.add_scores(connection, sorted(
            (b, c, n) for (b, c), n in deltas.scores.items() if b in running))
        await repository.add_supporters(connection, sorted(
            (b, side, sender, name, n) for (b, side, sender), (name, n)
            in deltas.supporters.items() if b in running))
        return [await self.get(connection, battle_id, supporters_shown)
                for battle_id in sorted(running)]

    async def end_due(self, connection: AsyncConnection, at_ms: int, rules: BattleRules,
                      limit: int) -> list[Battle]:
        """End the battles whose time is up (`settle_grace_ms` ago), each exactly once, with
        scores, supporters and winner summed from the gifts table."""
        ended = []
        for row in await repository.due_to_end(connection, at_ms - rules.settle_grace_ms,
                                               limit):
            battle = await self._settle(connection, row, at_ms, rules)
            if battle is not None:
                ended.append(battle)
        return ended

    async def _settle(self, connection: AsyncConnection, row: Any, at_ms: int,
                      rules: BattleRules) -> Battle | None:
        members = await repository.participants(connection, [row.id])
        by_creator: dict[str, int] = {}
        backers: dict[tuple[str, str], dict[str, Any]] = {}
        for member in members:
            totals = await gifts_service.sender_totals(
                connection, stream_ids=[member.stream_id] if member.stream_id else [],
                recipient_ids=[member.creator_id], since_ms=row.started_at_ms,
                until_ms=row.ends_at_ms)
            by_creator[member.creator_id] = sum(t.coins for t in totals)
            for total in totals:
                line = backers.setdefault((member.side, total.user_id), {
                    "battle_id": row.id, "side": member.side, "sender_id": total.user_id,
                    "sender_display_name": total.display_name, "coins": 0})
                line["coins"] += total.coins
        scores = {side: sum(by_creator[m.creator_id] for m in members if m.side == side)
                  for side in SIDES}
        result = plan_battle_result(scores)
        if not await repository.set_status(connection, row.id, RUNNING, {
                "status": ENDED, "ended_at_ms": at_ms, "winner_side": result.winner_side}):
            return None  # another process ended it first
        for member in members:
            await repository.update_participant(connection, row.id, member.creator_id, {
                "score_coins": by_creator[member.creator_id], "open_key": None})
        await repository.replace_supporters(connection, row.id,
                                            [backers[k] for k in sorted(backers)])
        return await self.get(connection, row.id, rules.supporters_shown)

    async def expire_invitations(self, connection: AsyncConnection, at_ms: int, limit: int
                                 ) -> list[str]:
        expired = await repository.expire_invitations(connection, at_ms, limit)
        await repository.release(connection, expired)
        return expired

    async def running_in_stream(self, connection: AsyncConnection, stream_id: str,
                                supporters_shown: int) -> Battle | None:
        """The running battle the stream is in, if any (what a joining viewer sees first)."""
        rows = await repository.running_in_streams(connection, [stream_id])
        if not rows:
            return None
        return await self.get(connection, rows[0].battle_id, supporters_shown)

    async def stream_ids_of(self, connection: AsyncConnection, battle_ids: Collection[str]
                            ) -> dict[str, tuple[str, ...]]:
        members: defaultdict[str, set[str]] = defaultdict(set)
        for member in await repository.participants(connection, battle_ids):
            if member.stream_id:
                members[member.battle_id].add(member.stream_id)
        return {b: tuple(sorted(s)) for b, s in members.items()}


battles = BattleService()
