"""Viewer events for battles, goals and fan clubs (see `contract` for their shapes).

No I/O here: the tick hands in what it recorded. Events that happen once (a battle's start
and end in each of its streams, a goal's completion or expiry) have ids derived from what
they are about, so the same fact always carries the same event id.
"""

from __future__ import annotations

import uuid

from fancoins.battles.service import Battle
from fancoins.economy.contests import SIDES
from fancoins.economy.fan_club import Membership
from fancoins.goals.service import Goal, StreamGoal
from fancoins.live.frames import Event, EventType, NewId, base_event, iso_time


def _once(*parts: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, "fancoins:" + ":".join(parts))


def battle_view(battle: Battle) -> Event:
    started = battle.started_at_ms or battle.invited_at_ms
    return {
        "id": battle.id, "started_at": iso_time(started),
        "ends_at": iso_time(battle.ends_at_ms or started),
        "sides": [{
            "side": side, "score_coins": battle.side_score(side),
            "creators": [{"id": p.creator_id, "display_name": p.display_name,
                          "stream_id": p.stream_id, "score_coins": p.score_coins}
                         for p in battle.participants if p.side == side],
            "supporters": [{"user_id": s.user_id, "display_name": s.display_name,
                            "coins": s.coins} for s in battle.supporters.get(side, ())],
        } for side in SIDES],
    }


def battle_events(kind: EventType, battle: Battle, at_ms: int, new_id: NewId
                  ) -> dict[str, Event]:
    """The event for each stream of the battle, by stream id."""
    view = battle_view(battle)
    events = {}
    for stream_id in battle.stream_ids:
        event_id = new_id() if kind is EventType.BATTLE_UPDATED else _once(
            "battle", battle.id, kind.value, stream_id)
        event = base_event(kind, event_id, stream_id, at_ms)
        event["battle"] = view
        if kind is EventType.BATTLE_ENDED:
            event["result"] = "draw" if battle.winner_side is None else "win"
            event["winner_side"] = battle.winner_side
        events[stream_id] = event
    return events


def goal_view(goal: Goal) -> Event:
    return {"id": goal.id, "title": goal.title, "kind": goal.kind, "gift_id": goal.gift_id,
            "target": goal.target, "progress": goal.progress,
            "deadline": iso_time(goal.deadline_at_ms) if goal.deadline_at_ms else None}


def goal_updated(state: StreamGoal, at_ms: int, new_id: NewId) -> Event:
    event = base_event(EventType.GOAL_UPDATED, new_id(), state.stream_id, at_ms)
    event.update(goal=goal_view(state.active) if state.active else None, queued=state.queued)
    return event


def goal_ended(kind: EventType, goal: Goal, at_ms: int) -> Event:
    event = base_event(kind, _once("goal", goal.id, kind.value), goal.stream_id,
                       goal.ended_at_ms or at_ms)
    event["goal"] = goal_view(goal)
    return event


def fanclub_joined(stream_id: str, membership: Membership, level: int, at_ms: int,
                   new_id: NewId) -> Event:
    event = base_event(EventType.FANCLUB_JOINED, new_id(), stream_id, at_ms)
    event.update(member={"id": membership.member_id,
                         "display_name": membership.member_display_name}, level=level)
    return event
