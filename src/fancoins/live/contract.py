"""The LIVE WebSocket contract: the shape of every event a viewer receives, as pydantic models.

A text frame is a JSON array of these events, in order (see `fancoins.realtime.protocol`).
The AsyncAPI document (`/asyncapi.json`) and the docs are generated from these models, and a
test checks that every frame the engine emits in a real session validates against them, so
the published contract and the wire cannot drift apart. Models refuse unknown fields for the
same reason: a field added to a frame must be added (and documented) here too.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    RootModel,
    TypeAdapter,
    WithJsonSchema,
)

from fancoins.economy.rules import MESSAGE_CHARS_MAX
from fancoins.live.frames import EventType
from fancoins.realtime.protocol import CloseCode

Count = Annotated[int, Field(ge=0)]
# Written as the frames write it: ISO 8601 in UTC with milliseconds ("...T20:30:00.250+00:00").
Time = Annotated[
    dt.datetime,
    PlainSerializer(lambda at: at.astimezone(dt.UTC).isoformat(timespec="milliseconds"),
                    return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sender(_Shape):
    """Who sent a gift, with the gifter level and badges shown next to their name."""

    id: str
    display_name: str
    level: int = Field(ge=1, description="gifter level, from lifetime coins spent")
    badges: list[str] = Field(description="the highest tier badge reached (bronze to diamond)"
                              " and, for a stream's top three gifters, top1 to top3")
    club_level: int | None = Field(default=None, ge=1, description="the sender's fan club "
                                   "level with the stream's creator (members only)")


class GiftRef(_Shape):
    id: str
    name: str
    price_coins: int = Field(ge=0)
    streakable: bool = Field(description="repeated sends within the combo window form a combo")


Tier = Literal["pop", "banner", "stage"]
TIER_FIELD = Field(description="how big the gift looks, from its coins (the economy's "
                   "gift_tiers): a small pop, a banner, or the full stage")


class GiftMessage(_Shape):
    """What the sender wrote with the gift (moderated before the gift was sent)."""

    text: str
    pin_s: Count = Field(description="seconds to keep it pinned above the feed (0: not "
                         "pinned); bigger gifts keep theirs longer")


class ComboState(_Shape):
    id: uuid.UUID = Field(description="one server-issued id per combo")
    count: Count = Field(description="running total of gifts in the combo")
    ended: bool


class ComboTotals(_Shape):
    id: uuid.UUID
    count: Count
    coins: Count
    diamonds: Count
    ended: bool
    started_at: Time


class _Event(_Shape):
    type: str = Field(description="the event type (each subclass narrows it to one)")
    event_id: uuid.UUID = Field(description="unique per event; a gift's is the gift's id")
    stream_id: str
    time: Time = Field(description="ISO 8601, UTC (for gifts: when their batch "
                                          "committed)")
    time_ms: int = Field(ge=0, description="`time` in milliseconds since the Unix epoch")


Seq = Annotated[int, Field(ge=1, description=(
    "the event's number in the stream: 1, 2, 3... in the order the stream's events "
    "committed, the same on every API process; delivered once each and in order, so a "
    "number skipped means something was missed"))]
NextSeq = Annotated[int, Field(ge=1, description=(
    "the number the next live event will have: this state is as of just before it"))]


class _Numbered(_Event):
    seq: Seq


class GiftSent(_Numbered):
    """A gift outside a combo, or the first sends of a combo, folded per sender and gift
    within one tick (`sends` tells how many sends)."""

    type: Literal["gift.sent"]
    sender: Sender
    gift: GiftRef
    count: Count
    coins: Count
    diamonds: Count
    sends: int = Field(ge=1)
    combo: ComboState | None
    tier: Tier = TIER_FIELD
    message: GiftMessage | None = None


class ComboUpdated(_Numbered):
    """More sends in a running combo: `count` is this frame's, `combo.count` the total."""

    type: Literal["combo.updated"]
    sender: Sender
    gift: GiftRef
    count: Count
    coins: Count
    diamonds: Count
    sends: int = Field(ge=1)
    combo: ComboState
    tier: Tier = TIER_FIELD
    message: GiftMessage | None = None


