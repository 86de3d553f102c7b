"""Gift goals: a creator sets targets for a LIVE; one goal is active at a time, the others
wait their turn. LIVE's tick counts committed gifts into the active goal (`record_gifts`) and
completes it exactly once (a conditional update on a goal locked for the tick), after which
the next queued goal becomes active. Deadlines are swept the same way (`expire_due`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.uow import UnitOfWork
from fancoins.economy.contests import GOAL_KINDS, goal_amount, plan_goal_step
from fancoins.gifts.service import gifts_service
from fancoins.goals import repository
from fancoins.goals.errors import GoalInvalid, GoalNotFound, GoalQueueFull
from fancoins.goals.events import GoalsChanged
from fancoins.goals.repository import ACTIVE, CANCELLED, COMPLETED, EXPIRED, OPEN
from fancoins.ids import new_id
from fancoins.journal.idempotency import Answer, idempotent
from fancoins.kit.clock import MS_PER_SECOND, now_ms
from fancoins.streams.service import NotStreamOwner, StreamNotLive, streams

SET_SCOPE = "goal_set"


@dataclass(frozen=True, slots=True)
class Goal:
    id: str
    stream_id: str
    creator_id: str
    title: str
    kind: str
    gift_id: str | None
    target: int
    progress: int
    status: str
    created_at_ms: int
    activated_at_ms: int | None
    deadline_at_ms: int | None
    ended_at_ms: int | None


@dataclass(frozen=True, slots=True)
class GoalAsk:
    title: str
    kind: str
    target: int
    gift_id: str | None
    deadline_at_ms: int | None


@dataclass(frozen=True, slots=True)
class GoalGift:
    """A committed LIVE gift as goals count it."""

    stream_id: str
    gift_id: str
    count: int
    coins: int
    at_ms: int


@dataclass(frozen=True, slots=True)
class StreamGoal:
    """What viewers see of a stream's goals: the active one and how many wait."""

    stream_id: str
    active: Goal | None
    queued: int


@dataclass(slots=True)
class GoalChanges:
    completed: list[Goal] = field(default_factory=list)  # in the order they completed
    expired: list[Goal] = field(default_factory=list)
    streams: set[str] = field(default_factory=set)  # whose goal state changed


def goal_of(row: Any) -> Goal:
    return Goal(row.id, row.stream_id, row.creator_id, row.title, row.kind, row.gift_id,
                int(row.target), int(row.progress), row.status, row.created_at_ms,
                row.activated_at_ms, row.deadline_at_ms, row.ended_at_ms)


def _scoped_key(owner_id: str, key: str) -> str:
    return hashlib.sha256(f"{owner_id}\x00{key}".encode()).hexdigest()


