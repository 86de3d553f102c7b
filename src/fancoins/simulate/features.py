"""The rest of the economy a simulated day holds besides purchases and plain LIVE gifts:
videos and gifts on their comments, battles, goals and promotions, each through its own
service exactly as the API, LIVE's tick and the jobs drive it.

- Videos: each creator posts its videos before the first day (`streams.create_video`);
  a share of the viewers' gifts go on a video's comments, through the same gift batches.
- Battles: a LIVE creator invites another LIVE creator and the invitee accepts
  (`battles.invite`, `battles.answer`); gifts to either side's stream count while it runs;
  at the streams' end the sweep LIVE's tick runs ends it with the winner summed from the
  gifts table (`battles.end_due`).
- Goals: a creator going LIVE sets a coins goal (`goals.set_goal`); every committed gift
  batch is counted into the active goals as LIVE's tick counts it (`goals.record_gifts`);
  a LIVE that ends takes its unfinished goal with it (`goals.end_stream`).
- Promotions: a creator buys the budget's coins (the purchases service, as a store sale),
  starts a promotion of one of its videos (`promotions.create`), the host's ad server
  reports a delivery every evening (`promotions.deliver`) and the settle job ends it when
  its days are over, returning what it did not spend (`promotions.tasks.settle_due`).

Each feature draws from its own `random.Random` seeded from the run's seed, so turning one
on never changes what the viewers of the run do, and the same seed gives the same run.
"""

from __future__ import annotations

import math
import random
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.battles.service import Battle, BattleRules, battles
from fancoins.config import Settings
from fancoins.db.engine import read_only
from fancoins.db.uow import unit
from fancoins.economy.promotions import Audience
from fancoins.economy.rules import EconomyConfig
from fancoins.gifts.service import SentGift
from fancoins.goals.service import GoalAsk, GoalChanges, GoalGift, goals
from fancoins.kit.clock import now_ms
from fancoins.kit.errors import FancoinsError
from fancoins.promotions.service import DeliveryReport, promotions
from fancoins.promotions.tasks import settle_due
from fancoins.simulate import population, store
from fancoins.simulate.population import Creator
from fancoins.simulate.scenario import Scenario
from fancoins.streams.service import streams

# The ad server's reporter, as its deliveries name it.
AD_SERVER = "sim-ad-server"
PROMOTION_OBJECTIVE = "views"
# What a delivery reports per coin charged (the promotion's estimate is the economy's).
VIEWS_PER_COIN = 3
VIDEO_COMMENT = "sent with a gift"


@dataclass(slots=True)
class FeatureTally:
    videos: int = 0
    video_gifts_sent: int = 0
    video_coins_gifted: int = 0
    battles_started: int = 0
    battles_refused: Counter[str] = field(default_factory=Counter)
    battles_won: int = 0
    battles_drawn: int = 0
    battle_coins: int = 0
    goals_set: int = 0
    goals_refused: Counter[str] = field(default_factory=Counter)
    goals_completed: int = 0
    promotions_started: int = 0
    promotions_refused: Counter[str] = field(default_factory=Counter)
    promotion_purchases: int = 0
    promotion_deliveries: int = 0
    promotion_deliveries_refused: Counter[str] = field(default_factory=Counter)
    promotion_coins_charged: int = 0
    promotions_ended: int = 0
    promotion_coins_returned: int = 0


@dataclass(frozen=True, slots=True)
class LiveStream:
    id: str
    creator: Creator


@dataclass(slots=True)
class _Running:
    """A promotion the ad server still delivers."""

    id: uuid.UUID
    creator_id: str
    budget_coins: int
    charged_coins: int = 0