class SummaryLine(_Shape):
    id: str
    name: str
    count: Count
    coins: Count
    diamonds: Count
    sends: Count


class GiftSummary(_Numbered):
    """The gifts of a tick that did not fit the frame one by one, exactly summed."""

    type: Literal["gift.summary"]
    count: Count
    coins: Count
    diamonds: Count
    sends: Count
    senders: Count | None = Field(description="distinct senders (null when `recovered`)")
    gifts: list[SummaryLine]
    recovered: bool = Field(default=False, description=(
        "gifts the gifts table holds that no event told (their API process stopped before "
        "publishing them), rebuilt from it just before `stream.ended`: only totals"))


class ComboEnded(_Numbered):
    """A combo's final total, sent once per combo; its event id is the combo's id."""

    type: Literal["combo.ended"]
    sender: Sender
    gift: GiftRef
    combo: ComboTotals


class BoardEntry(_Shape):
    rank: int = Field(ge=1)
    user_id: str
    display_name: str
    coins: Count
    level: int = Field(ge=1)
    badges: list[str]
    club_level: int | None = Field(default=None, ge=1, description="fan club level with the "
                                   "stream's creator (members only)")


class LeaderboardUpdated(_Event):
    """The stream's top gifters: a full board (`snapshot`) or only the entries that changed
    and the user ids that left it (`removed`)."""

    type: Literal["leaderboard.updated"]
    board: Literal["stream"]
    snapshot: bool
    size: int = Field(ge=1, description="how many entries the full board holds")
    entries: list[BoardEntry]
    removed: list[str]
    seq: Seq | None = Field(default=None, description=(
        "a change, or the final board: numbered like every event a client could miss"))
    next_seq: NextSeq | None = Field(default=None, description=(
        "the board in a viewer's first frame (or after a `resync` with a snapshot) is state "
        "as of just before this number, not a numbered event"))


class ViewersUpdated(_Event):
    """How many viewers watch the stream, over every API process."""

    type: Literal["viewers.updated"]
    count: Count


class StreamEnded(_Numbered):
    """The last event of a stream, after every gift committed for it on any API process;
    the server then closes with code 1000."""

    type: Literal["stream.ended"]


Side = Literal["a", "b"]


class BattleCreator(_Shape):
    id: str
    display_name: str
    stream_id: str | None
    score_coins: Count


class BattleSupporter(_Shape):
    user_id: str
    display_name: str
    coins: Count


class BattleSide(_Shape):
    side: Side
    score_coins: Count = Field(description="coins gifted to the side's creators in the battle")
    creators: list[BattleCreator]
    supporters: list[BattleSupporter] = Field(description="the side's top supporters")


class BattleView(_Shape):
    """A battle (LIVE match) as it stands: sides, scores, top supporters, its window."""

    id: str
    started_at: Time
    ends_at: Time
    sides: list[BattleSide]


class BattleStarted(_Numbered):
    """A battle this stream is in started (every stream of the battle gets it)."""

    type: Literal["battle.started"]
    battle: BattleView


class BattleUpdated(_Event):
    """The battle's scores and top supporters after this tick's gifts, every process's
    gifts counted (scores only grow: keep the highest seen per side)."""

    type: Literal["battle.updated"]
    battle: BattleView
    seq: Seq | None = Field(default=None, description=(
        "numbered like every event a client could miss; none in a viewer's first frame (or "
        "after a `resync` with a snapshot), where it is state as of just before `next_seq`"))


class BattleEnded(_Numbered):
    """The battle's result, sent once per stream of the battle: scores and supporters are
    the exact sums of the ledger's gifts in the battle's window."""

    type: Literal["battle.ended"]
    battle: BattleView
    result: Literal["win", "draw"]
    winner_side: Side | None


