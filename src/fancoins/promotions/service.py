"""Coin-paid video promotions: start (budget held), deliveries (charged), end or cancel (rest
returned). Writes run on the caller's unit of work; ledger legs: `legs`.

Every idempotent write goes through `journal.idempotency.idempotent`: a key's first answer (the
promotion or delivery as it was then, or the refusal) is its answer for good.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.accounts.service import reader
from fancoins.db.uow import UnitOfWork
from fancoins.economy import promotions as rules
from fancoins.economy.age import AgeAction
from fancoins.economy.promotions import Audience, plan_delivery_charge, plan_promotion
from fancoins.economy.rules import EconomyConfig
from fancoins.identity.errors import ReasonRequired
from fancoins.identity.service import audit
from fancoins.ids import new_id, now_ms
from fancoins.journal.idempotency import Answer, idempotent
from fancoins.journal.service import journal
from fancoins.kit.clock import MS_PER_SECOND
from fancoins.kit.hashing import scoped_key
from fancoins.ledger import GroupRejected, TransferError, TransferRequest, chart
from fancoins.promotions import legs, repository
from fancoins.promotions.errors import PromotionClosed, PromotionInvalid, PromotionNotFound
from fancoins.promotions.events import (
    PromotionCancelled,
    PromotionChanged,
    PromotionCompleted,
    PromotionStarted,
)
from fancoins.promotions.repository import DeliveryRow
from fancoins.promotions.repository import Promotion as Promotion
from fancoins.safety.eligibility import eligibility
from fancoins.safety.errors import AccountRestricted, InsufficientCoins
from fancoins.safety.service import spending

CREATE_SCOPE = "promotion_create"
DELIVERY_SCOPE = "promotion_delivery"
CANCEL_SCOPE = "promotion_cancel"
LEDGER_SCOPE = "promotion_ledger"

ACTIVE, COMPLETED, ENDED, CANCELED = "active", "completed", "ended", "canceled"


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


def _planned(budget_coins: int, days: int, objective: str, audience: Audience,
             economy: EconomyConfig) -> rules.PromotionPlan:
    try:
        return plan_promotion(budget_coins, days, objective, audience, economy.promotions)
    except rules.PromotionInvalid as invalid:
        raise PromotionInvalid(str(invalid), invalid.field) from None


class PromotionService:
    async def create(
        self, uow: UnitOfWork, *, user_id: str, video_id: str, budget_coins: int,
        days: int, objective: str, audience: Audience, idempotency_key: str,
        economy: EconomyConfig,
    ) -> Answer[Promotion]:
        """Start a promotion, once per key. Raises `PromotionInvalid`, `UserNotFound`, a
        refusal (`AgeRestricted`, `AccountFrozen`, `AccountRestricted`,
        `SpendingLimitExceeded`, `InsufficientCoins`: stored) or `IdempotencyKeyReused`."""
        plan = _planned(budget_coins, days, objective, audience, economy)

        async def run() -> Promotion:
            return await self._create(uow, user_id, video_id, plan, economy)

        request = {"user_id": user_id, "video_id": video_id, "budget_coins": budget_coins,
                   "days": days, "objective": objective, "audience": dataclasses.asdict(audience)}
        return await idempotent(uow, CREATE_SCOPE, scoped_key(user_id, idempotency_key),
                                request, run, Promotion)

    async def _create(
        self, uow: UnitOfWork, user_id: str, video_id: str, plan: rules.PromotionPlan,
        economy: EconomyConfig,
    ) -> Promotion:
        connection = await uow.connect()
        at_ms = now_ms()
        await self._check_promoter(connection, user_id, at_ms, economy)
        # The whole budget counts as spent when it is committed: a limit cannot be passed by
        # promoting. What comes back at the end is taken off the count again (`close`).
        await spending.check_and_count(uow, user_id, plan.budget_coins, at_ms)
        hold_id = new_id()
        promotion = Promotion(
            id=new_id(), user_id=user_id, video_id=video_id, objective=plan.objective,
            audience=dataclasses.asdict(plan.audience), status=ACTIVE,
            budget_coins=plan.budget_coins, charged_coins=0, returned_coins=0,
            hold_transfer_id=hold_id, days=plan.days, reach_low_views=plan.reach_low_views,
            reach_high_views=plan.reach_high_views, views=0, followers=0, profile_visits=0,
            starts_at_ms=at_ms, ends_at_ms=at_ms + plan.duration_s * MS_PER_SECOND,
            settled_at_ms=None, created_at_ms=at_ms,
        )
        await self._ledger(connection, f"promotion:{promotion.id.hex}:hold",
                           [legs.plan_hold(promotion.id, user_id, hold_id, plan.budget_coins)])
        await repository.insert_promotion(connection, promotion)
        uow.emit(_event(PromotionStarted, promotion, at_ms))
        return promotion

    async def _check_promoter(
        self, connection: AsyncConnection, user_id: str, at_ms: int, economy: EconomyConfig
    ) -> None:
        await eligibility.require(connection, user_id, AgeAction.PROMOTE, economy, at_ms)
        wallet = await reader.account(connection, chart.user_coins(user_id), None, True)
        if wallet.balance < 0:
            raise AccountRestricted("the coin balance is negative after a refund; repay it first")

    async def _ledger(
        self, connection: AsyncConnection, operation: str, requests: list[TransferRequest]
    ) -> None:
        # `operation` is also the transfers' operation id: at most 64 characters.
        try:
            await journal.record(connection, requests, scope=LEDGER_SCOPE,
                                 idempotency_key=operation)
        except GroupRejected as rejected:
            if rejected.error is TransferError.EXCEEDS_CREDITS:
                raise InsufficientCoins("not enough coins") from None
            raise

    async def get(self, connection: AsyncConnection, promotion_id: uuid.UUID,
                  *, lock: bool = False) -> Promotion:
        found = await repository.get_promotion(connection, promotion_id, lock=lock)
        if found is None:
            raise PromotionNotFound(f"no promotion {promotion_id}")
        return found

    async def page(
        self, connection: AsyncConnection, user_id: str | None, before: uuid.UUID | None,
        limit: int,
    ) -> Sequence[Promotion]:
        """Newest first, up to `limit`; `user_id` None lists everyone's (operators)."""
        return await repository.list_promotions(connection, user_id, before, limit)

    async def deliver(
        self, uow: UnitOfWork, promotion_id: uuid.UUID, report: DeliveryReport, *, actor: str,
        idempotency_key: str, at_ms: int | None = None,
    ) -> Answer[Delivery]:
        """Charge what was delivered (never past the budget), once per key (per promotion
        and reporter). Raises `PromotionNotFound`, `PromotionClosed` (ended, canceled or
        spent: stored), `IdempotencyKeyReused`."""
        async def run() -> Delivery:
            return await self._deliver(uow, promotion_id, report, at_ms)

        key = scoped_key(f"{actor}\x00{promotion_id}", idempotency_key)
        return await idempotent(uow, DELIVERY_SCOPE, key, dataclasses.asdict(report), run,
                                Delivery)

    async def _deliver(
        self, uow: UnitOfWork, promotion_id: uuid.UUID, report: DeliveryReport,
        at_ms: int | None,
    ) -> Delivery:
        connection = await uow.connect()
        at = now_ms() if at_ms is None else at_ms
        promotion = await self.get(connection, promotion_id, lock=True)
        if promotion.status != ACTIVE:
            raise PromotionClosed(promotion.status)
        if at >= promotion.ends_at_ms:
            raise PromotionClosed(ENDED)  # the sweeper will settle it
        charge_coins = plan_delivery_charge(
            promotion.budget_coins, promotion.charged_coins, report.cost_coins
        )
        delivery = DeliveryRow(new_id(), promotion.id, report.views, report.followers,
                               report.profile_visits, report.cost_coins, charge_coins, at)
        values = await self._charge(connection, promotion, charge_coins, delivery.id)
        await repository.update_promotion(
            connection, promotion.id, ACTIVE, views=promotion.views + report.views,
            followers=promotion.followers + report.followers,
            profile_visits=promotion.profile_visits + report.profile_visits, **values,
        )
        await repository.insert_delivery(connection, delivery)
        charged = await self.get(connection, promotion.id)
        if charged.status == COMPLETED:  # this delivery spent the last of the budget
            uow.emit(_event(PromotionCompleted, charged, at))
        return Delivery(delivery.id, delivery.cost_coins, delivery.charged_coins, charged)

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

    async def cancel(
        self, uow: UnitOfWork, promotion_id: uuid.UUID, *, owner_user_id: str | None,
        actor: str, idempotency_key: str | None = None, reason: str = "",
    ) -> Promotion:
        """The owner (or an operator: `owner_user_id` None, with a `reason`, audited) stops a
        promotion; what it has not spent goes back. Canceling again answers the canceled
        promotion (audited once); with a key, a retry answers the first answer. Raises
        `ReasonRequired` (an operator's cancel without a reason), `PromotionNotFound` (also
        for someone else's promotion), `PromotionClosed` (stored)."""
        operator = owner_user_id is None
        if operator and not reason.strip():
            raise ReasonRequired("an operator's cancel names its reason")

        async def run() -> Promotion:
            connection = await uow.connect()
            # Locked: of two cancels at once, only the one that closes it is audited.
            promotion = await self.get(connection, promotion_id, lock=operator)
            if owner_user_id is not None and promotion.user_id != owner_user_id:
                raise PromotionNotFound(f"no promotion {promotion_id}")
            closed = await self.close(uow, promotion_id, CANCELED)
            if operator and promotion.status == ACTIVE:
                await audit.record(
                    connection, actor=actor, action="promotion.canceled",
                    target=f"user:{closed.user_id}", reason=reason.strip(),
                    data={"promotion_id": str(closed.id), "video_id": closed.video_id,
                          "spent_coins": closed.charged_coins,
                          "returned_coins": closed.returned_coins})
            return closed

        if idempotency_key is None:
            return await run()
        request: dict[str, str] = {"promotion_id": str(promotion_id)}
        if operator:
            request["reason"] = reason
        answer = await idempotent(uow, CANCEL_SCOPE, scoped_key(actor, idempotency_key),
                                  request, run, Promotion)
        return answer.value

    async def close(
        self, uow: UnitOfWork, promotion_id: uuid.UUID, status: str, at_ms: int | None = None,
    ) -> Promotion:
        """End (`ended`) or cancel (`canceled`) an active promotion: the rest of its budget
        goes back to the wallet. Closing a promotion already in `status` changes nothing;
        one closed otherwise raises `PromotionClosed`."""
        connection = await uow.connect()
        promotion = await self.get(connection, promotion_id, lock=True)
        if promotion.status == status:
            return promotion
        if promotion.status != ACTIVE:
            raise PromotionClosed(promotion.status)
        if promotion.hold_transfer_id is not None:
            await self._ledger(connection, f"promotion:{promotion.id.hex}:{status}",
                               legs.plan_release(promotion.id, promotion.hold_transfer_id))
        settled_at_ms = now_ms() if at_ms is None else at_ms
        await repository.update_promotion(
            connection, promotion.id, ACTIVE, status=status, hold_transfer_id=None,
            returned_coins=promotion.held_coins, settled_at_ms=settled_at_ms,
        )
        # Returned coins were never spent: they leave the spend counted at the start (limits
        # and gifter levels rise by what the promotion charged, not by its budget).
        await spending.uncount(uow, promotion.user_id, promotion.held_coins,
                               promotion.created_at_ms, settled_at_ms)
        closed = await self.get(connection, promotion.id)
        uow.emit(_event(PromotionCancelled if status == CANCELED else PromotionCompleted,
                        closed, settled_at_ms))
        return closed

    async def due(self, connection: AsyncConnection, at_ms: int, limit: int) -> list[uuid.UUID]:
        return await repository.due_ids(connection, ACTIVE, at_ms, limit)


def _event(kind: type[PromotionChanged], p: Promotion, at_ms: int) -> PromotionChanged:
    return kind(p.id, p.user_id, p.video_id, p.objective, p.status, p.budget_coins,
                p.charged_coins, p.returned_coins, p.views, p.followers, p.profile_visits,
                p.starts_at_ms, p.ends_at_ms, at_ms)


promotions = PromotionService()