class Features:
    def __init__(self, engine: AsyncEngine, settings: Settings, economy: EconomyConfig,
                 scenario: Scenario) -> None:
        self.engine = engine
        self.settings = settings
        self.economy = economy
        self.scenario = scenario
        seed = scenario.seed
        self.video_rng = random.Random(f"{seed}:videos")
        self.battle_rng = random.Random(f"{seed}:battles")
        self.goal_rng = random.Random(f"{seed}:goals")
        self.promotion_rng = random.Random(f"{seed}:promotions")
        self.tally = FeatureTally()
        self.videos: list[tuple[str, str]] = []  # (video id, creator id)
        self._video_cum: list[float] = []
        self._video_total = 0.0
        self._videos_of: dict[str, list[str]] = {}
        self._coins_of: Counter[str] = Counter()  # creators' wallets, as expected
        self._running: list[_Running] = []
        self._goal_streams: set[str] = set()
        self.rules = BattleRules(
            scenario.battles.duration_s, settings.battles.duration_min_s,
            settings.battles.duration_max_s, settings.battles.invite_ttl_s,
            settings.battles.settle_grace_ms, settings.battles.supporters_shown)

    # --- videos ------------------------------------------------------------------------

    async def post_videos(self, creators: Sequence[Creator]) -> None:
        per_creator = self.scenario.videos.per_creator
        if per_creator == 0:
            return
        async with unit(self.engine) as uow:
            for creator in creators:
                for index in range(per_creator):
                    answer = await streams.create_video(uow, creator.id, f"video {index + 1}",
                                                        f"sim-video-{index}")
                    self.videos.append((answer.value.id, creator.id))
                    self._videos_of.setdefault(creator.id, []).append(answer.value.id)
                    self._video_total += creator.audience / per_creator
                    self._video_cum.append(self._video_total)
        self.tally.videos = len(self.videos)

    def video_target(self) -> str | None:
        """The video a gift goes to instead of a LIVE (None: it goes to the LIVE)."""
        share = self.scenario.videos.gift_share
        if not self.videos or share == 0 or self.video_rng.random() >= share:
            return None
        at = population.pick_cumulative(self._video_cum, self.video_rng.random()
                                        * self._video_total)
        return self.videos[at][0]

    def count_video_gift(self, gift: SentGift) -> None:
        if gift.video_id is not None:
            self.tally.video_gifts_sent += 1
            self.tally.video_coins_gifted += gift.coins

    # --- battles and goals: at the LIVE's start ----------------------------------------

    async def start_contests(self, day: int, live: Sequence[LiveStream]) -> None:
        await self._set_goals(day, live)
        await self._invite_battles(day, live)

    async def _set_goals(self, day: int, live: Sequence[LiveStream]) -> None:
        spec = self.scenario.goals
        if spec.share == 0:
            return
        for stream in live:
            if self.goal_rng.random() >= spec.share:
                continue
            target = max(1, round(self.goal_rng.lognormvariate(
                math.log(spec.target_coins_median), spec.target_sigma)))
            ask = GoalAsk(f"day {day + 1}", "coins", target, None, None)
            try:
                async with unit(self.engine) as uow:
                    await goals.set_goal(uow, stream.id, stream.creator.id, ask,
                                         self.settings.goals.per_stream_max,
                                         self.settings.goals.deadline_max_s, f"sim-{day}")
            except FancoinsError as refused:
                self.tally.goals_refused[refused.slug] += 1
                continue
            self.tally.goals_set += 1
            self._goal_streams.add(stream.id)

    async def _invite_battles(self, day: int, live: Sequence[LiveStream]) -> None:
        share = self.scenario.battles.share
        if share == 0:
            return
        free = list(live)
        while len(free) >= 2:
            inviter = free.pop(0)
            if self.battle_rng.random() >= share:
                continue
            invitee = free.pop(self.battle_rng.randrange(len(free)))
            await self._battle(day, inviter.creator.id, invitee.creator.id)

    async def _battle(self, day: int, inviter_id: str, invitee_id: str) -> None:
        try:
            async with unit(self.engine) as uow:
                invited = await battles.invite(uow, inviter_id, [], [invitee_id],
                                               self.scenario.battles.duration_s, self.rules,
                                               f"sim-{day}")
                await battles.answer(uow, invited.value.id, invitee_id, accept=True)
        except FancoinsError as refused:
            self.tally.battles_refused[refused.slug] += 1
            return
        self.tally.battles_started += 1

    # --- LIVE's tick: a committed gift batch moves the goals ---------------------------

    async def count_goals(self, sent: Sequence[SentGift]) -> None:
        gifts = [GoalGift(g.stream_id, g.gift_id, g.count, g.coins, g.created_at_ms)
                 for g in sent if g.stream_id in self._goal_streams]
        if not gifts:
            return
        changes = GoalChanges()
        async with unit(self.engine) as uow:
            await goals.record_gifts(await uow.connect(), gifts, changes)
        self.tally.goals_completed += len(changes.completed)

    # --- the LIVEs' end ----------------------------------------------------------------

    async def end_contests(self, ended: Sequence[str]) -> None:
        """Battles whose time is up end (the sweep); the ended LIVEs' open goals end."""
        at_ms = now_ms()
        if self.scenario.battles.share > 0:
            async with unit(self.engine) as uow:
                connection = await uow.connect()
                while settled := await battles.end_due(
                        connection, at_ms, self.rules, self.settings.live.contest_sweep_max):
                    self._count_battles(settled)
        streams_with_goals = [s for s in ended if s in self._goal_streams]
        if streams_with_goals:
            async with unit(self.engine) as uow:
                connection = await uow.connect()
                for stream_id in streams_with_goals:
                    await goals.end_stream(connection, stream_id, at_ms)
            self._goal_streams.difference_update(streams_with_goals)

    def _count_battles(self, settled: Sequence[Battle]) -> None:
        for battle in settled:
            if battle.draw:
                self.tally.battles_drawn += 1
            else:
                self.tally.battles_won += 1
            self.tally.battle_coins += sum(p.score_coins for p in battle.participants)

    # --- promotions ----------------------------------------------------------------------

    async def settle_promotions(self) -> None:
        """The settle job: promotions whose days are over end; the rest comes back."""
        for promotion_id in await settle_due(self.engine, self.settings, now_ms()):
            async with read_only(self.engine) as connection:
                ended = await promotions.get(connection, promotion_id)
            self.tally.promotions_ended += 1
            self.tally.promotion_coins_returned += ended.returned_coins
            self._coins_of[ended.user_id] += ended.returned_coins
            self._running = [r for r in self._running if r.id != promotion_id]

    async def start_promotions(self, day: int, creators: Sequence[Creator],
                               next_ref: Callable[[], str]) -> list[store.Bought]:
        """Creators who promote today buy the budget's coins and start a promotion of one of
        their videos. Returns the purchases (the run counts them with the viewers')."""
        spec = self.scenario.promotions
        if spec.share == 0:
            return []
        bought: list[store.Bought] = []
        for creator in creators:
            if self.promotion_rng.random() >= spec.share:
                continue
            videos = self._videos_of[creator.id]
            video_id = videos[self.promotion_rng.randrange(len(videos))]
            bought += await self._promote(day, creator.id, video_id, next_ref)
        return bought

    async def _promote(self, day: int, creator_id: str, video_id: str,
                       next_ref: Callable[[], str]) -> list[store.Bought]:
        spec = self.scenario.promotions
        bought = []
        async with unit(self.engine) as uow:
            shortfall = spec.budget_coins - self._coins_of[creator_id]
            for coins in population.packages_for(shortfall, self._sizes()):
                answer = await store.buy(uow, self.settings, store.Order(
                    creator_id, spec.channel, coins, next_ref()))
                if isinstance(answer, store.Bought):
                    bought.append(answer)
                    self._coins_of[creator_id] += answer.coins
        self.tally.promotion_purchases += len(bought)
        try:
            async with unit(self.engine) as uow:
                started = await promotions.create(
                    uow, user_id=creator_id, video_id=video_id, budget_coins=spec.budget_coins,
                    days=spec.days, objective=PROMOTION_OBJECTIVE, audience=Audience(),
                    idempotency_key=f"sim-{day}", economy=self.economy)
        except FancoinsError as refused:
            self.tally.promotions_refused[refused.slug] += 1
            return bought
        self.tally.promotions_started += 1
        self._coins_of[creator_id] -= spec.budget_coins
        self._running.append(_Running(started.value.id, creator_id, spec.budget_coins))
        return bought

    def _sizes(self) -> tuple[int, ...]:
        channel = self.scenario.promotions.channel
        price_list = (self.economy.price_list("US", channel)
                      or self.economy.price_list(self.economy.fallback_country, channel))
        return tuple(p.coins for p in price_list.packages) if price_list else (100,)

    async def deliver_promotions(self, day: int) -> None:
        """The ad server's evening report for every running promotion."""
        share = self.scenario.promotions.delivered_share_per_day
        for running in self._running:
            cost = max(1, round(running.budget_coins * share))
            report = DeliveryReport(views=cost * VIEWS_PER_COIN, followers=0, profile_visits=0,
                                    cost_coins=cost)
            try:
                async with unit(self.engine) as uow:
                    answer = await promotions.deliver(uow, running.id, report, actor=AD_SERVER,
                                                      idempotency_key=f"sim-{day}")
            except FancoinsError as refused:
                self.tally.promotion_deliveries_refused[refused.slug] += 1
                continue
            self.tally.promotion_deliveries += 1
            self.tally.promotion_coins_charged += answer.value.charged_coins
