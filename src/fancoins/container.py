"""The composition root: every long-lived part of a process, built once at start-up.

`running(settings)` builds the parts in order — database engine, event bus and sink, token
verifier, provider clients, the gift writer, the LIVE engine, background jobs — and stops them
in reverse. The HTTP app, the CLI and the benchmarks all start from here; nothing is created
lazily on first use, and nothing is looked up by name on an untyped state object.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from fancoins.config import Settings
from fancoins.db.engine import engine_for
from fancoins.db.uow import UnitOfWork, unit
from fancoins.gifts.service import gifts_service
from fancoins.gifts.writer import GiftWriter, new_writer
from fancoins.identity.service import KeyUsage
from fancoins.identity.tokens import TokenVerifier
from fancoins.kit.collector import Collector, CollectorPolicy
from fancoins.kit.events import DomainEvent, EventBus
from fancoins.live.engine import LiveEngine, running_live
from fancoins.live.service import BoardCache
from fancoins.moderation.hook import ModerationHook
from fancoins.payouts.paypal import PayPalNotConfigured, WebhookAuthenticator
from fancoins.payouts.paypal import webhook_authenticator as build_authenticator
from fancoins.purchases.clients import PurchaseClients, build_clients
from fancoins.purchases.tasks import voided_poller
from fancoins.safety.rates import RateLimiter, rate_limiter
from fancoins.scheduler import background_jobs
from fancoins.webhooks.worker import WebhookWorker, WorkerLimits


class BusSink:
    """Events of a unit of work, after the unit wrote them to the outbox: the in-process
    bus once committed (LIVE, caches, and the webhook worker's wake-up)."""

    def __init__(self, bus: EventBus) -> None:
        self.bus = bus

    async def record(self, connection: AsyncConnection, events: Sequence[DomainEvent]) -> None:
        del connection, events

    async def publish(self, events: Sequence[DomainEvent]) -> None:
        await self.bus.publish(events)


@dataclass(slots=True)
class Container:
    settings: Settings
    engine: AsyncEngine
    bus: EventBus
    sink: BusSink
    tokens: TokenVerifier
    purchase_clients: PurchaseClients
    paypal_webhooks: WebhookAuthenticator | None
    api_key_usage: KeyUsage
    overlay_usage: KeyUsage
    moderation: ModerationHook
    rates: RateLimiter | None = None  # None: rate limits switched off
    gift_writer: GiftWriter | None = None
    live: LiveEngine | None = None
    boards: BoardCache | None = None
    webhook_worker: WebhookWorker | None = None

    def unit(self) -> AbstractAsyncContextManager[UnitOfWork]:
        """A unit of work on this process's database, its events to this process's sink."""
        return unit(self.engine, self.sink)


@asynccontextmanager
async def running(settings: Settings, *, serve: bool = True) -> AsyncIterator[Container]:
    """Build every part for the life of the block. `serve=False` (the CLI) builds only what a
    one-off command needs: no gift writer, no LIVE engine, no background jobs."""
    async with AsyncExitStack() as stack:
        engine = engine_for(settings)
        stack.push_async_callback(engine.dispose)
        bus = EventBus()
        clients = build_clients(settings)
        stack.push_async_callback(clients.aclose)
        try:
            paypal = build_authenticator(settings)
        except PayPalNotConfigured:
            paypal = None  # the PayPal webhook answers 503 provider-not-configured
        moderation = ModerationHook(settings)
        stack.push_async_callback(moderation.aclose)
        container = Container(settings, engine, bus, BusSink(bus), TokenVerifier(settings),
                              clients, paypal, KeyUsage(settings.api_keys.last_used_interval_s),
                              KeyUsage(settings.overlay.last_used_interval_s, "overlay"),
                              moderation, rate_limiter(settings))
        stack.push_async_callback(container.api_key_usage.drain)
        stack.push_async_callback(container.overlay_usage.drain)
        if container.rates is not None:
            stack.push_async_callback(container.rates.aclose)
        if serve:
            await _serve_parts(stack, container)
        yield container


async def _serve_parts(stack: AsyncExitStack, container: Container) -> None:
    """The parts of a serving process: the gift catalog, the gift writer, LIVE, the
    background jobs."""
    settings = container.settings
    async with container.unit() as uow:  # before any send or catalog read
        await gifts_service.seed_catalog(uow, settings.economy)
    # LIVE listens before the writer commits anything; it stops after the writer drained.
    container.live = await stack.enter_async_context(
        running_live(settings, container.engine, container.bus))
    container.boards = BoardCache(settings.live.board_cache_s)
    writer = new_writer(container.engine, settings, container.sink)
    writer.start()
    stack.push_async_callback(writer.stop)  # drains the queue before the engine goes
    container.gift_writer = writer
    await stack.enter_async_context(voided_poller(
        container.unit, container.engine, container.purchase_clients, settings))
    await stack.enter_async_context(background_jobs(container.engine, settings,
                                                    container.sink))
    _keep_collector(stack, settings, container.live)
    if settings.webhooks.worker:
        worker = WebhookWorker(container.engine, WorkerLimits.of(settings))
        worker.start(container.bus)  # this process's commits wake it
        stack.push_async_callback(worker.stop, container.bus)
        container.webhook_worker = worker


def _keep_collector(stack: AsyncExitStack, settings: Settings, live: LiveEngine) -> None:
    """Last: what start-up built is long-lived, and is frozen first (`kit/collector.py`)."""
    rooms = live.hub.rooms
    collector = Collector(CollectorPolicy(
        settings.live.gc_freeze_interval_s, settings.live.gc_thaw_after_viewers_left,
        settings.live.gc_thaw_interval_s), lambda: rooms.left)
    collector.start()
    stack.push_async_callback(collector.stop)
