"""The simulation loop: a platform's days played through the real engine.

A throwaway SQLite file is migrated like any fancoins database; every step goes through the
service layer on a unit of work, as the API and the jobs do: users and payout methods
(identity, payouts), LIVE streams (streams), purchases and refunds (`simulate.store`, the
purchases service), gifts in batches (`gifts_service.apply_batch`, the gift writer's batch
path: one unit of work and one commit per batch), withdrawals at the threshold (payouts:
requested, submitted, paid); videos, battles, goals and promotions (`simulate.features`).
The clock is a `ManualClock` moved through the simulated days, so every transfer lands on its
day and the finance reports see the days as periods.

Each day: creators go LIVE by their schedule; promotions whose days are over end and new ones
start; battles and goals start; each viewer is active or not; an active viewer sends a
heavy-tailed number of gifts to LIVE creators (chosen by audience) or on videos' comments,
buying coin packages first when the wallet would run short; refunds and chargebacks drawn at
purchase land on their day; streams end, and with them battles and goals; the ad server
reports its deliveries; creators whose withdrawable earnings reach the threshold cash out.
Nothing here writes a balance: the engine decides and books everything.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.config import Settings
from fancoins.db.engine import read_only
from fancoins.db.uow import UnitOfWork, unit
from fancoins.economy.payouts import diamonds_cash_value_minor, diamonds_for_cash
from fancoins.economy.rules import EconomyConfig
from fancoins.gifts.service import GiftNotSent, SendRequest, SentGift, gifts_service
from fancoins.identity.service import users
from fancoins.journal import reads
from fancoins.kit.clock import MS_PER_DAY, MS_PER_HOUR, ManualClock
from fancoins.kit.errors import FancoinsError
from fancoins.ledger import COIN, DIAMOND
from fancoins.payouts.service import payouts
from fancoins.payouts.states import WithdrawalStatus
from fancoins.simulate import population, store
from fancoins.simulate.features import VIDEO_COMMENT, Features, LiveStream
from fancoins.simulate.population import Creator, GiftChoice, Viewer
from fancoins.simulate.scenario import Scenario
from fancoins.streams.service import streams

ADULT_BIRTH_DATE = dt.date(1990, 1, 1)
PAYPAL_DOMAIN = "creators.example"
# Where each part of a simulated day happens (hours after midnight UTC).
STREAMS_START_H = 1
ACTIVITY_START_H = 2
STREAMS_END_H = 22
WITHDRAWALS_H = 23
# Users are created in chunks so one transaction stays short.
USERS_CHUNK = 500
# Each gift batch moves the clock on by this much: batches of one day never share a moment.
BATCH_STEP_MS = 1000
PURCHASE_STEP_MS = 1
REFUND = "refund"
CHARGEBACK = "chargeback"

Progress = Callable[[int, int, int], None]  # (day done, days, gifts sent so far)


@dataclass(slots=True)
class Purchase:
    id: uuid.UUID
    ref: str  # the store's id of the purchase
    viewer: Viewer
    channel: str
    coins: int
    gross_minor: int
    currency: str


@dataclass(frozen=True, slots=True)
class PlannedRefund:
    purchase: Purchase
    dispute: bool


@dataclass(slots=True)
class Tally:
    """What the engine answered, counted as the run goes (the books are in the ledger)."""

    gifts_sent: int = 0
    gifts_refused: Counter[str] = field(default_factory=Counter)
    coins_gifted: int = 0
    purchases: int = 0
    purchases_refused: Counter[str] = field(default_factory=Counter)
    refunds: Counter[str] = field(default_factory=Counter)
    withdrawals_paid: int = 0
    withdrawals_refused: Counter[str] = field(default_factory=Counter)
    streams: int = 0
    diamonds_by_creator: Counter[str] = field(default_factory=Counter)
    withdrawn_minor_by_creator: Counter[str] = field(default_factory=Counter)
    withdrawn_diamonds_by_creator: Counter[str] = field(default_factory=Counter)
    gross_sales_minor: Counter[str] = field(default_factory=Counter)  # per currency
    payouts_paid_minor: int = 0
    batches: int = 0


@dataclass(frozen=True, slots=True)
class DayClose:
    """One simulated day: the ledger's stored balances at its close (users' accounts summed
    per asset), and what the engine answered during it."""

    day: dt.date
    coins_outstanding: int
    wallets_below_zero: int
    diamonds_outstanding: int
    gifts_sent: int
    coins_gifted: int
    purchases: int
    gross_sales_minor: dict[str, int]
    payouts_paid_minor: int


@dataclass(slots=True)
class _Pending:
    """One chunk of viewers' actions, written purchases first, then gifts."""

    day: int
    buys: list[tuple[Viewer, int, str | None, int]] = field(default_factory=list)
    sends: list[SendRequest] = field(default_factory=list)
    senders: list[tuple[Viewer, int]] = field(default_factory=list)


