"""Audited operator actions (the ledger change and its audit entry commit together) and the
operator's read-only view of the whole economy."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.uow import UnitOfWork
from fancoins.economy.payouts import diamonds_cash_value_minor
from fancoins.economy.rules import EconomyConfig
from fancoins.gifts.service import DIAMONDS_CODE, GIFT_CODE
from fancoins.identity.errors import ReasonRequired
from fancoins.identity.service import User, audit, users
from fancoins.ids import new_id, now_ms
from fancoins.journal.errors import refusal
from fancoins.journal.idempotency import Answer, idempotent
from fancoins.journal.service import journal
from fancoins.journal.verify import VerifyReport
from fancoins.kit.clock import MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE
from fancoins.kit.errors import InvalidRequest
from fancoins.kit.hashing import scoped_key
from fancoins.ledger import (
    COIN,
    DIAMOND,
    GroupRejected,
    TransferRequest,
    asset,
    chart,
    is_known_asset,
)
from fancoins.operator import repository
from fancoins.operator.repository import AssetTotals, PlatformAccount
from fancoins.payouts.service import payouts

ADJUSTMENT_SCOPE = "operator_adjustment"
Prover = Callable[[AsyncConnection], Awaitable[VerifyReport]]
ADJUSTMENT_LEDGER_SCOPE = "operator_adjustment_ledger"
FREEZE_SCOPE = "operator_freeze"
# What of an operator's reason travels with the transfer (the audit entry keeps it whole).
TRANSFER_REASON_CHARS_MAX = 200


class AmountZero(InvalidRequest):
    slug = "amount-zero"
    title = "Amount must not be zero"


@dataclass(frozen=True, slots=True)
class Adjustment:
    transfer_id: str
    user_id: str
    amount_coins: int


def _reason(reason: str, what: str) -> str:
    if not reason.strip():
        raise ReasonRequired(f"{what} needs a reason")
    return reason


class OperatorService:
    async def adjust_coins(
        self, uow: UnitOfWork, *, actor: str, user_id: str, amount_coins: int, reason: str,
        idempotency_key: str,
    ) -> Answer[Adjustment]:
        """Grant (positive) or remove (negative) coins, with a reason in the audit log, once
        per key: a retry answers the first answer (or refusal).

        Raises `AmountZero`, `ReasonRequired`, `UserNotFound`, `InsufficientBalance` (removing
        more than the user holds: stored) or `IdempotencyKeyReused`.
        """
        if amount_coins == 0:
            raise AmountZero("grant (positive) or remove (negative) at least one coin")
        _reason(reason, "an adjustment")
        key = scoped_key(actor, idempotency_key)

        async def run() -> Adjustment:
            return await self._adjust(uow, actor, user_id, amount_coins, reason, key)

        request = {"user_id": user_id, "amount_coins": amount_coins, "reason": reason}
        return await idempotent(uow, ADJUSTMENT_SCOPE, key, request, run, Adjustment)

    async def _adjust(
        self, uow: UnitOfWork, actor: str, user_id: str, amount_coins: int, reason: str,
        key: str,
    ) -> Adjustment:
        connection = await uow.connect()
        await users.get(connection, user_id)
        grant = amount_coins > 0
        wallet = chart.user_coins(user_id)
        request = TransferRequest(
            id=new_id(), code="operator_grant" if grant else "operator_removal",
            debit_account_id=chart.COINS_ISSUED if grant else wallet,
            credit_account_id=wallet if grant else chart.COINS_ISSUED,
            asset=COIN, amount=abs(amount_coins),
            user_data={"actor": actor, "reason": reason[:TRANSFER_REASON_CHARS_MAX]},
        )
        try:
            recorded = await journal.record(connection, [request], idempotency_key=key,
                                            scope=ADJUSTMENT_LEDGER_SCOPE)
        except GroupRejected as rejected:
            raise refusal(rejected) from None
        transfer_id = str(recorded.transfer_ids[0])
        await audit.record(
            connection, actor=actor, action="coins.adjusted", target=f"user:{user_id}",
            reason=reason, data={"amount_coins": amount_coins, "transfer_id": transfer_id},
        )
        return Adjustment(transfer_id, user_id, amount_coins)

    async def set_frozen(
        self, uow: UnitOfWork, *, actor: str, user_id: str, frozen: bool, reason: str,
        idempotency_key: str | None = None,
    ) -> Answer[User]:
        """Freeze or unfreeze a user (audited). With a key, a retry answers the first answer
        and changes nothing. Raises `ReasonRequired`, `UserNotFound`."""
        _reason(reason, "freezing or unfreezing")

        async def run() -> User:
            user = await users.update(uow, user_id, frozen=frozen)
            await audit.record(await uow.connect(), actor=actor,
                               action="user.frozen" if frozen else "user.unfrozen",
                               target=f"user:{user_id}", reason=reason)
            return user

        if idempotency_key is None:
            return Answer(await run(), replayed=False)
        request = {"user_id": user_id, "frozen": frozen, "reason": reason}
        return await idempotent(uow, FREEZE_SCOPE, scoped_key(actor, idempotency_key), request,
                                run, User)

    async def economy(
        self, connection: AsyncConnection, economy: EconomyConfig, limits: EconomyLimits, *,
        with_verify: Prover | None,
    ) -> Economy:
        """Coins, diamonds, money per currency, gift rates and the ledger's sums, read in one
        connection. `with_verify` (the whole proof, `fancoins.proof.prove`, handed in from
        above: it reads every domain) also proves the books."""
        at_ms = now_ms()
        users_by_asset = {t.asset: t for t in await repository.user_totals(connection)}
        platform = {row.id: row for row in
                    await repository.platform_accounts(connection, limits.platform_accounts_max)}
        on_hold, partial = await self._diamonds_on_hold(connection, economy, limits, at_ms)
        minute = await repository.transfers_since(connection, GIFT_CODE, at_ms - MS_PER_MINUTE)
        hour = await repository.transfers_since(connection, GIFT_CODE, at_ms - MS_PER_HOUR)
        chart_since_ms = (at_ms // MS_PER_MINUTE - limits.gift_chart_minutes + 1) * MS_PER_MINUTE
        per_minute = await repository.transfers_per_minute(connection, GIFT_CODE, chart_since_ms)
        report = await with_verify(connection) if with_verify is not None else None
        return Economy(
            as_of_ms=at_ms,
            coins=plan_coins(users_by_asset.get(COIN), platform),
            diamonds=plan_diamonds(users_by_asset.get(DIAMOND), platform, on_hold, partial,
                                   economy),
            currencies=plan_currencies(platform.values()),
            gifts=GiftFigures(GiftRate(*minute), GiftRate(*hour),
                              [GiftMinute(m * MS_PER_MINUTE, n, c) for m, n, c in per_minute]),
            ledger=[AssetSum(*sums) for sums in await repository.asset_sums(connection)],
            verify=None if report is None else plan_verify(report, limits.findings_max),
        )

    async def _diamonds_on_hold(
        self, connection: AsyncConnection, economy: EconomyConfig, limits: EconomyLimits,
        at_ms: int,
    ) -> tuple[int, bool]:
        """Summed per creator exactly as their earnings screen shows it (payouts' rule)."""
        since_ms = at_ms - economy.payouts.hold_days * MS_PER_DAY
        accounts = await repository.credited_accounts_since(
            connection, DIAMONDS_CODE, since_ms, limits.hold_creators_max + 1)
        creators = [owner for owner in map(chart.owner_of, accounts) if owner is not None]
        total = 0
        for creator in creators[:limits.hold_creators_max]:
            balance = await payouts.balance(connection, creator, economy, at_ms)
            total += balance.diamonds_on_hold
        return total, len(creators) > limits.hold_creators_max


operator = OperatorService()


# --- the economy view: pure assembly of what the repository read ---------------------------


@dataclass(frozen=True, slots=True)
class EconomyLimits:
    gift_chart_minutes: int
    hold_creators_max: int
    platform_accounts_max: int
    findings_max: int


@dataclass(frozen=True, slots=True)
class CoinFigures:
    outstanding: int
    held: int
    issued: int
    spent: int
    wallets: int
    wallets_restricted: int


@dataclass(frozen=True, slots=True)
class DiamondFigures:
    outstanding: int
    pending_withdrawal: int
    on_hold: int
    on_hold_partial: bool
    withdrawable: int
    issued: int
    redeemed: int
    payout_currency: str
    outstanding_cash_minor: int


@dataclass(slots=True)
class CurrencyFigures:
    currency: str
    exponent: int
    sales_minor: int = 0
    refunds_minor: int = 0
    store_fees_minor: int = 0
    taxes_minor: int = 0
    net_revenue_minor: int = 0
    payouts_paid_minor: int = 0
    payouts_pending_minor: int = 0
    platform_cash_minor: int = 0


@dataclass(frozen=True, slots=True)
class GiftRate:
    gifts: int
    coins: int


@dataclass(frozen=True, slots=True)
class GiftMinute:
    minute_ms: int  # the minute's start
    gifts: int
    coins: int


@dataclass(frozen=True, slots=True)
class GiftFigures:
    last_minute: GiftRate
    last_hour: GiftRate
    per_minute: list[GiftMinute]  # minutes with gifts, oldest first


@dataclass(frozen=True, slots=True)
class AssetSum:
    asset: str
    posted: int  # zero in a sound ledger
    pending: int  # zero in a sound ledger


@dataclass(frozen=True, slots=True)
class FindingFigures:
    severity: str
    check: str
    subject: str
    detail: str


@dataclass(frozen=True, slots=True)
class VerifyFigures:
    ok: bool
    accounts: int
    transfers: int
    asset_sums: list[AssetSum]  # recomputed from the transfers
    findings: list[FindingFigures]  # the first `findings_max`
    findings_total: int


@dataclass(frozen=True, slots=True)
class Economy:
    as_of_ms: int
    coins: CoinFigures
    diamonds: DiamondFigures
    currencies: list[CurrencyFigures]
    gifts: GiftFigures
    ledger: list[AssetSum]  # per-asset sums of the stored balances
    verify: VerifyFigures | None


def plan_verify(report: VerifyReport, findings_max: int) -> VerifyFigures:
    return VerifyFigures(
        ok=report.ok, accounts=report.accounts, transfers=report.transfers,
        asset_sums=[AssetSum(asset_id, posted, pending)
                    for asset_id, (posted, pending) in sorted(report.asset_sums.items())],
        findings=[FindingFigures(f.severity.value, f.check, f.subject, f.detail)
                  for f in report.findings[:findings_max]],
        findings_total=len(report.findings),
    )


def _posted(row: PlatformAccount | None, *, debit_normal: bool = False) -> int:
    if row is None:
        return 0
    balance = int(row.credits_posted) - int(row.debits_posted)
    return -balance if debit_normal else balance


def plan_coins(
    users_coins: AssetTotals | None, platform: Mapping[str, PlatformAccount]
) -> CoinFigures:
    u = users_coins or AssetTotals(COIN, 0, 0, 0, 0, 0, 0)
    return CoinFigures(
        outstanding=u.posted, held=u.debits_pending,
        issued=_posted(platform.get(chart.COINS_ISSUED), debit_normal=True),
        spent=_posted(platform.get(chart.COINS_SPENT)),
        wallets=u.accounts, wallets_restricted=u.below_zero,
    )


def plan_diamonds(
    users_diamonds: AssetTotals | None, platform: Mapping[str, PlatformAccount], on_hold: int,
    partial: bool,
    economy: EconomyConfig,
) -> DiamondFigures:
    u = users_diamonds or AssetTotals(DIAMOND, 0, 0, 0, 0, 0, 0)
    return DiamondFigures(
        outstanding=u.posted, pending_withdrawal=u.debits_pending, on_hold=on_hold,
        on_hold_partial=partial, withdrawable=max(u.available - on_hold, 0),
        issued=_posted(platform.get(chart.DIAMONDS_ISSUED), debit_normal=True),
        redeemed=_posted(platform.get(chart.DIAMONDS_REDEEMED)),
        payout_currency=economy.payouts.currency,
        outstanding_cash_minor=diamonds_cash_value_minor(max(u.posted, 0), economy.payouts),
    )


def plan_currencies(rows: Iterable[PlatformAccount]) -> list[CurrencyFigures]:
    """Money per currency from the platform and store accounts (see `fancoins.ledger.chart`).
    Withdrawals move cash from revenue to payouts, so revenue + payouts is the net revenue."""
    figures: dict[str, CurrencyFigures] = {}
    revenue_held: dict[str, int] = defaultdict(int)
    for row in rows:
        if not is_known_asset(row.asset) or not asset(row.asset).is_currency:
            continue
        cur = row.asset
        f = figures.setdefault(cur, CurrencyFigures(cur, asset(cur).exponent))
        if row.id.startswith("store:"):  # the buyers' payments the store collects for us
            f.sales_minor += int(row.debits_posted)
            f.refunds_minor += int(row.credits_posted)
        elif row.id == chart.store_fees(cur):
            f.store_fees_minor += _posted(row)
        elif row.id == chart.taxes(cur):
            f.taxes_minor += _posted(row)
        elif row.id == chart.revenue(cur):
            f.net_revenue_minor += _posted(row)
            revenue_held[cur] += int(row.debits_pending)
        elif row.id == chart.payouts(cur):
            f.payouts_paid_minor += _posted(row)
            f.payouts_pending_minor += int(row.credits_pending)
    for cur, f in figures.items():
        cash_left = f.net_revenue_minor - revenue_held[cur]  # revenue account, after payouts
        f.net_revenue_minor += f.payouts_paid_minor
        f.platform_cash_minor = cash_left
    return sorted(figures.values(), key=lambda f: f.currency)
