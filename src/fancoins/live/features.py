"""Battles, goals and fan clubs in LIVE: what a tick's committed gifts do to them, what the
sweep ends, what a joining viewer sees first, and the watch time of fan club members.

A tick's step runs inside the combos' short transaction (in a savepoint of its own: a failure
here is logged and undone without costing the combos) and does only what the tick's frame
needs: fan club levels (the badges on its gift events), goal progress and completions, ends.
Battle scores are counted in memory and written, like the scores and goal progress viewers
see, at most once per board interval (`flush`), their events riding on the stream's next gift
frame as boards do: under a storm the gift frame never waits for them. Every event goes
through the stream's numbered log (`feed.py`) like every other LIVE event: a tick's in the
tick's frame, a flush's riding on the next one (or in a frame of its own), so each carries a
`seq`, reaches every process once and in order, and its moments join a joining viewer's
history. A stream's running battle and goal are a LIVE part's snapshot (`parts.py`): in a
joining viewer's first frame and in every snapshot resync. Ends (a battle's, a goal's) are
conditional updates: exactly one process announces each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import structlog
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from fancoins.battles.events import BattleStarted
from fancoins.battles.service import BattleDeltas, BattleGift, BattleRules, battles
from fancoins.config import Settings
from fancoins.db.engine import read_only
from fancoins.economy.fan_club import ClubGift
from fancoins.fanclubs.service import fan_clubs
from fancoins.gifts.events import GiftSent
from fancoins.goals.events import GoalsChanged
from fancoins.goals.service import GoalChanges, GoalGift, goals
from fancoins.ids import new_id
from fancoins.kit.clock import MS_PER_MINUTE
from fancoins.kit.events import DomainEvent
from fancoins.kit.shared import SharedReads
from fancoins.live import feature_frames
from fancoins.live.frames import Event, EventType
from fancoins.streams.service import streams

log = structlog.get_logger(__name__)

# Streams whose first-frame battle and goal are remembered at once (bounded memory).
SNAPSHOTS_MAX = 10_000


@dataclass(slots=True)
class FeatureOutcome:
    events: defaultdict[str, list[Event]] = field(default_factory=lambda: defaultdict(list))
    # (creator, sender) -> the sender's fan club level with the creator (None: no member).
    clubs: dict[tuple[str, str], int | None] = field(default_factory=dict)
    # Battle coins counted in this tick, and streams whose goal moved: for the next flush.
    deltas: BattleDeltas = field(default_factory=BattleDeltas)
    goal_streams: set[str] = field(default_factory=set)
    ended_battles: set[str] = field(default_factory=set)
    # Its coins and moved goals were written by a flush in its own transaction (`flush`):
    # nothing of them is left for the next one.
    flushed: bool = False

    @property
    def moved(self) -> bool:
        return bool(self.deltas) or bool(self.goal_streams)

    def clubs_of(self, creator_id: str) -> dict[str, int]:
        return {sender: level for (creator, sender), level in self.clubs.items()
                if creator == creator_id and level is not None}


class WatchTime:
    """Who watches which stream in this process, and the whole minutes not yet credited."""

    def __init__(self) -> None:
        # stream -> user -> [connections, credited up to (ms)]
        self._watching: dict[str, dict[str, list[int]]] = {}

    def join(self, stream_id: str, user_id: str, at_ms: int) -> None:
        users = self._watching.setdefault(stream_id, {})
        entry = users.get(user_id)
        if entry is None:
            users[user_id] = [1, at_ms]
        else:
            entry[0] += 1

    def leave(self, stream_id: str, user_id: str) -> None:
        users = self._watching.get(stream_id, {})
        entry = users.get(user_id)
        if entry is None:
            return
        entry[0] -= 1
        if entry[0] <= 0:
            del users[user_id]
            if not users:
                self._watching.pop(stream_id, None)

    def due(self, at_ms: int) -> dict[str, dict[str, int]]:
        """Whole minutes watched since the last credit, by stream and user (now credited)."""
        found: dict[str, dict[str, int]] = {}
        for stream_id, users in self._watching.items():
            for user_id, entry in users.items():
                minutes = (at_ms - entry[1]) // MS_PER_MINUTE
                if minutes > 0:
                    entry[1] += minutes * MS_PER_MINUTE
                    found.setdefault(stream_id, {})[user_id] = minutes
        return found


class FeatureStep:
    """One tick's work on battles, goals and fan clubs; `outcome` is set only when it ran to
    the end (a failed step leaves nothing to announce). The battle coins it counted and the
    streams whose goal moved are handed to the next flush by `LiveFeatures.merge`."""

    def __init__(self, features: LiveFeatures, gifts: Sequence[GiftSent],
                 notices: Sequence[DomainEvent], at_ms: int, sweep: bool) -> None:
        self._features = features
        self._gifts = [g for g in gifts if g.stream_id]
        self._notices = notices
        self._at_ms = at_ms
        self._sweep = sweep
        self.outcome = FeatureOutcome()

    async def run(self, connection: AsyncConnection) -> None:
        self.outcome = FeatureOutcome()  # a retried transaction starts again from nothing
        outcome = FeatureOutcome()
        features, at_ms = self._features, self._at_ms
        await features.record_clubs(connection, self._gifts, at_ms, outcome)
        # Goals before battles: a tick that also writes battle scores (`flush`, after this in
        # the same transaction) then locks a goal's row before a battle's, as a tick ending a
        # battle does; two processes' ticks never wait on each other in a cycle.
        goal_events = FeatureOutcome()
        await features.record_goals(connection, self._gifts, self._notices, at_ms,
                                    self._sweep, goal_events)
        outcome.goal_streams = goal_events.goal_streams
        await features.record_battles(connection, self._gifts, self._notices, at_ms,
                                      self._sweep, outcome)
        for stream_id, events in goal_events.events.items():  # told after the battles'
            outcome.events[stream_id].extend(events)
        self.outcome = outcome


class LiveFeatures:
    def __init__(self, db: AsyncEngine, settings: Settings) -> None:
        self._db = db
        self._club = settings.economy.fan_club
        self._rules = BattleRules(
            settings.battles.duration_s, settings.battles.duration_min_s,
            settings.battles.duration_max_s, settings.battles.invite_ttl_s,
            settings.battles.settle_grace_ms, settings.battles.supporters_shown)
        self._sweep_max = settings.live.contest_sweep_max
        self._snapshot_max_age_ms = settings.live.board_interval_ms
        self._snapshots: dict[str, tuple[int, list[Event]]] = {}
        self._fetches: SharedReads[str, list[Event]] = SharedReads("live-snapshot-read")
        self.watch = WatchTime()
        # Counted since the last flush (committed gifts: counted whatever the tick's fate).
        self._pending = BattleDeltas()
        self._goal_streams: set[str] = set()
        self._taken: tuple[BattleDeltas, set[str]] = (BattleDeltas(), set())

    def step(self, gifts: Sequence[GiftSent], notices: Sequence[DomainEvent], at_ms: int,
             sweep: bool) -> FeatureStep:
        return FeatureStep(self, gifts, notices, at_ms, sweep)

    # --- a tick's parts ------------------------------------------------------------------

    async def record_clubs(self, connection: AsyncConnection, gifts: Sequence[GiftSent],
                           at_ms: int, outcome: FeatureOutcome) -> None:
        if not gifts:
            return
        club_gifts = [ClubGift(g.recipient_id, g.sender_id, g.sender_display_name, g.gift_id,
                               g.coins, g.committed_at_ms) for g in gifts]
        streams_of = {(g.recipient_id, g.sender_id): g.stream_id or "" for g in gifts}
        changed, outcome.clubs = await fan_clubs.record_gifts(connection, club_gifts,
                                                              self._club, at_ms)
        for member in changed.joined:
            stream_id = streams_of[(member.creator_id, member.member_id)]
            level = outcome.clubs.get((member.creator_id, member.member_id)) or 1
            outcome.events[stream_id].append(
                feature_frames.fanclub_joined(stream_id, member, level, at_ms, new_id))

    async def record_battles(self, connection: AsyncConnection, gifts: Sequence[GiftSent],
                             notices: Sequence[DomainEvent], at_ms: int, sweep: bool,
                             outcome: FeatureOutcome) -> None:
        for notice in notices:
            if isinstance(notice, BattleStarted):
                battle = await battles.get(connection, notice.battle_id)
                self._add(outcome, feature_frames.battle_events(
                    EventType.BATTLE_STARTED, battle, notice.started_at_ms, new_id))
        if gifts:
            await battles.count_gifts(connection, [
                BattleGift(g.stream_id or "", g.recipient_id, g.sender_id,
                           g.sender_display_name, g.coins, g.committed_at_ms) for g in gifts],
                outcome.deltas)
        if sweep:
            await battles.expire_invitations(connection, at_ms, self._sweep_max)
            for battle in await battles.end_due(connection, at_ms, self._rules,
                                                self._sweep_max):
                log.info("battle_ended", battle_id=battle.id, winner_side=battle.winner_side)
                outcome.ended_battles.add(battle.id)
                self._add(outcome, feature_frames.battle_events(
                    EventType.BATTLE_ENDED, battle, at_ms, new_id))

    async def record_goals(self, connection: AsyncConnection, gifts: Sequence[GiftSent],
                           notices: Sequence[DomainEvent], at_ms: int, sweep: bool,
                           outcome: FeatureOutcome) -> None:
        changes = GoalChanges()
        changes.streams.update(n.stream_id for n in notices if isinstance(n, GoalsChanged))
        if gifts:
            await goals.record_gifts(connection, [
                GoalGift(g.stream_id or "", g.gift_id, g.count, g.coins, g.committed_at_ms)
                for g in gifts], changes)
        if sweep:
            await goals.expire_due(connection, at_ms, self._sweep_max, changes)
        for goal in changes.completed:
            outcome.events[goal.stream_id].append(
                feature_frames.goal_ended(EventType.GOAL_COMPLETED, goal, at_ms))
        for goal in changes.expired:
            outcome.events[goal.stream_id].append(
                feature_frames.goal_ended(EventType.GOAL_EXPIRED, goal, at_ms))
        outcome.goal_streams |= changes.streams

    # --- what viewers see of scores and progress, at most once per board interval -------

    def merge(self, outcome: FeatureOutcome) -> None:
        """Keep a tick's counted coins and moved goals for the next flush (unless one in
        its own transaction wrote them)."""
        if not outcome.flushed:
            self._pending.merge(outcome.deltas)
            self._goal_streams |= outcome.goal_streams
        for battle_id in outcome.ended_battles:  # its result is exact: nothing to add
            self._pending.drop(battle_id)

    @property
    def moved(self) -> bool:
        """Whether a battle score or a goal moved since the last flush (else it has nothing
        to write, and no transaction is opened for it)."""
        return bool(self._pending) or bool(self._goal_streams)

    async def flush(self, connection: AsyncConnection, at_ms: int,
                    tick: FeatureOutcome | None = None) -> dict[str, list[Event]]:
        """Write the counted battle coins; `battle.updated` and `goal.updated` for what
        moved, by stream. What was taken is forgotten only once this has run to the end
        (the caller's transaction may still fail: see `restore`). `tick`: the outcome of a
        tick's step in this same transaction, written too (its scores then count the gifts
        of the frame its events go in); marked `flushed` once this ran to the end. (Should the
        transaction fail, `restore` puts back only what earlier ticks counted: the tick's
        gifts are counted again with the tick.)"""
        pending, self._pending = self._pending, BattleDeltas()
        streams_moved, self._goal_streams = self._goal_streams, set()
        self._taken = (pending, streams_moved)
        deltas, goal_streams = pending, streams_moved
        if tick is not None:
            deltas = BattleDeltas()
            deltas.merge(pending)
            deltas.merge(tick.deltas)
            for battle_id in tick.ended_battles:  # its result is exact: nothing to add
                deltas.drop(battle_id)
            goal_streams = streams_moved | tick.goal_streams
        events = await self._write_moved(connection, deltas, goal_streams, at_ms)
        if tick is not None:
            tick.flushed = True
        return events

    async def _write_moved(self, connection: AsyncConnection, deltas: BattleDeltas,
                           streams_moved: set[str], at_ms: int) -> dict[str, list[Event]]:
        events: defaultdict[str, list[Event]] = defaultdict(list)
        if deltas:
            for battle in await battles.add_deltas(connection, deltas,
                                                   self._rules.supporters_shown):
                for stream_id, event in feature_frames.battle_events(
                        EventType.BATTLE_UPDATED, battle, at_ms, new_id).items():
                    events[stream_id].append(event)
        for stream_id in sorted(streams_moved):
            state = await goals.state(connection, stream_id)
            events[stream_id].append(feature_frames.goal_updated(state, at_ms, new_id))
        return events

    def restore(self) -> None:
        """The flush's transaction failed: what it took is counted again next time."""
        pending, streams_moved = self._taken
        self._pending.merge(pending)
        self._goal_streams |= streams_moved

    @staticmethod
    def _add(outcome: FeatureOutcome, by_stream: dict[str, Event]) -> None:
        for stream_id, event in by_stream.items():
            outcome.events[stream_id].append(event)

    async def end_stream(self, connection: AsyncConnection, stream_id: str, at_ms: int) -> None:
        """The LIVE ended: its open goals end unfinished (its battle runs to its time)."""
        await goals.end_stream(connection, stream_id, at_ms)
        self._snapshots.pop(stream_id, None)

    # --- watch time ----------------------------------------------------------------------

    async def credit_watch(self, connection: AsyncConnection, due: dict[str, dict[str, int]],
                           at_ms: int) -> None:
        """Credit the whole minutes (`WatchTime.due`) fan club members watched their
        creators' LIVE."""
        targets, _ = await streams.targets(connection, set(due), ())
        minutes = {(targets[stream_id].creator_id, user_id): n
                   for stream_id, users in due.items() if stream_id in targets
                   for user_id, n in users.items()}
        await fan_clubs.credit_watch(connection, minutes, self._club, at_ms)

    # --- as a LIVE part (`parts.py`) -------------------------------------------------------

    async def on_gifts(self, gifts: Sequence[GiftSent], at_ms: int
                       ) -> Mapping[str, Sequence[Event]]:
        """Nothing here: the gifts' work needs the tick's own transaction (`step`)."""
        return {}

    async def snapshot(self, stream_id: str, at_ms: int) -> Sequence[Event]:
        return await self.snapshot_events(stream_id, at_ms)

    # --- a joining viewer's first frame --------------------------------------------------

    async def snapshot_events(self, stream_id: str, at_ms: int) -> list[Event]:
        """The stream's running battle and goal, re-read at most once per board interval."""
        cached = self._snapshots.get(stream_id)
        if cached is not None and at_ms - cached[0] < self._snapshot_max_age_ms:
            return cached[1]
        return await self._fetches.get(stream_id, lambda: self._fetch(stream_id, at_ms))

    async def _fetch(self, stream_id: str, at_ms: int) -> list[Event]:
        events: list[Event] = []
        async with read_only(self._db) as connection:
            battle = await battles.running_in_stream(connection, stream_id,
                                                     self._rules.supporters_shown)
            state = await goals.state(connection, stream_id)
        if battle is not None:
            events.append(feature_frames.battle_events(
                EventType.BATTLE_UPDATED, battle, at_ms, new_id)[stream_id])
        if state.active is not None or state.queued:
            events.append(feature_frames.goal_updated(state, at_ms, new_id))
        if stream_id not in self._snapshots and len(self._snapshots) >= SNAPSHOTS_MAX:
            self._snapshots.pop(next(iter(self._snapshots)))
        self._snapshots[stream_id] = (at_ms, events)
        return events

    async def cancel_fetches(self) -> None:
        await self._fetches.cancel()