class GoalService:
    # --- requests ----------------------------------------------------------------------

    async def set_goal(self, uow: UnitOfWork, stream_id: str, actor_user_id: str | None,
                       ask: GoalAsk, open_max: int, deadline_max_s: int,
                       idempotency_key: str) -> Answer[Goal]:
        """Set a goal for a LIVE (its creator; an operator or API key when `actor_user_id`
        is None), once per key: active at once when the stream has none, else queued.
        Raises `StreamNotFound`, `StreamNotLive`, `GoalInvalid`, `GoalQueueFull`."""
        async def run() -> Goal:
            return await self._set(uow, stream_id, actor_user_id, ask, open_max,
                                   deadline_max_s)

        owner = actor_user_id or "operator"
        request = {"stream_id": stream_id, "title": ask.title, "kind": ask.kind,
                   "target": ask.target, "gift_id": ask.gift_id,
                   "deadline_at_ms": ask.deadline_at_ms}
        return await idempotent(uow, SET_SCOPE, _scoped_key(owner, idempotency_key), request,
                                run, Goal)

    async def _set(self, uow: UnitOfWork, stream_id: str, actor_user_id: str | None,
                   ask: GoalAsk, open_max: int, deadline_max_s: int) -> Goal:
        connection = await uow.connect()
        stream = await streams.get(connection, stream_id)
        if actor_user_id is not None and actor_user_id != stream.creator_id:
            raise NotStreamOwner(stream_id)
        if not stream.live:
            raise StreamNotLive(f"stream {stream_id} is not live")
        at_ms = now_ms()
        await self._check(connection, ask, at_ms, deadline_max_s)
        if await repository.open_count(connection, stream_id) >= open_max:
            raise GoalQueueFull(f"a LIVE holds at most {open_max} goals", goals_max=open_max)
        goal_id = str(new_id())
        values: dict[str, Any] = {
            "id": goal_id, "stream_id": stream_id, "creator_id": stream.creator_id,
            "title": ask.title, "kind": ask.kind, "gift_id": ask.gift_id, "target": ask.target,
            "progress": 0, "created_at_ms": at_ms, "deadline_at_ms": ask.deadline_at_ms,
            "ended_at_ms": None}
        if not await repository.insert_active(connection, values):
            await repository.insert_queued(connection, values)
        uow.emit(GoalsChanged(stream_id, goal_id))
        return await self.get(connection, goal_id)

    async def _check(self, connection: AsyncConnection, ask: GoalAsk, at_ms: int,
                     deadline_max_s: int) -> None:
        if ask.kind not in GOAL_KINDS:
            raise GoalInvalid(f"kind is one of {', '.join(GOAL_KINDS)}")
        if ask.kind == "gift_count":
            if ask.gift_id is None or await gifts_service.get_gift(connection,
                                                                   ask.gift_id) is None:
                raise GoalInvalid("a gift_count goal names a gift of the catalog (gift_id)")
        elif ask.gift_id is not None:
            raise GoalInvalid("gift_id goes with a gift_count goal")
        if ask.deadline_at_ms is not None and not (
                at_ms < ask.deadline_at_ms <= at_ms + deadline_max_s * MS_PER_SECOND):
            raise GoalInvalid(f"the deadline is in the future, at most {deadline_max_s} s away")

    async def cancel(self, uow: UnitOfWork, goal_id: str, actor_user_id: str | None) -> Goal:
        """Cancel an active or queued goal (its creator, or an operator); the next queued
        goal becomes active. Cancelling an ended goal answers it as it is."""
        connection = await uow.connect()
        row = await repository.get(connection, goal_id, lock=True)
        if row is None or (actor_user_id is not None and actor_user_id != row.creator_id):
            raise GoalNotFound(f"no goal {goal_id}")
        at_ms = now_ms()
        if row.status in OPEN and await repository.end(connection, goal_id, CANCELLED, at_ms):
            if row.status == ACTIVE:
                await repository.activate_next(connection, row.stream_id, at_ms)
            uow.emit(GoalsChanged(row.stream_id, goal_id))
        return await self.get(connection, goal_id)

    # --- reads -------------------------------------------------------------------------

    async def get(self, connection: AsyncConnection, goal_id: str) -> Goal:
        row = await repository.get(connection, goal_id)
        if row is None:
            raise GoalNotFound(f"no goal {goal_id}")
        return goal_of(row)

    async def of_stream(self, connection: AsyncConnection, stream_id: str, limit: int
                        ) -> list[Goal]:
        return [goal_of(r) for r in await repository.of_stream(connection, stream_id, limit)]

    async def state(self, connection: AsyncConnection, stream_id: str) -> StreamGoal:
        rows = await repository.active_in_streams(connection, [stream_id], lock=False)
        return StreamGoal(stream_id, goal_of(rows[0]) if rows else None,
                          await repository.queued_count(connection, stream_id))

    # --- LIVE's tick -------------------------------------------------------------------

    async def record_gifts(self, connection: AsyncConnection, gifts: Sequence[GoalGift],
                           changes: GoalChanges) -> None:
        """Count committed gifts (in commit order) into their streams' active goals; a goal
        that reaches its target completes (once) and the next queued one takes over."""
        rows = await repository.active_in_streams(connection, {g.stream_id for g in gifts})
        active: dict[str, Goal | None] = {r.stream_id: goal_of(r) for r in rows}
        progress: dict[str, int] = {}
        for gift in gifts:
            goal = active.get(gift.stream_id)
            if goal is None or gift.at_ms < (goal.activated_at_ms or 0) or (
                    goal.deadline_at_ms is not None and gift.at_ms >= goal.deadline_at_ms):
                continue
            amount = goal_amount(goal.kind, goal.gift_id, gift.gift_id, gift.count, gift.coins)
            if amount == 0:
                continue
            step = plan_goal_step(progress.get(goal.id, goal.progress), goal.target, amount)
            progress[goal.id] = step.progress
            changes.streams.add(gift.stream_id)
            if step.completed and await repository.end(connection, goal.id, COMPLETED,
                                                       gift.at_ms, step.progress):
                changes.completed.append(goal_of(await repository.get(connection, goal.id)))
                following = await repository.activate_next(connection, gift.stream_id,
                                                           gift.at_ms)
                active[gift.stream_id] = goal_of(following) if following is not None else None
        done = {g.id for g in changes.completed}
        for goal_id, reached in sorted(progress.items()):
            if goal_id not in done:
                await repository.set_progress(connection, goal_id, reached)

    async def expire_due(self, connection: AsyncConnection, at_ms: int, limit: int,
                         changes: GoalChanges) -> None:
        """Active goals past their deadline expire (once each); the next takes over."""
        await repository.expire_queued(connection, at_ms, limit)
        for row in await repository.active_past_deadline(connection, at_ms, limit):
            if await repository.end(connection, row.id, EXPIRED, at_ms):
                changes.expired.append(goal_of(await repository.get(connection, row.id)))
                changes.streams.add(row.stream_id)
                await repository.activate_next(connection, row.stream_id, at_ms)

    async def end_stream(self, connection: AsyncConnection, stream_id: str, at_ms: int) -> None:
        """The LIVE ended: its open goals end unfinished."""
        await repository.end_open_of_stream(connection, stream_id, at_ms)


goals = GoalService()
