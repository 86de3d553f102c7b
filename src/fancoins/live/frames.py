"""Viewer events for one stream and one tick, coalesced so a frame stays small.

Every event has `type`, `event_id`, `stream_id`, `time` (ISO 8601, UTC) and `time_ms` (for
gifts: their batch's time, as recorded on the gift). Numbered events also carry `seq`: the
stream's events are numbered 1, 2, 3... in the order the stream's log committed them, the
same numbers on every process, so a client that sees a number skipped knows it missed
something (the server does not skip: it delivers each once, in order, reading back from the
log what fan-out did not bring). `viewers.updated`, `resync` and the snapshot a viewer gets
on joining are state, not history: they carry no `seq` (a snapshot carries `next_seq`, the
number the next event will have).
- `gift.sent`: `sender` {id, display_name, level, badges}, `gift` {id, name, price_coins,
  streakable}, `count`, `coins`, `diamonds`, `sends`, `combo` {id, count, ended} or null.
- `combo.updated`: the same fields, for more sends in a running combo (`count` is this
  frame's, `combo.count` the running total).
- `gift.summary`: what did not fit a frame, exactly: `count`, `coins`, `diamonds`, `sends`,
  `senders` and per-gift lines. With `recovered: true` (and `senders` null) it stands for
  gifts the gifts table holds that no event told (told at the stream's end).
- `combo.ended`: `sender`, `gift`, `combo` {id, count, coins, diamonds, ended, started_at};
  sent once per combo.
- `leaderboard.updated`: `snapshot` (a full board) or only the `entries` that changed
  {rank, user_id, display_name, coins, level, badges} and the user ids `removed`.
- `viewers.updated`: `count` (every process). `stream.ended`: the last event.
- `resync`: `reason`, `next_seq`, `snapshot`. Where the client stands has changed:
  `fanout-degraded` (Redis unreachable: events keep coming, in order, up to
  `live.degraded_poll_ms` late), `fanout-restored`, or `snapshot` (what was missed is older
  than the log keeps: the board that follows is the state, and numbering continues at
  `next_seq`). A viewer who joins while fan-out is degraded gets one in its first frame.
The server sends at most one gift frame per stream per tick and per API process (plus boards
at most every `live.board_interval_ms` and viewer counts every `live.viewers_interval_ms`),
so the frame rate a viewer sees is bounded whatever the gift rate.

A viewer's first frame is the stream's history — its last `live.history_events` events of
kinds shown in history (gifts, combos and other parts' moments: `EventKind.in_history`), as
numbered and sent before — then the snapshot: the board (`snapshot: true`, with `next_seq`),
the viewer count and every part's state. Live events follow from `next_seq` on, none twice.

Within a tick, sends of the same sender, gift and combo fold into one event (counts, coins
and diamonds summed, `sends` telling how many): `gift.sent` when it opens a combo or has none,
`combo.updated` when it extends a running combo. At most `gift_events_max` of those are shown
one by one (the most valuable), the rest fold into one `gift.summary`; the sums of `count`,
`coins` and `diamonds` over a tick's gift events always equal what committed.
No I/O here: the engine passes in everything these functions need.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from fancoins.economy.boards import BoardChange, Standing
from fancoins.economy.levels import badges_for, gifter_level
from fancoins.economy.messages import tier_of
from fancoins.economy.rules import GiftTier, Levels
from fancoins.gifts.events import GiftSent
from fancoins.live.combos import Combo

Event = dict[str, Any]


class EventType(enum.StrEnum):
    GIFT_SENT = "gift.sent"
    GIFT_SUMMARY = "gift.summary"
    COMBO_UPDATED = "combo.updated"
    COMBO_ENDED = "combo.ended"
    LEADERBOARD_UPDATED = "leaderboard.updated"
    VIEWERS_UPDATED = "viewers.updated"
    STREAM_ENDED = "stream.ended"
    RESYNC = "resync"
    BATTLE_STARTED = "battle.started"
    BATTLE_UPDATED = "battle.updated"
    BATTLE_ENDED = "battle.ended"
    GOAL_UPDATED = "goal.updated"
    GOAL_COMPLETED = "goal.completed"
    GOAL_EXPIRED = "goal.expired"
    FANCLUB_JOINED = "fanclub.joined"
    GIFT_ANSWER = "gift.answer"


NewId = Callable[[], uuid.UUID]


@dataclass(frozen=True, slots=True)
class EventKind:
    """A kind of viewer event, declared once (`event_kind`). `numbered`: it gets a `seq`, is
    kept in the stream's log and replayed to a process that missed it (state that the next
    one supersedes, like a viewer count, is not). `in_history`: a viewer who joins gets it
    among the stream's last events (moments: a gift, a goal reached); state such as a board
    or a score is not, since the joining viewer's snapshot carries it as it is now."""

    name: str
    in_history: bool
    numbered: bool = True


