"""Audited operator actions (the ledger change and its audit entry commit together) and the
operator's read-only view of the whole economy."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins import proof
from fancoins.economy.payouts import diamonds_cash_value_minor
from fancoins.economy.rules import EconomyConfig
from fancoins.gifts.service import DIAMONDS_CODE, GIFT_CODE
from fancoins.identity.service import audit, users
from fancoins.ids import new_id, now_ms
from fancoins.journal.service import journal
from fancoins.journal.verify import VerifyReport
from fancoins.ledger import COIN, DIAMOND, TransferRequest, asset, chart, is_known_asset
from fancoins.operator import repository
from fancoins.operator.repository import AssetTotals
from fancoins.payouts.service import payouts

ADJUSTMENT_SCOPE = "operator_adjustment"


class ReasonRequired(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Adjustment:
    transfer_id: str
    user_id: str
    amount_coins: int
    replayed: bool


class OperatorService:
    async def adjust_coins(
        self, connection: AsyncConnection, *, actor: str, user_id: str, amount_coins: int,
        reason: str, idempotency_key: str,
    ) -> Adjustment:
        """Grant (positive) or remove (negative) coins, with a reason in the audit log.

        Raises `UserNotFound`, `GroupRejected` (e.g. removing more than the user holds),
        `IdempotencyConflict` or `ReasonRequired`.
        """
        if not reason.strip():
            raise ReasonRequired("an adjustment needs a reason")
        await users.get(connection, user_id)
        grant = amount_coins > 0
        wallet = chart.user_coins(user_id)
        request = TransferRequest(
            id=new_id(), code="operator_grant" if grant else "operator_removal",
            debit_account_id=chart.COINS_ISSUED if grant else wallet,
            credit_account_id=wallet if grant else chart.COINS_ISSUED,
            asset=COIN, amount=abs(amount_coins),
            user_data={"actor": actor, "reason": reason[:200]},
        )
        recorded = await journal.record(
            connection, [request], idempotency_key=idempotency_key, scope=ADJUSTMENT_SCOPE
        )
        if not recorded.replayed:
            await audit.record(
                connection, actor=actor, action="coins.adjusted", target=f"user:{user_id}",
                reason=reason, data={"amount_coins": amount_coins,
                                     "transfer_id": str(recorded.transfer_ids[0])},
            )
        return Adjustment(str(recorded.transfer_ids[0]), user_id, amount_coins, recorded.replayed)

    async def set_frozen(
        self, connection: AsyncConnection, *, actor: str, user_id: str, frozen: bool, reason: str
    ) -> None:
        if not reason.strip():
            raise ReasonRequired("freezing or unfreezing needs a reason")
        await users.update(connection, user_id, frozen=frozen)
        await audit.record(connection, actor=actor, action="user.frozen" if frozen else
                           "user.unfrozen", target=f"user:{user_id}", reason=reason)

    async def economy(
        self, connection: AsyncConnection, economy: EconomyConfig, limits: EconomyLimits, *,
        with_verify: bool,
    ) -> Economy:
        """Coins, diamonds, money per currency, gift rates and the ledger's sums, read in one
        connection. `with_verify` also recomputes every balance from the transfers."""
        at_ms = now_ms()
        users_by_asset = {t.asset: t for t in await repository.user_totals(connection)}
        platform = {row.id: row for row in
                    await repository.platform_accounts(connection, limits.platform_accounts_max)}
        on_hold, partial = await self._diamonds_on_hold(connection, economy, limits, at_ms)
        minute = await repository.transfers_since(connection, GIFT_CODE, at_ms - MS_PER_MINUTE)
        hour = await repository.transfers_since(connection, GIFT_CODE, at_ms - MS_PER_HOUR)
        chart_since_ms = (at_ms // MS_PER_MINUTE - limits.gift_chart_minutes + 1) * MS_PER_MINUTE
        per_minute = await repository.transfers_per_minute(connection, GIFT_CODE, chart_since_ms)
        return Economy(
            as_of_ms=at_ms,
            coins=plan_coins(users_by_asset.get(COIN), platform),
            diamonds=plan_diamonds(users_by_asset.get(DIAMOND), platform, on_hold, partial,
                                   economy),
            currencies=plan_currencies(platform.values()),
            gifts_minute=minute, gifts_hour=hour, gifts_per_minute=per_minute,
            asset_sums=await repository.asset_sums(connection),
            verify=await proof.prove(connection) if with_verify else None,
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

MS_PER_MINUTE = 60_000
MS_PER_HOUR = 60 * MS_PER_MINUTE
MS_PER_DAY = 24 * MS_PER_HOUR


@dataclass(frozen=True, slots=True)
class EconomyLimits:
    gift_chart_minutes: int
    hold_creators_max: int
    platform_accounts_max: int


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
class Economy:
    as_of_ms: int
    coins: CoinFigures
    diamonds: DiamondFigures
    currencies: list[CurrencyFigures]
    gifts_minute: tuple[int, int]  # (gifts, coins)
    gifts_hour: tuple[int, int]
    gifts_per_minute: list[tuple[int, int, int]]  # (minute since the epoch, gifts, coins)
    asset_sums: list[tuple[str, int, int]]  # (asset, posted sum, pending sum)
    verify: VerifyReport | None


def _posted(row: Any | None, *, debit_normal: bool = False) -> int:
    if row is None:
        return 0
    balance = int(row.credits_posted) - int(row.debits_posted)
    return -balance if debit_normal else balance


def plan_coins(users_coins: AssetTotals | None, platform: dict[str, Any]) -> CoinFigures:
    u = users_coins or AssetTotals(COIN, 0, 0, 0, 0, 0, 0)
    return CoinFigures(
        outstanding=u.posted, held=u.debits_pending,
        issued=_posted(platform.get(chart.COINS_ISSUED), debit_normal=True),
        spent=_posted(platform.get(chart.COINS_SPENT)),
        wallets=u.accounts, wallets_restricted=u.below_zero,
    )


def plan_diamonds(
    users_diamonds: AssetTotals | None, platform: dict[str, Any], on_hold: int, partial: bool,
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


def plan_currencies(rows: Sequence[Any] | Any) -> list[CurrencyFigures]:
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
