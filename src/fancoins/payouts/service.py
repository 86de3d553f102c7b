"""Creator earnings, payout methods and withdrawals. Services flush; the caller commits.

Withdrawals move through `states.WithdrawalStatus`; every change goes through `_transition`,
which checks the edge, writes the row (compare-and-set on the status) and the ledger legs of
that edge (`legs`) in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.accounts.service import reader
from fancoins.db.uow import UnitOfWork
from fancoins.economy.age import AgeAction
from fancoins.economy.payouts import (
    diamonds_cash_value_minor,
    diamonds_for_cash,
    plan_withdrawal_check,
)
from fancoins.economy.rules import EconomyConfig
from fancoins.gifts.service import gifts_service
from fancoins.identity.errors import ReasonRequired
from fancoins.identity.service import User, audit, users
from fancoins.ids import new_id, now_ms
from fancoins.journal.idempotency import Answer, idempotent
from fancoins.journal.service import AccountSpec, journal
from fancoins.journal.slots import sweep as sweep_slots
from fancoins.kit.clock import MS_PER_DAY, day_start_ms
from fancoins.kit.errors import FancoinsError
from fancoins.kit.hashing import scoped_key
from fancoins.ledger import (
    DIAMOND,
    GroupRejected,
    TransferError,
    TransferFlags,
    TransferRequest,
    chart,
    invariant,
)
from fancoins.payouts import legs, repository
from fancoins.payouts.clawback import (
    DiamondClawback,
    GiftPaid,
    coins_already_spent,
    plan_diamond_clawback,
)
from fancoins.payouts.errors import (
    DiamondsOnHold,
    InsufficientDiamonds,
    PayoutMethodNotFound,
    PayoutMethodRequired,
    VerificationRequired,
    WithdrawalBelowThreshold,
    WithdrawalDailyCap,
    WithdrawalNotFound,
)
from fancoins.payouts.events import (
    WithdrawalChanged,
    WithdrawalFailed,
    WithdrawalPaid,
    WithdrawalRejected,
    WithdrawalRequested,
    WithdrawalReversed,
)
from fancoins.payouts.repository import PayoutMethod as PayoutMethod
from fancoins.payouts.repository import Withdrawal as Withdrawal
from fancoins.payouts.states import (
    COUNTS_TOWARD_CAP,
    SUBMITTABLE,
    IllegalTransition,
    WithdrawalStatus,
    check_transition,
)
from fancoins.safety.eligibility import Standing, age_refusal, eligibility
from fancoins.safety.restrictions import refusal_for

REQUEST_SCOPE = "withdrawal_request"
PAYOUT_METHOD_SCOPE = "payout_method_put"
REVIEW_SCOPE = "withdrawal_review"
LEDGER_SCOPE = "withdrawal_ledger"
LAST_ERROR_CHARS_MAX = 300  # the column's width
# A refund follows at most this many of the buyer's gifts: a bounded read inside the refund's
# transaction (a purchase is at most 10,000 coins, so even 1-coin gifts rarely need more).
CLAWBACK_GIFTS_MAX = 10_000


def sender_batch_id_for(withdrawal_id: uuid.UUID) -> str:
    """PayPal keeps a sender_batch_id for 30 days and refuses it again: derived from the id,
    a retried submission of the same withdrawal can never create a second payout."""
    return f"fancoins-w-{withdrawal_id.hex}"


@dataclass(frozen=True, slots=True)
class Balance:
    """A creator's diamonds as a withdrawal sees them."""

    diamonds_total: int  # posted balance (negative after a claw-back)
    diamonds_pending: int  # held by open withdrawals
    diamonds_on_hold: int  # earned within the hold period, not yet withdrawable
    diamonds_withdrawable: int


@dataclass(frozen=True, slots=True)
class DailyEarnings:
    day: dt.date
    diamonds: int
    cash_value_minor: int


@dataclass(frozen=True, slots=True)
class Earnings:
    """What a creator's earnings screen shows: diamonds, their cash value (minor units of
    `currency`), and the withdrawal rules."""

    currency: str
    diamonds_total: int  # posted balance (negative after a claw-back)
    diamonds_pending_withdrawal: int
    diamonds_on_hold: int
    diamonds_withdrawable: int
    cash_value_minor: int  # of the posted balance (nothing when it is negative)
    on_hold_cash_minor: int
    withdrawable_cash_minor: int
    hold_days: int
    min_withdrawal_minor: int
    daily_cap_minor: int
    daily: list[DailyEarnings]