_KINDS: dict[str, EventKind] = {}


def event_kind(name: str, *, in_history: bool, numbered: bool = True) -> EventKind:
    """Declare a kind of event (at import time). Declaring it again the same way returns it;
    differently is an error (one name, one meaning)."""
    kind = EventKind(name, in_history, numbered)
    known = _KINDS.setdefault(name, kind)
    if known != kind:
        raise ValueError(f"event kind {name!r} is already declared as {known}")
    return known


def kind_of(name: str) -> EventKind:
    """The declared kind; an undeclared one is numbered and not shown in history."""
    return _KINDS.get(name) or EventKind(name, in_history=False)


for _type, _in_history, _numbered in (
    (EventType.GIFT_SENT, True, True), (EventType.GIFT_SUMMARY, True, True),
    (EventType.COMBO_UPDATED, True, True), (EventType.COMBO_ENDED, True, True),
    (EventType.LEADERBOARD_UPDATED, False, True), (EventType.STREAM_ENDED, False, True),
    (EventType.VIEWERS_UPDATED, False, False), (EventType.RESYNC, False, False),
    # Battles, goals, fan clubs: their moments are history; a score or a goal's progress is
    # state (a joining viewer's snapshot carries it as it is now), numbered like a board.
    (EventType.BATTLE_STARTED, True, True), (EventType.BATTLE_UPDATED, False, True),
    (EventType.BATTLE_ENDED, True, True), (EventType.GOAL_UPDATED, False, True),
    (EventType.GOAL_COMPLETED, True, True), (EventType.GOAL_EXPIRED, True, True),
    (EventType.FANCLUB_JOINED, True, True),
    # The answer to a gift sent over the socket: for its sender only, never in the log.
    (EventType.GIFT_ANSWER, False, False),
):
    event_kind(_type.value, in_history=_in_history, numbered=_numbered)


def iso_time(at_ms: int) -> str:
    return dt.datetime.fromtimestamp(at_ms / 1000, tz=dt.UTC).isoformat(timespec="milliseconds")


def base_event(kind: EventType | EventKind, event_id: uuid.UUID | str, stream_id: str,
               at_ms: int) -> Event:
    name = kind.value if isinstance(kind, EventType) else kind.name
    return {"type": name, "event_id": str(event_id), "stream_id": stream_id,
            "time": iso_time(at_ms), "time_ms": at_ms}


def sender_of(user_id: str, display_name: str, lifetime_coins: int, levels: Levels,
              ranks: Mapping[str, int], clubs: Mapping[str, int] | None = None) -> Event:
    level = gifter_level(max(lifetime_coins, 0), levels)
    sender = {"id": user_id, "display_name": display_name, "level": level,
              "badges": list(badges_for(level, ranks.get(user_id), levels))}
    club_level = clubs.get(user_id) if clubs else None
    if club_level is not None:  # only members carry the club badge
        sender["club_level"] = club_level
    return sender


@dataclass(slots=True)
class _Group:
    first_index: int
    last: GiftSent
    combo: Combo | None
    count: int = 0
    coins: int = 0
    diamonds: int = 0
    sends: int = 0
    senders: set[str] = field(default_factory=set)

    def add(self, gift: GiftSent, combo: Combo | None) -> None:
        self.last, self.combo = gift, combo
        self.count += gift.count
        self.coins += gift.coins
        self.diamonds += gift.diamonds
        self.sends += 1


