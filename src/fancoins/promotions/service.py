"""Coin-paid video promotions: start (budget held), deliveries (charged), end or cancel (rest
returned). Services flush; the caller's unit of work commits. Ledger legs: `legs`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.accounts.service import reader
from fancoins.economy.promotions import Audience, plan_delivery_charge, plan_promotion
from fancoins.economy.rules import EconomyConfig
from fancoins.identity.service import users
from fancoins.ids import new_id, now_ms
from fancoins.journal import idempotency
from fancoins.journal.service import journal
from fancoins.ledger import GroupRejected, TransferError, TransferRequest, chart
from fancoins.promotions import legs, repository
from fancoins.safety.service import spending

CREATE_SCOPE = "promotion_create"
DELIVERY_SCOPE = "promotion_delivery"
LEDGER_SCOPE = "promotion_ledger"
MS_PER_S = 1000

ACTIVE, COMPLETED, ENDED, CANCELED = "active", "completed", "ended", "canceled"


class PromotionRefused(Exception):
    """The user may not start this promotion; `rule` is a stable slug."""

    def __init__(self, rule: str, detail: str) -> None:
        super().__init__(f"{rule}: {detail}")
        self.rule = rule
        self.detail = detail


class PromotionNotFound(Exception):
    pass


class PromotionClosed(Exception):
    """The promotion has ended, was canceled or has spent its budget."""

    def __init__(self, status: str) -> None:
        super().__init__(f"the promotion is {status}")
        self.status = status


@dataclass(frozen=True, slots=True)
class Promotion:
    id: uuid.UUID
    user_id: str
    video_id: str
    objective: str
    audience: dict[str, Any]
    status: str
    budget_coins: int
    charged_coins: int
    returned_coins: int
    hold_transfer_id: uuid.UUID | None
    days: int
    reach_low_views: int
    reach_high_views: int
    views: int
    followers: int
    profile_visits: int
    starts_at_ms: int
    ends_at_ms: int
    settled_at_ms: int | None
    created_at_ms: int

    @property
    def held_coins(self) -> int:
        return self.budget_coins - self.charged_coins - self.returned_coins


_FIELDS = [f.name for f in dataclasses.fields(Promotion)]


def _promotion(row: Any) -> Promotion:
    return Promotion(**{name: getattr(row, name) for name in _FIELDS})


@dataclass(frozen=True, slots=True)
class Delivery:
    id: uuid.UUID
    cost_coins: int
    charged_coins: int
    promotion: Promotion


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """What the host's ad server delivered since its last report."""

    views: int
    followers: int
    profile_visits: int
    cost_coins: int


def _scoped_key(owner: str, key: str) -> str:
    # Client keys are chosen per user (or per promotion): scope them so they never collide.
    return hashlib.sha256(f"{owner}\n{key}".encode()).hexdigest()