def plan_balance(posted: int, pending: int, earned_in_hold: int) -> Balance:
    """Hold what was earned recently, but never more than is actually there."""
    available = max(posted - pending, 0)
    on_hold = min(max(earned_in_hold, 0), available)
    return Balance(posted, pending, on_hold, available - on_hold)


def _eligibility(user: User, standing: Standing) -> FancoinsError | None:
    """Too young (in their country) first, then unverified, then frozen or banned from
    payouts (until when and why)."""
    if not standing.age.allowed and standing.age.age_known:
        return age_refusal(user, standing.age)
    if not user.age_verified:
        return VerificationRequired("the creator's age is not verified")
    if standing.restriction is not None:
        return refusal_for(standing.restriction, AgeAction.WITHDRAW)
    return None


LegPlanner = Callable[[legs.WithdrawalLegs], list[TransferRequest]]
# The ledger legs of each edge that moves money (the others change only the row).
_LEDGER_STEPS: dict[WithdrawalStatus, tuple[str, LegPlanner]] = {
    WithdrawalStatus.PAID: ("post", legs.plan_post),
    WithdrawalStatus.FAILED: ("void", legs.plan_void),
    WithdrawalStatus.REJECTED: ("void", legs.plan_void),
    WithdrawalStatus.REVERSED: ("reverse", legs.plan_reversal),
}


