"""A stream's line: numbered frames to every viewer once and in order, whatever order they
come in; frames close together go out as one message; a joining viewer's history and its
live frames meet without a duplicate."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import orjson

from fancoins.realtime.lines import LineLimits, Rooms
from fancoins.realtime.protocol import Frame


@dataclass(eq=False)  # hashed by identity, as lines keep viewers in sets
class Sink:
    """Stands in for a viewer's socket: records what the line offers it."""

    messages: list[list[dict[str, int]]] = field(default_factory=list)

    def offer(self, frame: Frame, *, final: bool = False) -> None:
        self.messages.append(orjson.loads(frame.payload))

    @property
    def seqs(self) -> list[int]:
        return [e["seq"] for message in self.messages for e in message]


def _frame(first: int, last: int) -> Frame:
    return Frame(orjson.dumps([{"seq": n} for n in range(first, last + 1)]),
                 first_seq=first, last_seq=last)


async def test_frames_in_any_order_are_delivered_once_in_order() -> None:
    rooms = Rooms(LineLimits(coalesce_s=0))
    viewer = Sink()
    rooms.join("s", viewer)
    for first, last in ((3, 4), (1, 2), (1, 2), (6, 6), (5, 5), (3, 4), (7, 9)):
        rooms.deliver("s", _frame(first, last))
    assert viewer.seqs == list(range(1, 10))
    assert rooms.line("s").behind is False


async def test_frames_close_together_go_out_as_one_message() -> None:
    rooms = Rooms(LineLimits(coalesce_s=0.05))
    viewer = Sink()
    rooms.join("s", viewer)
    rooms.deliver("s", _frame(1, 2))
    rooms.deliver("s", _frame(3, 3))
    assert viewer.messages == []  # waiting for the window
    await asyncio.sleep(0.1)
    assert viewer.messages == [[{"seq": 1}, {"seq": 2}, {"seq": 3}]]
    # A viewer who joins takes what is waiting as history: the others get it, it does not.
    rooms.deliver("s", _frame(4, 4))
    late = Sink()
    line = rooms.line("s")
    assert [f.last_seq for f in line.recent][-1] == 4  # its history reaches 4
    rooms.join("s", late)
    rooms.deliver("s", _frame(5, 5))
    await asyncio.sleep(0.1)
    assert viewer.seqs == [1, 2, 3, 4, 5] and late.seqs == [5]


async def test_a_final_frame_goes_out_at_once_and_ends_the_line() -> None:
    rooms = Rooms(LineLimits(coalesce_s=10))
    viewer = Sink()
    rooms.join("s", viewer)
    rooms.deliver("s", _frame(1, 1))
    final = _frame(2, 2)
    final.final = True
    rooms.deliver("s", final)
    assert viewer.seqs == [1, 2]  # no waiting for the window
    rooms.deliver("s", _frame(3, 3))
    assert viewer.seqs == [1, 2]


@dataclass
class Log:
    """A stream log holding nothing new, and notices that record the markers asked for."""

    reasons: list[str] = field(default_factory=list)

    async def frames_after(self, stream_id: str, after_seq: int, limit: int) -> list[Frame]:
        return []

    async def tail(self, stream_id: str, frames_max: int) -> list[Frame]:
        return []

    async def heads(self, stream_ids: object) -> dict[str, int]:
        return {}

    async def resync(self, stream_id: str, reason: str, next_seq: int, *, snapshot: bool
                     ) -> Frame:
        self.reasons.append(reason)
        return Frame(orjson.dumps([{"type": "resync", "reason": reason}]))


async def test_an_outage_shorter_than_a_repair_round_is_still_told() -> None:
    """Redis lost and back before the keeper looked (it was busy reading the log): the
    viewers are still told it degraded, then that it is back."""
    rooms = Rooms(LineLimits(coalesce_s=0))
    log = Log()
    rooms.attach(log, log)
    viewer = Sink()
    await rooms.ready_line("s")
    rooms.join("s", viewer)
    rooms.set_degraded("redis unreachable")
    rooms.set_degraded(None)
    await rooms.repair(1000.0)
    assert log.reasons == ["fanout-degraded", "fanout-restored"]
    assert [m[0].get("reason") for m in viewer.messages] == log.reasons
    await rooms.repair(1001.0)  # told once
    assert len(viewer.messages) == 2


async def test_one_process_sends_a_frame_at_once() -> None:
    """Without Redis there are no other processes' frames to wait for: a tick's frame (the
    stream's events of that tick, already one frame) goes out as it is delivered."""
    from fancoins.config import load_settings
    from fancoins.live.engine import new_hub

    hub = new_hub(load_settings(mode="test", live__coalesce_ms=50))
    viewer = Sink()
    hub.rooms.join("s", viewer)
    await hub.publish("s", _frame(1, 2))
    assert viewer.seqs == [1, 2]