class GoalView(_Shape):
    """A gift goal: coins gifted, or sends of one gift, since it became active."""

    id: str
    title: str
    kind: Literal["coins", "gift_count"]
    gift_id: str | None
    target: int = Field(ge=1)
    progress: Count
    deadline: Time | None


class GoalUpdated(_Event):
    """The stream's active goal and its progress (null: no goal), and how many wait."""

    type: Literal["goal.updated"]
    goal: GoalView | None
    queued: Count
    seq: Seq | None = Field(default=None, description=(
        "numbered like every event a client could miss; none in a viewer's first frame (or "
        "after a `resync` with a snapshot), where it is state as of just before `next_seq`"))


class GoalCompleted(_Numbered):
    """A goal reached its target: sent once per goal (its event id is derived from the
    goal's id). The next queued goal follows in a `goal.updated`."""

    type: Literal["goal.completed"]
    goal: GoalView


class GoalExpired(_Numbered):
    """A goal's deadline passed before it reached its target (once per goal)."""

    type: Literal["goal.expired"]
    goal: GoalView


class ClubMember(_Shape):
    id: str
    display_name: str


class FanClubJoined(_Numbered):
    """A viewer joined the creator's fan club (by sending the club gift)."""

    type: Literal["fanclub.joined"]
    member: ClubMember
    level: int = Field(ge=1)


class SentGiftView(_Shape):
    """What `POST /v1/gifts/send` answers with 201 (see the HTTP API's GiftSentOut)."""

    id: uuid.UUID
    gift_id: str
    count: int = Field(ge=1)
    coins: Count
    diamonds: Count
    recipient_id: str
    stream_id: str | None
    video_id: str | None
    comment_id: str | None
    balance_coins: int = Field(description="the sender's coins right after this gift")
    created_at: Time
    message: str | None = None


class GiftAnswer(_Event):
    """The answer to a `gift.send` this viewer sent on the socket, after the gift's batch
    committed; only its sender gets it, and it is not numbered. `status` is what
    `POST /v1/gifts/send` would have answered: 201 with `gift`, or a problem (RFC 9457 body,
    same `type` as over HTTP). A 503 problem may have been sent: send it again with the same
    `idempotency_key` (on the socket or over HTTP: one key space) to learn its outcome."""

    type: Literal["gift.answer"]
    request_id: str | None = Field(description="the `request_id` the viewer sent (None when "
                                   "the message could not be read)")
    idempotency_key: str | None
    status: int = Field(ge=100, le=599)
    gift: SentGiftView | None = None
    problem: dict[str, Any] | None = None
    replayed: bool = Field(default=False, description="the key's first answer, replayed")