class PayoutService:
    async def set_payout_method(
        self, uow: UnitOfWork, user_id: str, paypal_email: str, *,
        idempotency_key: str | None = None,
    ) -> PayoutMethod:
        """Where withdrawals are paid; setting it again replaces it. With a key, a retry
        answers the first answer and changes nothing. Raises `UserNotFound`."""
        async def run() -> PayoutMethod:
            connection = await uow.connect()
            await users.get(connection, user_id)
            await repository.upsert_payout_method(connection, user_id, paypal_email, now_ms())
            return PayoutMethod(user_id, paypal_email)

        if idempotency_key is None:
            return await run()
        answer = await idempotent(uow, PAYOUT_METHOD_SCOPE, scoped_key(user_id, idempotency_key),
                                  {"paypal_email": paypal_email}, run, PayoutMethod)
        return answer.value

    async def saved_payout_method(
        self, connection: AsyncConnection, user_id: str
    ) -> PayoutMethod:
        """Raises `PayoutMethodNotFound` until one is set."""
        found = await repository.get_payout_method(connection, user_id)
        if found is None:
            raise PayoutMethodNotFound("no payout method is set: PUT one first")
        return found

    async def payout_method(self, connection: AsyncConnection, user_id: str) -> str | None:
        found = await repository.lock_payout_method(connection, user_id)
        return None if found is None else found.paypal_email

    async def balance(
        self, connection: AsyncConnection, user_id: str, economy: EconomyConfig, at_ms: int
    ) -> Balance:
        account = await reader.account(connection, chart.user_diamonds(user_id), None, True)
        since_ms = at_ms - economy.payouts.hold_days * MS_PER_DAY
        earned = await gifts_service.diamonds_earned_since(connection, user_id, since_ms)
        # Diamonds clawed back from gifts still in the hold period leave the held ones first.
        clawed = await repository.diamonds_clawed_from_gifts_since(connection, user_id, since_ms)
        return plan_balance(account.balance, account.debits_pending, earned - clawed)

    async def earnings(
        self, connection: AsyncConnection, user_id: str, economy: EconomyConfig, days: int
    ) -> Earnings:
        await users.get(connection, user_id)
        balance = await self.balance(connection, user_id, economy, now_ms())
        by_day = await gifts_service.earnings_by_day(connection, user_id, days)
        cfg = economy.payouts
        daily = [DailyEarnings(d.day, d.diamonds, diamonds_cash_value_minor(d.diamonds, cfg))
                 for d in by_day]
        return Earnings(
            currency=cfg.currency, diamonds_total=balance.diamonds_total,
            diamonds_pending_withdrawal=balance.diamonds_pending,
            diamonds_on_hold=balance.diamonds_on_hold,
            diamonds_withdrawable=balance.diamonds_withdrawable,
            cash_value_minor=diamonds_cash_value_minor(max(balance.diamonds_total, 0), cfg),
            on_hold_cash_minor=diamonds_cash_value_minor(balance.diamonds_on_hold, cfg),
            withdrawable_cash_minor=diamonds_cash_value_minor(balance.diamonds_withdrawable,
                                                              cfg),
            hold_days=cfg.hold_days, min_withdrawal_minor=cfg.min_withdrawal_minor,
            daily_cap_minor=cfg.daily_cap_minor, daily=daily,
        )

    async def request(
        self, uow: UnitOfWork, *, user_id: str, amount_minor: int, idempotency_key: str,
        economy: EconomyConfig,
    ) -> Answer[Withdrawal]:
        """Check every rule, hold the diamonds and the cash, record the withdrawal; once per
        key: a retry answers the first answer (the withdrawal as it was then, or the refusal).

        Raises `UserNotFound`, a refusal (`AgeRestricted`, `VerificationRequired`,
        `AccountFrozen`, `PayoutMethodRequired`, `WithdrawalBelowThreshold`,
        `WithdrawalDailyCap`, `DiamondsOnHold`, `InsufficientDiamonds`) or
        `IdempotencyKeyReused`.
        """
        async def run() -> Withdrawal:
            return await self._request(uow, user_id, amount_minor, economy)

        return await idempotent(uow, REQUEST_SCOPE, scoped_key(user_id, idempotency_key),
                                {"user_id": user_id, "amount_minor": amount_minor}, run,
                                Withdrawal)

    async def _request(
        self, uow: UnitOfWork, user_id: str, amount_minor: int, economy: EconomyConfig
    ) -> Withdrawal:
        connection = await uow.connect()
        user = await users.get(connection, user_id)
        at_ms = now_ms()
        standing = await eligibility.standing(connection, user, AgeAction.WITHDRAW, economy,
                                              at_ms)
        refused = _eligibility(user, standing)
        if refused is not None:
            raise refused
        paypal_email = await self.payout_method(connection, user_id)
        if paypal_email is None:
            raise PayoutMethodRequired("set a PayPal email first")
        # The hold below decides against the diamonds account alone: gather its slots first.
        await sweep_slots(connection, [chart.user_diamonds(user_id)])
        balance = await self.balance(connection, user_id, economy, at_ms)
        await self._check_amount(connection, user_id, amount_minor, balance, at_ms, economy)
        withdrawal = await self._record(connection, user_id, amount_minor, paypal_email, at_ms,
                                        economy)
        uow.emit(_event(WithdrawalRequested, withdrawal))
        return withdrawal

    async def _check_amount(
        self, connection: AsyncConnection, user_id: str, amount_minor: int, balance: Balance,
        at_ms: int, economy: EconomyConfig,
    ) -> None:
        cfg = economy.payouts
        withdrawn_today_minor = await repository.cash_since(
            connection, user_id, day_start_ms(at_ms), [s.value for s in COUNTS_TOWARD_CAP]
        )
        rule = plan_withdrawal_check(
            amount_minor, withdrawn_today_minor, balance.diamonds_withdrawable, cfg
        )
        if rule == "threshold":
            raise WithdrawalBelowThreshold(
                f"the minimum withdrawal is {cfg.min_withdrawal_minor}")
        if rule == "daily_cap":
            raise WithdrawalDailyCap(
                f"withdrawals are capped at {cfg.daily_cap_minor} a day; "
                f"{withdrawn_today_minor} already today")
        if rule == "balance":
            needed = diamonds_for_cash(amount_minor, cfg)
            if needed <= balance.diamonds_withdrawable + balance.diamonds_on_hold:
                raise DiamondsOnHold(
                    f"{balance.diamonds_on_hold} diamonds are still on hold "
                    f"({cfg.hold_days} days after they were earned)")
            raise InsufficientDiamonds(
                f"needs {needed} diamonds, {balance.diamonds_withdrawable} withdrawable")

    async def _record(
        self, connection: AsyncConnection, user_id: str, amount_minor: int, paypal_email: str,
        at_ms: int, economy: EconomyConfig,
    ) -> Withdrawal:
        cfg = economy.payouts
        withdrawal_id = new_id()
        withdrawal = Withdrawal(
            id=withdrawal_id, user_id=user_id, status=WithdrawalStatus.REQUESTED,
            amount_minor=amount_minor, currency=cfg.currency,
            diamonds=diamonds_for_cash(amount_minor, cfg), paypal_email=paypal_email,
            sender_batch_id=sender_batch_id_for(withdrawal_id), payout_batch_id=None,
            payout_item_id=None, submit_attempts=0, last_error=None, created_at_ms=at_ms,
            updated_at_ms=at_ms, diamonds_pending_id=new_id(), cash_pending_id=new_id(),
        )
        invariant(
            diamonds_cash_value_minor(withdrawal.diamonds, cfg) >= amount_minor,
            "a withdrawal is always fully backed by diamonds",
        )
        await journal.open_accounts(connection, [
            AccountSpec(chart.revenue(cfg.currency), cfg.currency, "platform"),
            AccountSpec(chart.payouts(cfg.currency), cfg.currency, "platform"),
        ])
        try:
            await self._ledger(connection, withdrawal, "hold", legs.plan_hold)
        except GroupRejected as rejected:
            if rejected.error is TransferError.EXCEEDS_CREDITS:
                raise InsufficientDiamonds("not enough diamonds") from None
            raise
        await repository.insert_withdrawal(connection, withdrawal)
        return withdrawal

    async def _ledger(
        self, connection: AsyncConnection, withdrawal: Withdrawal, step: str, plan: LegPlanner
    ) -> None:
        await journal.record(connection, plan(withdrawal.ledger_legs), scope=LEDGER_SCOPE,
                             idempotency_key=f"withdrawal:{withdrawal.id.hex}:{step}")

    async def get(self, connection: AsyncConnection, withdrawal_id: uuid.UUID,
                  *, lock: bool = False) -> Withdrawal:
        found = await repository.get_withdrawal(connection, withdrawal_id, lock=lock)
        if found is None:
            raise WithdrawalNotFound(f"no withdrawal {withdrawal_id}")
        return found

    async def page(
        self, connection: AsyncConnection, user_id: str | None, before: uuid.UUID | None,
        limit: int,
    ) -> Sequence[Withdrawal]:
        """Newest first, up to `limit`; `user_id` None lists everyone's (operators)."""
        return await repository.list_withdrawals(connection, user_id, before, limit)

    async def transition(
        self, uow: UnitOfWork, withdrawal: Withdrawal, target: WithdrawalStatus,
        **values: Any,
    ) -> Withdrawal:
        """Move `withdrawal` (read with its row locked) to `target`, with the ledger legs of
        that edge, and tell of it (paid, failed, rejected, reversed). Raises
        `IllegalTransition`."""
        connection = await uow.connect()
        check_transition(withdrawal.status, target)
        at_ms = now_ms()
        changed = await repository.set_withdrawal(
            connection, withdrawal.id, withdrawal.status.value, status=target.value,
            updated_at_ms=at_ms, **values,
        )
        if not changed:
            raise IllegalTransition(withdrawal.status, target)
        step = _LEDGER_STEPS.get(target)
        if step is not None:
            await self._ledger(connection, withdrawal, *step)
        changed_to = await self.get(connection, withdrawal.id)
        told = _TOLD.get(target)
        if told is not None:
            uow.emit(_event(told, changed_to))
        return changed_to

    async def review(
        self, uow: UnitOfWork, *, actor: str, withdrawal_id: uuid.UUID,
        target: WithdrawalStatus, reason: str, idempotency_key: str | None = None,
    ) -> Withdrawal:
        """An operator holds, approves or rejects a withdrawal; audited with the reason. With
        a key, a retry answers the first answer and changes nothing. Raises
        `ReasonRequired`, `WithdrawalNotFound`, `IllegalTransition` (stored)."""
        if not reason.strip():
            raise ReasonRequired("a review decision needs a reason")
        invariant(target in (WithdrawalStatus.HELD, WithdrawalStatus.APPROVED,
                             WithdrawalStatus.REJECTED), f"not a review decision: {target}")

        async def run() -> Withdrawal:
            return await self._review(uow, actor, withdrawal_id, target, reason)

        if idempotency_key is None:
            return await run()
        request = {"withdrawal_id": str(withdrawal_id), "target": target.value,
                   "reason": reason}
        answer = await idempotent(uow, REVIEW_SCOPE, scoped_key(actor, idempotency_key),
                                  request, run, Withdrawal)
        return answer.value

    async def _review(
        self, uow: UnitOfWork, actor: str, withdrawal_id: uuid.UUID,
        target: WithdrawalStatus, reason: str,
    ) -> Withdrawal:
        connection = await uow.connect()
        withdrawal = await self.get(connection, withdrawal_id, lock=True)
        changed = await self.transition(uow, withdrawal, target)
        await audit.record(
            connection, actor=actor, action=f"withdrawal.{target.value}",
            target=f"withdrawal:{withdrawal_id}", reason=reason,
            data={"user_id": withdrawal.user_id, "amount_minor": withdrawal.amount_minor,
                  "from": withdrawal.status.value},
        )
        return changed

    # --- used by the payout task ---

    async def submittable(self, connection: AsyncConnection, limit: int) -> list[uuid.UUID]:
        return await repository.submittable_ids(connection, [s.value for s in SUBMITTABLE], limit)

    async def record_submitted(
        self, uow: UnitOfWork, withdrawal_id: uuid.UUID, payout_batch_id: str | None,
        payout_item_id: str | None,
    ) -> Withdrawal:
        connection = await uow.connect()
        withdrawal = await self.get(connection, withdrawal_id, lock=True)
        if withdrawal.status not in SUBMITTABLE:
            return withdrawal  # a webhook got there first
        return await self.transition(
            uow, withdrawal, WithdrawalStatus.SUBMITTED, payout_batch_id=payout_batch_id,
            payout_item_id=payout_item_id, submit_attempts=withdrawal.submit_attempts + 1,
        )

    async def record_submit_failure(
        self, uow: UnitOfWork, withdrawal_id: uuid.UUID, error: str, *, final: bool,
        attempts_max: int,
    ) -> Withdrawal:
        """PayPal refused (`final`: the withdrawal fails, diamonds back) or could not be
        reached (tried again later; held for review after `attempts_max` attempts)."""
        connection = await uow.connect()
        withdrawal = await self.get(connection, withdrawal_id, lock=True)
        if withdrawal.status not in SUBMITTABLE:
            return withdrawal
        attempts = withdrawal.submit_attempts + 1
        values = {"submit_attempts": attempts, "last_error": error[:LAST_ERROR_CHARS_MAX]}
        if final:
            return await self.transition(uow, withdrawal, WithdrawalStatus.FAILED, **values)
        if attempts >= attempts_max:
            return await self.transition(uow, withdrawal, WithdrawalStatus.HELD, **values)
        await repository.set_withdrawal(connection, withdrawal.id, withdrawal.status.value,
                                        updated_at_ms=now_ms(), **values)
        return await self.get(connection, withdrawal.id)