class Simulation:
    def __init__(self, engine: AsyncEngine, settings: Settings, economy: EconomyConfig,
                 scenario: Scenario, clock: ManualClock, progress: Progress | None = None,
                 *, one_by_one: bool = False) -> None:
        self.engine = engine
        self.settings = settings
        self.economy = economy
        self.scenario = scenario
        self.clock = clock
        self.progress = progress
        # Purchases fulfilled one at a time (`fulfil_store`) instead of together: the
        # reference the set-based path is checked against, never faster.
        self.one_by_one = one_by_one
        self.rng = random.Random(scenario.seed)
        self.tally = Tally()
        self.closes: list[DayClose] = []
        self.viewers: list[Viewer] = []
        self.creators: list[Creator] = []
        self.choice: GiftChoice = population.gift_choice(
            economy, scenario.viewers.big_gift_coins_min)
        self.refunds_due: dict[int, list[PlannedRefund]] = {}
        self._sizes: dict[tuple[str, str], tuple[int, ...]] = {}
        self._sequence = 0
        self.features = Features(engine, settings, economy, scenario)

    # --- set-up ---

    def day_start_ms(self, day: int) -> int:
        start = dt.datetime.combine(self.scenario.start, dt.time(), tzinfo=dt.UTC)
        return int(start.timestamp() * 1000) + day * MS_PER_DAY

    async def set_up(self) -> None:
        self.clock.set(self.day_start_ms(0))
        self.viewers = population.viewers(self.rng, self.scenario)
        self.creators = population.creators(self.rng, self.scenario)
        async with unit(self.engine) as uow:
            await gifts_service.seed_catalog(uow, self.economy)
        for start in range(0, len(self.creators), USERS_CHUNK):
            async with unit(self.engine) as uow:
                for creator in self.creators[start:start + USERS_CHUNK]:
                    await users.upsert(uow, creator.id, display_name=creator.id, country="US",
                                       birth_date=ADULT_BIRTH_DATE, is_creator=True,
                                       age_verified=True)
                    await payouts.set_payout_method(uow, creator.id,
                                                    f"{creator.id}@{PAYPAL_DOMAIN}")
        for start in range(0, len(self.viewers), USERS_CHUNK):
            async with unit(self.engine) as uow:
                for viewer in self.viewers[start:start + USERS_CHUNK]:
                    await users.upsert(uow, viewer.id, display_name=viewer.id,
                                       country=viewer.country, birth_date=ADULT_BIRTH_DATE)
        await self.features.post_videos(self.creators)

    # --- the days ---

    async def run(self) -> Tally:
        await self.set_up()
        days = self.scenario.days
        for day in range(days):
            await self.play_day(day)
            if self.progress is not None:
                self.progress(day + 1, days, self.tally.gifts_sent)
        return self.tally

    async def play_day(self, day: int) -> None:
        start_ms = self.day_start_ms(day)
        self.clock.set(start_ms + STREAMS_START_H * MS_PER_HOUR)
        live = await self._go_live(day)
        await self.features.settle_promotions()
        self._count_purchases(await self.features.start_promotions(
            day, self.creators, self._next_ref))
        self.clock.set(start_ms + ACTIVITY_START_H * MS_PER_HOUR)
        # Battles and goals start with the day's gifts (a battle lasts minutes).
        await self.features.start_contests(day, live)
        await self._refunds(day)
        await self._viewers_act(day, live)
        self.clock.set(max(self.clock.now_ms(), start_ms + STREAMS_END_H * MS_PER_HOUR))
        async with unit(self.engine) as uow:
            for stream in live:
                await streams.end(uow, stream.id, None)
        await self.features.end_contests([stream.id for stream in live])
        await self.features.deliver_promotions(day)
        if self.scenario.withdrawals.enabled:
            self.clock.set(max(self.clock.now_ms(), start_ms + WITHDRAWALS_H * MS_PER_HOUR))
            await self._withdrawals(day)
        if self.clock.now_ms() >= self.day_start_ms(day + 1):
            raise RuntimeError("a simulated day overran its 24 hours; lower the gift volume")
        await self._close(day)

    async def _close(self, day: int) -> None:
        """The day's closing balances, as the ledger stores them (the finance report of the
        whole run checks the last one against its own closing figures)."""
        async with read_only(self.engine) as connection:
            totals = {t.asset: t for t in await reads.user_totals(connection)}
        before = _Totals.of(self.closes)
        tally = self.tally
        coins, diamonds = totals.get(COIN), totals.get(DIAMOND)
        self.closes.append(DayClose(
            day=self.scenario.start + dt.timedelta(days=day),
            coins_outstanding=coins.posted if coins else 0,
            wallets_below_zero=coins.below_zero if coins else 0,
            diamonds_outstanding=diamonds.posted if diamonds else 0,
            gifts_sent=tally.gifts_sent - before.gifts_sent,
            coins_gifted=tally.coins_gifted - before.coins_gifted,
            purchases=tally.purchases - before.purchases,
            gross_sales_minor={c: v - before.gross_sales_minor.get(c, 0)
                               for c, v in sorted(tally.gross_sales_minor.items())},
            payouts_paid_minor=tally.payouts_paid_minor - before.payouts_paid_minor,
        ))

    async def _go_live(self, day: int) -> list[LiveStream]:
        """The creators LIVE today."""
        chance = self.scenario.creators.live_days_per_week / 7
        going = [c for c in self.creators if self.rng.random() < chance]
        live = []
        async with unit(self.engine) as uow:
            for creator in going:
                answer = await streams.start(uow, creator.id, f"day {day + 1}", f"sim-{day}")
                live.append(LiveStream(answer.value.id, creator))
        self.tally.streams += len(live)
        return live

    def _next_ref(self) -> str:
        self._sequence += 1
        return f"sim-{self._sequence}"

    def _count_purchases(self, bought: list[store.Bought]) -> None:
        for answer in bought:
            self.tally.purchases += 1
            self.tally.gross_sales_minor[answer.currency] += answer.gross_minor

    async def _viewers_act(self, day: int, live: list[LiveStream]) -> None:
        spec = self.scenario.viewers
        cum: list[float] = []
        total = 0.0
        for stream in live:
            total += stream.creator.audience
            cum.append(total)
        pending = _Pending(day)
        for viewer in self.viewers:
            if self.rng.random() >= spec.active_share:
                continue
            count = population.gifts_today(self.rng, self.scenario, viewer)
            big_share = min(1.0, spec.big_gift_share * viewer.appetite)
            chosen = [population.draw_gift(self.rng, self.choice, big_share)
                      for _ in range(count)]
            targets: list[str | None] = [
                live[population.pick_cumulative(cum, self.rng.random() * total)].id
                for _ in range(count)] if live else [None] * count
            self._plan(day, viewer, chosen, targets, pending)
            if len(pending.sends) >= self.scenario.gift_batch_size:
                await self._flush(pending)
                pending = _Pending(day)
        await self._flush(pending)

    def _plan(self, day: int, viewer: Viewer, chosen: list[tuple[str, int]],
              targets: list[str | None], pending: _Pending) -> None:
        need = sum(coins for _, coins in chosen)
        if need > viewer.balance and viewer.buys:
            top_up = need * self.scenario.viewers.buy_days_ahead - viewer.balance
            for coins in population.packages_for(top_up, self._package_sizes(viewer)):
                # Drawn for every purchase tried, bought or refused: the draws stay in step
                # across scenarios whatever the engine answers.
                draw = self.rng.random()
                delay = self.rng.randint(1, self.scenario.refunds.delay_days_max)
                pending.buys.append((viewer, coins, self._refund_kind(viewer, draw),
                                     day + delay))
                viewer.balance += coins
        for (gift_id, coins), stream_id in zip(chosen, targets, strict=True):
            # Drawn for every gift, LIVE or not: the draws stay in step across scenarios.
            video_id = self.features.video_target()
            if video_id is not None:
                send = SendRequest(viewer.id, gift_id, 1, self._next_ref(), video_id=video_id,
                                   comment_text=VIDEO_COMMENT)
            elif stream_id is not None:
                send = SendRequest(viewer.id, gift_id, 1, self._next_ref(), stream_id=stream_id)
            else:  # nobody is LIVE and the gift was not for a video: it is not sent
                continue
            pending.sends.append(send)
            pending.senders.append((viewer, coins))
            viewer.balance -= coins

    def _refund_kind(self, viewer: Viewer, draw: float) -> str | None:
        """Whether a purchase will be refunded by the store, disputed by the card holder
        (web only), or neither."""
        refunds = self.scenario.refunds
        if draw < refunds.refund_share:
            return REFUND
        if viewer.channel == "web" and draw < refunds.refund_share + refunds.chargeback_share:
            return CHARGEBACK
        return None

    def _package_sizes(self, viewer: Viewer) -> tuple[int, ...]:
        key = (viewer.country, viewer.channel)
        sizes = self._sizes.get(key)
        if sizes is None:
            price_list = (self.economy.price_list(viewer.country, viewer.channel)  # type: ignore[arg-type]
                          or self.economy.price_list(self.economy.fallback_country,
                                                     viewer.channel))  # type: ignore[arg-type]
            sizes = tuple(p.coins for p in price_list.packages) if price_list else (100,)
            self._sizes[key] = sizes
        return sizes

    async def _flush(self, pending: _Pending) -> None:
        if pending.buys:
            await self._buy(pending.day, pending.buys)
        if pending.sends:
            self.clock.advance(ms=BATCH_STEP_MS)
            async with unit(self.engine) as uow:
                result = await gifts_service.apply_batch(uow, pending.sends, self.economy,
                                                         self.clock.now_ms())
            self.tally.batches += 1
            sent = []
            for (viewer, coins), outcome in zip(pending.senders, result.outcomes, strict=True):
                if isinstance(outcome, SentGift):
                    sent.append(outcome)
                    self.features.count_video_gift(outcome)
                    self.tally.gifts_sent += 1
                    self.tally.coins_gifted += outcome.coins
                    self.tally.diamonds_by_creator[outcome.recipient_id] += outcome.diamonds
                    viewer.balance = outcome.balance_after_coins
                else:
                    reason = (outcome.refusal.value if isinstance(outcome, GiftNotSent)
                              else type(outcome).__name__)
                    self.tally.gifts_refused[reason] += 1
                    viewer.balance += coins
            await self.features.count_goals(sent)

    async def _buy(self, day: int, buys: list[tuple[Viewer, int, str | None, int]]) -> None:
        """The chunk's purchases in rounds, each a moment of its own: the first package of
        every viewer, then the second of those not refused, and so on (a viewer refused
        stops trying until tomorrow). A round is fulfilled together (`store.buy_many`)."""
        rounds: list[list[tuple[Viewer, int, str | None, int]]] = []
        tried: Counter[str] = Counter()
        for buy in buys:
            nth = tried[buy[0].id]
            tried[buy[0].id] += 1
            if nth == len(rounds):
                rounds.append([])
            rounds[nth].append(buy)
        async with unit(self.engine) as uow:
            for round_buys in rounds:
                self.clock.advance(ms=PURCHASE_STEP_MS)
                trying = []
                for buy in round_buys:
                    viewer, coins = buy[0], buy[1]
                    if viewer.refused_day == day:  # refused today: no more tries today
                        viewer.balance -= coins
                    else:
                        trying.append(buy)
                if not trying:
                    continue
                orders = [store.Order(v.id, v.channel, coins, self._next_ref())
                          for v, coins, _, _ in trying]
                for buy, order, answer in zip(trying, orders, await self._fulfil(uow, orders),
                                              strict=True):
                    self._bought(day, buy, order, answer)

    async def _fulfil(self, uow: UnitOfWork, orders: list[store.Order]
                      ) -> list[store.Bought | store.NotBought]:
        if not self.one_by_one:
            return await store.buy_many(uow, self.settings, orders)
        return [await store.buy(uow, self.settings, order) for order in orders]

    def _bought(self, day: int, buy: tuple[Viewer, int, str | None, int], order: store.Order,
                answer: store.Bought | store.NotBought) -> None:
        viewer, coins, refund, refund_day = buy
        if isinstance(answer, store.NotBought):
            self.tally.purchases_refused[answer.reason] += 1
            viewer.refused_day = day
            viewer.balance -= coins
            return
        self.tally.purchases += 1
        self.tally.gross_sales_minor[answer.currency] += answer.gross_minor
        if refund is not None and refund_day < self.scenario.days:
            purchase = Purchase(answer.purchase_id, order.ref, viewer, viewer.channel,
                                answer.coins, answer.gross_minor, answer.currency)
            self.refunds_due.setdefault(refund_day, []).append(
                PlannedRefund(purchase, refund == CHARGEBACK))

    async def _refunds(self, day: int) -> None:
        due = self.refunds_due.pop(day, [])
        if not due:
            return
        async with unit(self.engine) as uow:
            for planned in due:
                purchase = planned.purchase
                self.clock.advance(ms=PURCHASE_STEP_MS)
                outcome = await store.refund(
                    uow, self.settings, purchase_id=purchase.id, purchase_ref=purchase.ref,
                    channel=purchase.channel, dispute=planned.dispute,
                    ref=f"sim-refund-{purchase.id}")
                kind = CHARGEBACK if planned.dispute else REFUND
                self.tally.refunds[f"{kind}:{outcome}"] += 1
                if outcome == "clawed_back":
                    purchase.viewer.balance -= purchase.coins

    async def _withdrawals(self, day: int) -> None:
        """Every creator whose withdrawable earnings reach the threshold cashes out (up to
        the daily cap); PayPal's answer is simulated as paid."""
        cfg = self.economy.payouts
        at_ms = self.clock.now_ms()
        due: list[tuple[str, int]] = []
        # Only creators whose earnings since their last withdrawal could reach the threshold
        # are asked (the engine decides what is withdrawable: the hold, claw-backs).
        threshold = diamonds_for_cash(cfg.min_withdrawal_minor, cfg)
        async with unit(self.engine) as uow:
            connection = await uow.connect()
            for creator in self.creators:
                unpaid = (self.tally.diamonds_by_creator.get(creator.id, 0)
                          - self.tally.withdrawn_diamonds_by_creator.get(creator.id, 0))
                if unpaid < threshold:
                    continue
                balance = await payouts.balance(connection, creator.id, self.economy, at_ms)
                cash = diamonds_cash_value_minor(max(balance.diamonds_withdrawable, 0), cfg)
                if cash >= cfg.min_withdrawal_minor:
                    due.append((creator.id, min(cash, cfg.daily_cap_minor)))
        for creator_id, amount_minor in due:
            await self._cash_out(day, creator_id, amount_minor)

    async def _cash_out(self, day: int, creator_id: str, amount_minor: int) -> None:
        try:
            async with unit(self.engine) as uow:
                answer = await payouts.request(uow, user_id=creator_id, amount_minor=amount_minor,
                                               idempotency_key=f"sim-{day}", economy=self.economy)
        except FancoinsError as refused:
            self.tally.withdrawals_refused[refused.slug] += 1
            return
        withdrawal = answer.value
        async with unit(self.engine) as uow:
            submitted = await payouts.record_submitted(uow, withdrawal.id, f"SIM-{day}",
                                                       f"SIM-{withdrawal.id.hex[:12]}")
            connection = await uow.connect()
            locked = await payouts.get(connection, submitted.id, lock=True)
            await payouts.transition(uow, locked, WithdrawalStatus.PAID)
        self.tally.withdrawals_paid += 1
        self.tally.withdrawn_minor_by_creator[creator_id] += amount_minor
        self.tally.withdrawn_diamonds_by_creator[creator_id] += withdrawal.diamonds
        self.tally.payouts_paid_minor += amount_minor



@dataclass(frozen=True, slots=True)
class _Totals:
    """The run's counts up to the last closed day."""

    gifts_sent: int = 0
    coins_gifted: int = 0
    purchases: int = 0
    gross_sales_minor: dict[str, int] = field(default_factory=dict)
    payouts_paid_minor: int = 0

    @classmethod
    def of(cls, closes: list[DayClose]) -> _Totals:
        sales: Counter[str] = Counter()
        for close in closes:
            sales.update(close.gross_sales_minor)
        return cls(sum(c.gifts_sent for c in closes), sum(c.coins_gifted for c in closes),
                   sum(c.purchases for c in closes), dict(sales),
                   sum(c.payouts_paid_minor for c in closes))