class PromotionService:
    async def create(
        self, connection: AsyncConnection, *, user_id: str, video_id: str, budget_coins: int,
        days: int, objective: str, audience: Audience, idempotency_key: str,
        economy: EconomyConfig,
    ) -> Promotion:
        """Raises `PromotionInvalid`, `PromotionRefused`, `UserNotFound`,
        `SpendLimitExceeded`, `IdempotencyConflict`."""
        plan = plan_promotion(budget_coins, days, objective, audience, economy.promotions)
        key = _scoped_key(user_id, idempotency_key)
        request = {"user_id": user_id, "video_id": video_id, "budget_coins": budget_coins,
                   "days": days, "objective": objective, "audience": dataclasses.asdict(audience)}
        replay = await idempotency.claim(connection, CREATE_SCOPE, key,
                                         idempotency.request_hash(request))
        if replay is not None:
            return await self.get(connection, uuid.UUID(replay.response["promotion_id"]))
        at_ms = now_ms()
        await self._check_promoter(connection, user_id, at_ms, economy)
        # The whole budget counts as spent when it is committed: a limit cannot be passed by
        # promoting. What is returned at the end is not un-counted (the safer side).
        await spending.check_and_count(connection, user_id, budget_coins, at_ms)
        promotion_id, hold_id = new_id(), new_id()
        await self._ledger(connection, f"promotion:{promotion_id.hex}:hold",
                           [legs.plan_hold(promotion_id, user_id, hold_id, budget_coins)])
        await repository.insert_promotion(connection, {
            "id": promotion_id, "user_id": user_id, "video_id": video_id,
            "objective": objective, "audience": dataclasses.asdict(audience), "status": ACTIVE,
            "budget_coins": budget_coins, "charged_coins": 0, "returned_coins": 0,
            "hold_transfer_id": hold_id, "days": days, "reach_low_views": plan.reach_low_views,
            "reach_high_views": plan.reach_high_views, "views": 0, "followers": 0,
            "profile_visits": 0, "starts_at_ms": at_ms,
            "ends_at_ms": at_ms + plan.duration_s * MS_PER_S, "settled_at_ms": None,
            "created_at_ms": at_ms,
        })
        await idempotency.complete(connection, CREATE_SCOPE, key,
                                   {"promotion_id": str(promotion_id)})
        return await self.get(connection, promotion_id)

    async def _check_promoter(
        self, connection: AsyncConnection, user_id: str, at_ms: int, economy: EconomyConfig
    ) -> None:
        user = await users.get(connection, user_id)
        today = dt.datetime.fromtimestamp(at_ms / MS_PER_S, dt.UTC).date()
        if not user.is_adult(today, economy.age.min_age_years):
            raise PromotionRefused("age-restricted",
                                   f"promoting needs age {economy.age.min_age_years}+")
        if user.frozen:
            raise PromotionRefused("account-frozen", "the account is frozen")
        wallet = await reader.account(connection, chart.user_coins(user_id), None, True)
        if wallet.balance < 0:
            raise PromotionRefused("account-restricted",
                                   "the coin balance is negative after a refund; repay it first")

    async def _ledger(
        self, connection: AsyncConnection, operation: str, requests: list[TransferRequest]
    ) -> None:
        # `operation` is also the transfers' operation id: at most 64 characters.
        try:
            await journal.record(connection, requests, scope=LEDGER_SCOPE,
                                 idempotency_key=operation)
        except GroupRejected as rejected:
            if rejected.error is TransferError.EXCEEDS_CREDITS:
                raise PromotionRefused("insufficient-coins", "not enough coins") from None
            raise

    async def get(self, connection: AsyncConnection, promotion_id: uuid.UUID,
                  *, lock: bool = False) -> Promotion:
        row = await repository.get_promotion(connection, promotion_id, lock=lock)
        if row is None:
            raise PromotionNotFound(str(promotion_id))
        return _promotion(row)

    async def page(
        self, connection: AsyncConnection, user_id: str | None, before: uuid.UUID | None,
        limit: int,
    ) -> tuple[list[Promotion], uuid.UUID | None]:
        rows = await repository.list_promotions(connection, user_id, before, limit + 1)
        items = [_promotion(r) for r in rows[:limit]]
        return items, (items[-1].id if len(rows) > limit and items else None)

    async def deliver(
        self, connection: AsyncConnection, promotion_id: uuid.UUID, report: DeliveryReport,
        *, idempotency_key: str, at_ms: int | None = None,
    ) -> Delivery:
        """Charge what was delivered (never past the budget). Raises `PromotionNotFound`,
        `PromotionClosed` (ended, canceled or spent), `IdempotencyConflict`."""
        key = _scoped_key(str(promotion_id), idempotency_key)
        replay = await idempotency.claim(connection, DELIVERY_SCOPE, key,
                                         idempotency.request_hash(dataclasses.asdict(report)))
        if replay is not None:
            return await self._delivery(connection, uuid.UUID(replay.response["delivery_id"]))
        at = now_ms() if at_ms is None else at_ms
        promotion = await self.get(connection, promotion_id, lock=True)
        if promotion.status != ACTIVE:
            raise PromotionClosed(promotion.status)
        if at >= promotion.ends_at_ms:
            raise PromotionClosed(ENDED)  # the sweeper will settle it
        charge_coins = plan_delivery_charge(
            promotion.budget_coins, promotion.charged_coins, report.cost_coins
        )
        delivery_id = new_id()
        values = await self._charge(connection, promotion, charge_coins, delivery_id)
        await repository.update_promotion(
            connection, promotion.id, ACTIVE, views=promotion.views + report.views,
            followers=promotion.followers + report.followers,
            profile_visits=promotion.profile_visits + report.profile_visits, **values,
        )
        await repository.insert_delivery(connection, {
            "id": delivery_id, "promotion_id": promotion.id, "views": report.views,
            "followers": report.followers, "profile_visits": report.profile_visits,
            "cost_coins": report.cost_coins, "charged_coins": charge_coins, "created_at_ms": at,
        })
        await idempotency.complete(connection, DELIVERY_SCOPE, key,
                                   {"delivery_id": str(delivery_id)})
        return await self._delivery(connection, delivery_id)

    async def _charge(
        self, connection: AsyncConnection, promotion: Promotion, charge_coins: int,
        delivery_id: uuid.UUID,
    ) -> dict[str, Any]:
        """Post the charge and re-hold the rest; the promotion's changed columns."""
        if charge_coins == 0 or promotion.hold_transfer_id is None:
            return {}
        wallet = await reader.account(connection, chart.user_coins(promotion.user_id), None,
                                      True)
        requests, new_hold_id = legs.plan_charge(
            promotion.id, promotion.user_id, promotion.hold_transfer_id, promotion.held_coins,
            charge_coins, wallet_overdrawn=wallet.available < 0,
        )
        await self._ledger(connection, f"promotion-delivery:{delivery_id.hex}", requests)
        values: dict[str, Any] = {"charged_coins": promotion.charged_coins + charge_coins,
                                  "hold_transfer_id": new_hold_id}
        if new_hold_id is None:
            values.update(status=COMPLETED, settled_at_ms=now_ms())
        return values

    async def _delivery(self, connection: AsyncConnection, delivery_id: uuid.UUID) -> Delivery:
        row = await repository.get_delivery(connection, delivery_id)
        if row is None:
            raise PromotionNotFound(f"delivery {delivery_id}")
        promotion = await self.get(connection, row.promotion_id)
        return Delivery(row.id, row.cost_coins, row.charged_coins, promotion)

    async def close(
        self, connection: AsyncConnection, promotion_id: uuid.UUID, status: str,
        at_ms: int | None = None,
    ) -> Promotion:
        """End (`ended`) or cancel (`canceled`) an active promotion: the rest of its budget
        goes back to the wallet. Closing a promotion already in `status` changes nothing;
        one closed otherwise raises `PromotionClosed`."""
        promotion = await self.get(connection, promotion_id, lock=True)
        if promotion.status == status:
            return promotion
        if promotion.status != ACTIVE:
            raise PromotionClosed(promotion.status)
        if promotion.hold_transfer_id is not None:
            await self._ledger(connection, f"promotion:{promotion.id.hex}:{status}",
                               legs.plan_release(promotion.id, promotion.hold_transfer_id))
        await repository.update_promotion(
            connection, promotion.id, ACTIVE, status=status, hold_transfer_id=None,
            returned_coins=promotion.held_coins,
            settled_at_ms=now_ms() if at_ms is None else at_ms,
        )
        return await self.get(connection, promotion.id)

    async def due(self, connection: AsyncConnection, at_ms: int, limit: int) -> list[uuid.UUID]:
        return await repository.due_ids(connection, ACTIVE, at_ms, limit)


promotions = PromotionService()