# The changes a withdrawal tells the host of (the others are the engine's own bookkeeping).
_TOLD: dict[WithdrawalStatus, type[WithdrawalChanged]] = {
    WithdrawalStatus.PAID: WithdrawalPaid,
    WithdrawalStatus.FAILED: WithdrawalFailed,
    WithdrawalStatus.REJECTED: WithdrawalRejected,
    WithdrawalStatus.REVERSED: WithdrawalReversed,
}


def _event(kind: type[WithdrawalChanged], w: Withdrawal) -> WithdrawalChanged:
    return kind(w.id, w.user_id, w.status.value, w.amount_minor, w.currency, w.diamonds,
                w.payout_batch_id, w.last_error, w.created_at_ms, w.updated_at_ms)


class RefundClawbacks:
    """A refund's coins reach the creators they were gifted to: their diamonds come back."""

    async def clawback_diamonds_for_refund(
        self, connection: AsyncConnection, *, user_id: str, coins_clawed: int,
        refund_id: uuid.UUID, since_ms: int, gifts_max: int = CLAWBACK_GIFTS_MAX,
    ) -> list[DiamondClawback]:
        """Call right after the coin claw-back of refund `refund_id`, in its transaction.

        Takes the diamonds those coins created back from the creators (`clawback` has the
        rule), with overdraft: a creator's balance may go negative and future earnings repay
        it. Recorded per refund and gift; a second call for the same refund changes nothing.
        """
        if coins_clawed <= 0 or await repository.clawbacks_recorded(connection, refund_id):
            return []
        wallet = await reader.account(connection, chart.user_coins(user_id), None, True)
        spent_coins = coins_already_spent(coins_clawed, wallet.balance)
        if spent_coins == 0:
            return []
        sent = await gifts_service.gifts_sent_since(connection, user_id, since_ms, gifts_max)
        gifts = [GiftPaid(g.id, g.recipient_id, g.coins, g.diamonds, g.created_at_ms)
                 for g in sent if g.coins > 0]
        attributed = await repository.coins_attributed(connection, [g.gift_event_id for g in gifts])
        plan = [c for c in plan_diamond_clawback(spent_coins, gifts, attributed) if c.coins]
        await self._post(connection, refund_id, plan)
        at_ms = now_ms()
        await repository.insert_clawbacks(connection, [
            {"id": new_id(), "refund_id": refund_id, "gift_event_id": c.gift.gift_event_id,
             "creator_id": c.gift.creator_id, "gift_created_at_ms": c.gift.created_at_ms,
             "coins": c.coins, "diamonds": c.diamonds, "created_at_ms": at_ms}
            for c in plan
        ])
        return plan

    async def restore_diamonds_for_refund(
        self, connection: AsyncConnection, *, refund_id: uuid.UUID, restore_id: uuid.UUID,
    ) -> int:
        """A refund was reversed: give the creators back exactly the diamonds it took.

        Recorded as claw-backs with the opposite sign under `restore_id` (so the gifts'
        coins count as unrefunded again, and the hold computation nets them out); a second
        call for the same restore changes nothing. Returns the diamonds given back.
        """
        taken = await repository.clawbacks_of(connection, refund_id)
        if not taken or await repository.clawbacks_recorded(connection, restore_id):
            return 0
        by_creator: dict[str, int] = {}
        for row in taken:
            by_creator[row.creator_id] = by_creator.get(row.creator_id, 0) + int(row.diamonds)
        requests = [
            TransferRequest(
                id=new_id(), code="refund_diamond_restore",
                debit_account_id=chart.DIAMONDS_ISSUED,
                credit_account_id=chart.user_diamonds(creator), asset=DIAMOND,
                amount=diamonds, user_data={"refund_id": str(restore_id)},
            )
            for creator, diamonds in sorted(by_creator.items()) if diamonds > 0
        ]
        if requests:
            await journal.record(connection, requests, scope=LEDGER_SCOPE,
                                 idempotency_key=f"refund-diamonds:{restore_id.hex}")
        at_ms = now_ms()
        await repository.insert_clawbacks(connection, [
            {"id": new_id(), "refund_id": restore_id, "gift_event_id": row.gift_event_id,
             "creator_id": row.creator_id, "gift_created_at_ms": row.gift_created_at_ms,
             "coins": -int(row.coins), "diamonds": -int(row.diamonds), "created_at_ms": at_ms}
            for row in taken
        ])
        return sum(by_creator.values())

    async def _post(
        self, connection: AsyncConnection, refund_id: uuid.UUID, plan: list[DiamondClawback]
    ) -> None:
        by_creator: dict[str, int] = {}
        for clawback in plan:
            creator = clawback.gift.creator_id
            by_creator[creator] = by_creator.get(creator, 0) + clawback.diamonds
        requests = [
            TransferRequest(
                id=new_id(), code="refund_diamond_clawback",
                debit_account_id=chart.user_diamonds(creator),
                credit_account_id=chart.DIAMONDS_ISSUED, asset=DIAMOND, amount=diamonds,
                flags=TransferFlags.ALLOW_OVERDRAFT, user_data={"refund_id": str(refund_id)},
            )
            for creator, diamonds in sorted(by_creator.items()) if diamonds > 0
        ]
        if requests:
            # Taken from the diamonds account: its slots first, so the overdraft is only
            # what the creator does not hold.
            await sweep_slots(connection, [r.debit_account_id for r in requests])
            await journal.record(connection, requests, scope=LEDGER_SCOPE,
                                 idempotency_key=f"refund-diamonds:{refund_id.hex}")


payouts = PayoutService()
refund_clawbacks = RefundClawbacks()