def _group(items: Sequence[tuple[GiftSent, Combo | None]]) -> list[_Group]:
    groups: dict[tuple[str, str, uuid.UUID | None, uuid.UUID | None], _Group] = {}
    for index, (gift, combo) in enumerate(items):
        # A gift with a message is shown on its own: messages are never folded together.
        key = (gift.sender_id, gift.gift_id, combo.id if combo is not None else None,
               gift.gift_event_id if gift.message is not None else None)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(index, gift, combo)
        group.add(gift, combo)
    return list(groups.values())


def gift_events(stream_id: str, items: Sequence[tuple[GiftSent, Combo | None]],
                ended_ids: set[uuid.UUID], levels: Levels, ranks: Mapping[str, int],
                gift_events_max: int, new_id: NewId, tiers: Sequence[GiftTier] = (),
                clubs: Mapping[str, int] | None = None) -> list[Event]:
    """One event per (sender, gift, combo) of the tick: `gift.sent` for a gift outside a combo
    or the first sends of a combo, `combo.updated` for more sends in a running combo (its
    `count` is this tick's, `combo.count` the running total). Past `gift_events_max` (least
    valuable first, gifts with a message before any other) the rest fold into one
    `gift.summary`. `clubs` holds senders' fan club levels with the stream's creator."""
    groups = _group(items)
    by_value = sorted(groups, key=lambda g: (g.last.message is None, -g.coins, g.first_index))
    shown = sorted(by_value[:gift_events_max], key=lambda g: g.first_index)
    events = [_gift_event(stream_id, g, ended_ids, levels, ranks, tiers, clubs)
              for g in shown]
    if len(by_value) > gift_events_max:
        events.append(_summary(stream_id, by_value[gift_events_max:], new_id))
    return events


def _gift_event(stream_id: str, g: _Group, ended_ids: set[uuid.UUID], levels: Levels,
                ranks: Mapping[str, int], tiers: Sequence[GiftTier],
                clubs: Mapping[str, int] | None) -> Event:
    last, combo = g.last, g.combo
    # A combo whose running count is only this tick's sends started in this tick.
    kind = (EventType.GIFT_SENT if combo is None or combo.count == g.count
            else EventType.COMBO_UPDATED)
    event = base_event(kind, last.gift_event_id, stream_id, last.committed_at_ms)
    event.update(
        sender=sender_of(last.sender_id, last.sender_display_name, last.sender_lifetime_coins,
                         levels, ranks, clubs),
        gift={"id": last.gift_id, "name": last.gift_name, "price_coins": last.gift_price_coins,
              "streakable": last.streakable},
        count=g.count, coins=g.coins, diamonds=g.diamonds, sends=g.sends,
        combo=None if combo is None else {
            "id": str(combo.id), "count": combo.count, "ended": combo.id in ended_ids},
    )
    tier = tier_of(max(g.coins, 1), tiers) if tiers else None
    event["tier"] = tier.name if tier is not None else "pop"
    event["message"] = None if last.message is None else {
        "text": last.message, "pin_s": tier.message_pin_s if tier is not None else 0}
    return event


def _summary(stream_id: str, rest: Sequence[_Group], new_id: NewId) -> Event:
    by_gift: dict[str, Event] = {}
    senders: set[str] = set()
    for g in rest:
        senders.add(g.last.sender_id)
        line = by_gift.setdefault(g.last.gift_id, {
            "id": g.last.gift_id, "name": g.last.gift_name, "count": 0, "coins": 0,
            "diamonds": 0, "sends": 0})
        line["count"] += g.count
        line["coins"] += g.coins
        line["diamonds"] += g.diamonds
        line["sends"] += g.sends
    at_ms = max(g.last.committed_at_ms for g in rest)
    event = base_event(EventType.GIFT_SUMMARY, new_id(), stream_id, at_ms)
    event.update(
        count=sum(g.count for g in rest), coins=sum(g.coins for g in rest),
        diamonds=sum(g.diamonds for g in rest), sends=sum(g.sends for g in rest),
        senders=len(senders), gifts=sorted(by_gift.values(), key=lambda x: -int(x["coins"])),
    )
    return event