class GiftSendMessage(BaseModel):
    """What a viewer may send on the socket: a gift to this stream, as itself (a user token),
    with an idempotency key. Answered by a `gift.answer` with the same `request_id`."""

    model_config = ConfigDict(extra="forbid", strict=True)

    type: Literal["gift.send"]
    request_id: str = Field(min_length=1, max_length=64, pattern=r"^[\x21-\x7e]+$",
                            description="the client's id for this message, echoed in the "
                                        "answer")
    idempotency_key: str = Field(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$")
    gift_id: str = Field(min_length=1, max_length=64)
    count: int = Field(default=1, ge=1, le=10_000)
    message: str | None = Field(default=None, min_length=1, max_length=MESSAGE_CHARS_MAX,
                                description="shown with the gift (checked like over HTTP)")


class Resync(_Event):
    """Where the client stands changed: fan-out between API processes degraded (events keep
    coming, in order, a little later) or was restored, or what this process missed is older
    than the stream's log keeps (`snapshot`: the events after this one are the fresh state,
    and numbering continues at `next_seq`). Not numbered."""

    type: Literal["resync"]
    reason: Literal["fanout-degraded", "fanout-restored", "snapshot"]
    next_seq: NextSeq
    snapshot: bool


LiveEvent = Annotated[
    GiftSent | ComboUpdated | GiftSummary | ComboEnded | LeaderboardUpdated | ViewersUpdated
    | StreamEnded | Resync | BattleStarted | BattleUpdated | BattleEnded | GoalUpdated
    | GoalCompleted | GoalExpired | FanClubJoined | GiftAnswer,
    Field(discriminator="type"),
]
EVENT_MODELS: tuple[type[_Event], ...] = (
    GiftSent, ComboUpdated, GiftSummary, ComboEnded, LeaderboardUpdated, ViewersUpdated,
    StreamEnded, Resync, BattleStarted, BattleUpdated, BattleEnded, GoalUpdated,
    GoalCompleted, GoalExpired, FanClubJoined, GiftAnswer,
)


class LiveFrame(RootModel[list[LiveEvent]]):
    """One WebSocket text message: the events of one stream, in order."""


FRAME = TypeAdapter(LiveFrame)


def event_type_of(model: type[_Event]) -> str:
    return str(model.model_fields["type"].annotation.__args__[0])  # type: ignore[union-attr]


def parse_frame(raw: str | bytes) -> list[Any]:
    """Validate a frame as received (refusing unknown fields and event types)."""
    return list(FRAME.validate_json(raw).root)


CLOSE_CODES: dict[int, str] = {
    CloseCode.STREAM_ENDED: "The LIVE ended (after the `stream.ended` event). Do not reconnect.",
    CloseCode.GOING_AWAY: "This API process is shutting down. Reconnect (any process serves "
                          "the stream); the first frame is the stream's last events and a "
                          "fresh snapshot.",
    CloseCode.MESSAGE_TOO_BIG: "The client sent a message over the server's bound "
                               "(FANCOINS_LIVE__WS_MESSAGE_BYTES_MAX, 8 KiB). Viewers only "
                               "listen.",
    CloseCode.VIEWER_TOO_SLOW: "The viewer read more slowly than events arrived and its "
                               "bounded queue overflowed. Reconnect; the first frame is the "
                               "stream's last events and a fresh snapshot (older events are "
                               "not replayed). A viewer that does not even take this close "
                               "frame in time is disconnected.",
}


def _check_every_type_described() -> None:
    described = {event_type_of(m) for m in EVENT_MODELS}
    named = {t.value for t in EventType}
    if described != named:  # an event type the protocol names has no model, or the reverse
        raise TypeError(f"LIVE contract out of date: {sorted(described ^ named)}")


_check_every_type_described()


# --- examples (the docs and the AsyncAPI document show them; the tests validate them) -------

_STREAM = "01jd8x7k2m3n4p5q6r7s8t9v0w"
_AT = dt.datetime(2026, 1, 15, 20, 30, 0, 250000, tzinfo=dt.UTC)
_AT_MS = int(_AT.timestamp() * 1000)
_ALICE = Sender(id="alice", display_name="Alice", level=12, badges=["bronze", "top1"],
                club_level=3)
_ROSE = GiftRef(id="rose", name="Rose", price_coins=1, streakable=True)
_COMBO = uuid.UUID("0193b0c4-6f1e-7a2b-8c3d-4e5f60718293")


def _base(n: int) -> dict[str, Any]:
    return {"event_id": uuid.UUID(int=n), "stream_id": _STREAM, "time": _AT, "time_ms": _AT_MS}


def examples() -> list[_Event]:
    """One example of every event type, in the order a stream might show them."""
    return [
        LeaderboardUpdated(type="leaderboard.updated", board="stream", snapshot=True, size=10,
                           entries=[BoardEntry(rank=1, user_id="alice", display_name="Alice",
                                               coins=1200, level=12,
                                               badges=["bronze", "top1"])],
                           removed=[], next_seq=41, **_base(1)),
        ViewersUpdated(type="viewers.updated", count=1843, **_base(2)),
        GiftSent(type="gift.sent", sender=_ALICE, gift=_ROSE, count=3, coins=3, diamonds=3,
                 sends=3, combo=ComboState(id=_COMBO, count=3, ended=False), tier="pop",
                 message=GiftMessage(text="Hi Maya!", pin_s=0), seq=41, **_base(3)),
        ComboUpdated(type="combo.updated", sender=_ALICE, gift=_ROSE, count=2, coins=2,
                     diamonds=2, sends=2, combo=ComboState(id=_COMBO, count=5, ended=False),
                     tier="pop", seq=42, **_base(4)),
        GiftSummary(type="gift.summary", count=40, coins=200, diamonds=200, sends=38,
                    senders=31, gifts=[SummaryLine(id="panda", name="Panda", count=40,
                                                   coins=200, diamonds=200, sends=38)],
                    seq=43, **_base(5)),
        Resync(type="resync", reason="fanout-degraded", next_seq=44, snapshot=False,
               **_base(8)),
        BattleStarted(type="battle.started", battle=_battle(0, 0, []), seq=44, **_base(10)),
        BattleUpdated(type="battle.updated", battle=_battle(1200, 900, [_ALICE_BACKS]),
                      seq=45, **_base(11)),
        BattleEnded(type="battle.ended", battle=_battle(1500, 900, [_ALICE_BACKS]),
                    result="win", winner_side="a", seq=46, **_base(12)),
        GoalUpdated(type="goal.updated", goal=_GOAL, queued=1, seq=47, **_base(13)),
        GoalCompleted(type="goal.completed",
                      goal=_GOAL.model_copy(update={"progress": 500}), seq=48, **_base(14)),
        GoalExpired(type="goal.expired",
                    goal=_GOAL.model_copy(update={"id": "goal-2", "progress": 30}), seq=49,
                    **_base(15)),
        FanClubJoined(type="fanclub.joined", member=ClubMember(id="bob", display_name="Bob"),
                      level=1, seq=50, **_base(16)),
        ComboEnded(type="combo.ended", sender=_ALICE, gift=_ROSE,
                   combo=ComboTotals(id=_COMBO, count=5, coins=5, diamonds=5, ended=True,
                                     started_at=_AT),
                   seq=51, **{**_base(6), "event_id": _COMBO}),
        LeaderboardUpdated(type="leaderboard.updated", board="stream", snapshot=True, size=10,
                           entries=[BoardEntry(rank=1, user_id="alice", display_name="Alice",
                                               coins=1205, level=12,
                                               badges=["bronze", "top1"], club_level=3)],
                           removed=[], seq=52, **_base(9)),
        StreamEnded(type="stream.ended", seq=53, **_base(7)),
        GiftAnswer(type="gift.answer", request_id="r1", idempotency_key="gift-7f3a",
                   status=201, gift=SentGiftView(
                       id=uuid.UUID(int=17), gift_id="rose", count=3, coins=3, diamonds=3,
                       recipient_id="maya", stream_id=_STREAM, video_id=None, comment_id=None,
                       balance_coins=97, created_at=_AT), **_base(17)),
    ]


_ALICE_BACKS = BattleSupporter(user_id="alice", display_name="Alice", coins=1200)
_GOAL = GoalView(id="goal-1", title="500 coins for a song", kind="coins", gift_id=None,
                 target=500, progress=120, deadline=None)


def _battle(a_coins: int, b_coins: int, backers: list[BattleSupporter]) -> BattleView:
    return BattleView(id="battle-1", started_at=_AT, ends_at=_AT + dt.timedelta(minutes=5),
                      sides=[
        BattleSide(side="a", score_coins=a_coins, supporters=backers, creators=[
            BattleCreator(id="maya", display_name="Maya", stream_id=_STREAM,
                          score_coins=a_coins)]),
        BattleSide(side="b", score_coins=b_coins, supporters=[], creators=[
            BattleCreator(id="leo", display_name="Leo", stream_id="01jd8x7k2m3n4p5q6r7s8t9v1x",
                          score_coins=b_coins)]),
    ])
