"""The event catalog: every domain event is a webhook event type, plus `gift.batch`.

A domain declares its events as `kit.events.DomainEvent` dataclasses in its `events` module;
each one is published under its `type` with its schema `version`, and its fields are the
payload (`docs/events.md` is generated from the same classes). `gift.batch` is a delivery form
of `gift.sent`: the gifts of one stream (or video) committed since the last dispatch, in one
message, for hosts whose volume would make one request per gift too many.

Ordering: messages of one endpoint with the same subject (a purchase, a withdrawal, a
promotion, a user, a stream's lifecycle and its `gift.batch` messages) are delivered one at a
time, in the order their changes committed. Single `gift.sent` and `combo.ended` messages are
not ordered: at a storm's rate one slow delivery must not hold up a whole stream's gifts (each
carries its own ids and commit time).
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pkgutil
import sys
import uuid
from dataclasses import dataclass
from typing import ClassVar

import fancoins
from fancoins.gifts.events import GiftSent
from fancoins.kit.events import DomainEvent

GIFT_SENT = GiftSent.type
GIFT_BATCH = "gift.batch"
# Delivered without an order among themselves (see the module docstring).
UNORDERED = frozenset({GIFT_SENT, "combo.ended"})


@dataclass(frozen=True, slots=True)
class BatchedGift:
    """One gift in a `gift.batch`: the id its own `gift.sent` message would have had, and its
    `gift.sent` payload."""

    event_id: uuid.UUID
    gift: GiftSent


@dataclass(frozen=True, slots=True)
class GiftBatch:
    """Gifts of one stream (or one video's comments) committed since the previous batch, in
    commit order. Subscribe to it instead of `gift.sent` when a storm's thousands of gifts a
    second would be too many requests: one message then carries up to
    `FANCOINS_WEBHOOKS__GIFT_BATCH_MAX` gifts. A gift is in exactly one batch; batches of one
    stream arrive in order, and before that stream's `stream.ended`."""

    type: ClassVar[str] = GIFT_BATCH
    version: ClassVar[int] = 1

    stream_id: str | None
    video_id: str | None
    gift_count: int
    coins: int
    diamonds: int
    first_committed_at_ms: int
    last_committed_at_ms: int
    gifts: list[BatchedGift]


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    version: int
    ordered: bool
    about: str
    model: type[object]


def _events_modules() -> None:
    """Import every domain's `events` module, so each event class is declared."""
    for package in pkgutil.iter_modules(fancoins.__path__, "fancoins."):
        name = f"{package.name}.events"
        if package.ispkg and name not in sys.modules and importlib.util.find_spec(name):
            importlib.import_module(name)


def event_classes() -> dict[str, type[DomainEvent]]:
    """Every declared domain event, by type."""
    _events_modules()
    found: dict[str, type[DomainEvent]] = {}
    pending = list(DomainEvent.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        module = sys.modules.get(cls.__module__)
        # A slots dataclass is a new class: keep the one its module exports.
        if module is not None and getattr(module, cls.__name__, None) is cls \
                and cls.type != DomainEvent.type and not cls.type.startswith("test."):
            found[cls.type] = cls
    return dict(sorted(found.items()))


def _about(cls: type) -> str:
    own = cls.__dict__.get("__doc__") or ""
    return " ".join(inspect.cleandoc(own).split()) if own and not own.startswith(
        f"{cls.__name__}(") else ""


def catalog() -> dict[str, EventType]:
    """Every type an endpoint may subscribe to, with its version and ordering."""
    types = {name: EventType(name, cls.version, name not in UNORDERED, _about(cls), cls)
             for name, cls in event_classes().items()}
    types[GIFT_BATCH] = EventType(GIFT_BATCH, GiftBatch.version, True, _about(GiftBatch),
                                  GiftBatch)
    return dict(sorted(types.items()))


def ordered(event_type: str) -> bool:
    return event_type not in UNORDERED