def combo_body(combo: Combo, levels: Levels, ranks: Mapping[str, int], *, ended: bool,
               clubs: Mapping[str, int] | None = None) -> Event:
    return {
        "sender": sender_of(combo.sender_id, combo.sender_display_name,
                            combo.sender_lifetime_coins, levels, ranks, clubs),
        "gift": {"id": combo.gift_id, "name": combo.gift_name,
                 "price_coins": combo.gift_price_coins, "streakable": True},
        "combo": {"id": str(combo.id), "count": combo.count, "coins": combo.coins,
                  "diamonds": combo.diamonds, "ended": ended,
                  "started_at": iso_time(combo.started_at_ms)},
    }


def combo_ended(combo: Combo, levels: Levels, ranks: Mapping[str, int],
                clubs: Mapping[str, int] | None = None) -> Event:
    # The event id is the combo's: a combo ends once, so its end has one stable id.
    at_ms = combo.ended_at_ms if combo.ended_at_ms is not None else combo.last_at_ms
    event = base_event(EventType.COMBO_ENDED, combo.id, combo.stream_id, at_ms)
    event.update(combo_body(combo, levels, ranks, ended=True, clubs=clubs))
    return event


@dataclass(frozen=True, slots=True)
class BoardLine:
    rank: int
    standing: Standing
    display_name: str
    lifetime_coins: int
    club_level: int | None = None  # fan club level with the stream's creator


def leaderboard_event(stream_id: str, change: BoardChange | None, lines: Sequence[BoardLine],
                      size: int, levels: Levels, at_ms: int, new_id: NewId) -> Event:
    """A full board (`snapshot`, when `change` is None) or only what changed."""
    ranks = {line.standing.user_id: line.rank for line in lines}
    wanted = None if change is None else {s.user_id for _, s in change.changed}
    entries = [
        {"rank": line.rank, "user_id": line.standing.user_id,
         "display_name": line.display_name, "coins": line.standing.amount,
         **{k: v for k, v in sender_of(line.standing.user_id, line.display_name,
                                       line.lifetime_coins, levels, ranks).items()
            if k in ("level", "badges")},
         **({"club_level": line.club_level} if line.club_level is not None else {})}
        for line in lines if wanted is None or line.standing.user_id in wanted
    ]
    event = base_event(EventType.LEADERBOARD_UPDATED, new_id(), stream_id, at_ms)
    event.update(board="stream", snapshot=change is None, size=size, entries=entries,
                 removed=[] if change is None else list(change.removed))
    return event


def as_snapshot(event: Event, next_seq: int) -> Event:
    """`event` as part of a viewer's snapshot: state as it stands before `next_seq`."""
    return {**event, "next_seq": next_seq}


def viewers_event(stream_id: str, count: int, at_ms: int, new_id: NewId) -> Event:
    event = base_event(EventType.VIEWERS_UPDATED, new_id(), stream_id, at_ms)
    event["count"] = count
    return event


def stream_ended_event(stream_id: str, ended_at_ms: int, new_id: NewId) -> Event:
    return base_event(EventType.STREAM_ENDED, new_id(), stream_id, ended_at_ms)


def resync_event(stream_id: str, reason: str, next_seq: int, snapshot: bool, at_ms: int,
                 new_id: NewId) -> Event:
    event = base_event(EventType.RESYNC, new_id(), stream_id, at_ms)
    event.update(reason=reason, next_seq=next_seq, snapshot=snapshot)
    return event


def recovered_summary(stream_id: str, count: int, coins: int, diamonds: int, sends: int,
                      at_ms: int, new_id: NewId) -> Event:
    """Gifts the gifts table holds that no event told (their process never published
    them): their exact totals, so every viewer's sums still equal what committed."""
    event = base_event(EventType.GIFT_SUMMARY, new_id(), stream_id, at_ms)
    event.update(count=count, coins=coins, diamonds=diamonds, sends=sends, senders=None,
                 gifts=[], recovered=True)
    return event
