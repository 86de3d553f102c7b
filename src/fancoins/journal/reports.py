"""Read-only sums over the ledger's transfers for period reports (finance, the simulator).

Everything here is computed from transfers alone, bounded in time by `created_at_ms`
(half-open windows: `start_ms <= created_at_ms < end_ms`), so a balance "at T" is the sum of
every transfer before T and the closing balance of one period is, by construction, the
opening balance of the next. `verify` proves that the stored balances equal these sums.

Users' accounts are many; they are summed per asset into one class (`users:COIN`,
`users:DIAMOND`) so that no query returns a row per user. Every other account (platform,
store) is reported by its own id.

Phases: a transfer is `posted` (a plain transfer), `pending` (a hold: counted in pending
totals until resolved), `post` (the resolution that posts a pending transfer: it moves
posted totals by its own amount) or `void` (the resolution that releases one: it moves no
posted total). Posted totals come from `posted` and `post` transfers, as in `verify`.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, case, exists, func, literal, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Subquery

from fancoins.db.tables.ledger import ledger_accounts, ledger_transfers
from fancoins.ledger import TransferFlags, chart

t = ledger_transfers
a = ledger_accounts

USER_ACCOUNT_PATTERN = "user:%"  # chart: every user-held account is `user:<id>:<what>`
USERS_CLASS_PREFIX = "users:"
# Platform accounts gift batches write through sub-accounts (`journal.slots`).
_SLOTTED_PLATFORM = (chart.COINS_SPENT, chart.DIAMONDS_ISSUED)
# Rows fetched per round trip while streaming wallet legs (memory stays bounded).
STREAM_PARTITION_ROWS = 5_000


class Phase(enum.StrEnum):
    POSTED = "posted"
    PENDING = "pending"
    POST = "post"
    VOID = "void"


def users_class(asset: str) -> str:
    """The name every user-held account of `asset` is summed under."""
    return USERS_CLASS_PREFIX + asset


def is_users_class(account: str) -> bool:
    return account.startswith(USERS_CLASS_PREFIX)


@dataclass(frozen=True, slots=True)
class Flow:
    """Transfers of one code and phase between two accounts (or account classes)."""

    code: str
    phase: Phase
    asset: str
    debit: str
    credit: str
    amount: int
    count: int


@dataclass(frozen=True, slots=True)
class BalanceAt:
    """An account's (or class's) totals from every transfer before a moment. `pending_*`
    are the pending transfers still open at that moment."""

    account: str
    asset: str
    debits_posted: int = 0
    credits_posted: int = 0
    debits_pending: int = 0
    credits_pending: int = 0

    @property
    def balance(self) -> int:
        """Credit balance: credits less debits (negative = a debit balance)."""
        return self.credits_posted - self.debits_posted


@dataclass(frozen=True, slots=True)
class BelowZero:
    """User-held accounts of one asset whose posted balance is below zero at a moment."""

    asset: str
    accounts: int
    total: int  # the sum of those balances (negative)


@dataclass(frozen=True, slots=True)
class Leg:
    """One posted transfer with the `user_data` fields asked for (text, or None)."""

    id: uuid.UUID
    code: str
    asset: str
    debit: str
    credit: str
    amount: int
    created_at_ms: int
    data: dict[str, str | None]


def _has(flag: TransferFlags) -> ColumnElement[bool]:
    return t.c.flags.bitwise_and(int(flag)) != 0


def _posted_filter() -> ColumnElement[bool]:
    """Transfers that move posted totals: plain transfers and the posts of pending ones."""
    return t.c.flags.bitwise_and(int(TransferFlags.PENDING | TransferFlags.VOID_PENDING)) == 0


def _class(column: ColumnElement[str]) -> ColumnElement[str]:
    """Users' accounts by asset; the platform's sub-accounts as their account."""
    return case(
        (column.like(USER_ACCOUNT_PATTERN), literal(USERS_CLASS_PREFIX) + t.c.asset),
        *((column.in_(chart.slot_accounts(account)), literal(account))
          for account in _SLOTTED_PLATFORM),
        else_=column,
    )


def _phase() -> ColumnElement[str]:
    return case(
        (_has(TransferFlags.PENDING), literal(Phase.PENDING.value)),
        (_has(TransferFlags.POST_PENDING), literal(Phase.POST.value)),
        (_has(TransferFlags.VOID_PENDING), literal(Phase.VOID.value)),
        else_=literal(Phase.POSTED.value),
    )


async def flows(connection: AsyncConnection, start_ms: int,
                end_ms: int) -> tuple[list[Flow], list[Flow]]:
    """Every transfer created in [start_ms, end_ms), and every one created before end_ms
    (from the first), each summed by code, phase and accounts: one scan for both."""
    phase, debit, credit = _phase(), _class(t.c.debit_account_id), _class(t.c.credit_account_id)
    inside = case((t.c.created_at_ms >= start_ms, 1), else_=0)
    rows = await connection.execute(
        select(t.c.code, phase.label("phase"), t.c.asset, debit.label("debit"),
               credit.label("credit"), inside.label("inside"),
               func.sum(t.c.amount).label("amount"), func.count().label("transfers"))
        .where(t.c.created_at_ms < end_ms)
        .group_by(t.c.code, phase, t.c.asset, debit, credit, inside)
    )
    window: list[Flow] = []
    to_date: dict[tuple[str, str, str, str, str], list[int]] = {}
    for r in rows:
        key = (r.code, r.phase, r.asset, r.debit, r.credit)
        if r.inside:
            window.append(Flow(r.code, Phase(r.phase), r.asset, r.debit, r.credit,
                               int(r.amount), int(r.transfers)))
        total = to_date.setdefault(key, [0, 0])
        total[0] += int(r.amount)
        total[1] += int(r.transfers)
    history = [Flow(code, Phase(phase_name), asset, d, c, amount, count)
               for (code, phase_name, asset, d, c), (amount, count) in to_date.items()]
    return _sorted(window), _sorted(history)


def _sorted(found: list[Flow]) -> list[Flow]:
    return sorted(found, key=lambda f: (f.asset, f.code, f.phase, f.debit, f.credit))


async def balances_at(connection: AsyncConnection, at_ms: int) -> list[BalanceAt]:
    """Every account's (users' summed per asset) totals from the transfers before `at_ms`."""
    posted = _posted_legs(at_ms)
    totals: dict[tuple[str, str], list[int]] = {}
    rows = await connection.execute(
        select(posted.c.account, posted.c.asset, func.sum(posted.c.debit).label("debit"),
               func.sum(posted.c.credit).label("credit"))
        .group_by(posted.c.account, posted.c.asset)
    )
    for row in rows:
        totals[(row.account, row.asset)] = [int(row.debit), int(row.credit), 0, 0]
    for account, asset, debit, credit in await _open_pending_at(connection, at_ms):
        entry = totals.setdefault((account, asset), [0, 0, 0, 0])
        entry[2] += debit
        entry[3] += credit
    return [BalanceAt(account, asset, *values)
            for (account, asset), values in sorted(totals.items())]


def _posted_legs(at_ms: int, *, users_only: bool = False, by_account: bool = False) -> Subquery:
    """Both legs of every posted transfer before `at_ms`: (account, asset, debit, credit)."""
    legs = []
    for column, debit, credit in ((t.c.debit_account_id, t.c.amount, literal(0)),
                                  (t.c.credit_account_id, literal(0), t.c.amount)):
        account = column if by_account else _class(column)
        where = [_posted_filter(), t.c.created_at_ms < at_ms]
        if users_only:
            where.append(column.like(USER_ACCOUNT_PATTERN))
        legs.append(select(account.label("account"), t.c.asset.label("asset"),
                           debit.label("debit"), credit.label("credit")).where(*where))
    return union_all(*legs).subquery("legs")


async def _open_pending_at(
    connection: AsyncConnection, at_ms: int
) -> list[tuple[str, str, int, int]]:
    """Pending transfers created before `at_ms` and not resolved before it, as
    (account, asset, pending debits, pending credits) per account or class."""
    resolution = aliased(t)
    resolved = exists().where(resolution.c.pending_id == t.c.id,
                              resolution.c.created_at_ms < at_ms)
    debit, credit = _class(t.c.debit_account_id), _class(t.c.credit_account_id)
    rows = await connection.execute(
        select(debit.label("debit"), credit.label("credit"), t.c.asset,
               func.sum(t.c.amount).label("amount"))
        .where(_has(TransferFlags.PENDING), t.c.created_at_ms < at_ms, ~resolved)
        .group_by(debit, credit, t.c.asset)
    )
    out: list[tuple[str, str, int, int]] = []
    for row in rows:
        out.append((row.debit, row.asset, int(row.amount), 0))
        out.append((row.credit, row.asset, 0, int(row.amount)))
    return out


async def below_zero_at(connection: AsyncConnection, at_ms: int) -> list[BelowZero]:
    """User-held accounts whose posted balance before `at_ms` is below zero (a refund
    claw-back may leave a wallet, or a creator's diamonds, negative), per asset."""
    legs = _posted_legs(at_ms, users_only=True, by_account=True)
    per_account = (
        select(legs.c.account, legs.c.asset,
               (func.sum(legs.c.credit) - func.sum(legs.c.debit)).label("balance"))
        .group_by(legs.c.account, legs.c.asset)
        .subquery("per_account")
    )
    rows = await connection.execute(
        select(per_account.c.asset, func.count().label("accounts"),
               func.sum(per_account.c.balance).label("total"))
        .where(per_account.c.balance < 0)
        .group_by(per_account.c.asset)
    )
    return sorted((BelowZero(r.asset, int(r.accounts), int(r.total)) for r in rows),
                  key=lambda b: b.asset)


async def legs_of_codes(
    connection: AsyncConnection, codes: Sequence[str], keys: Sequence[str], *, end_ms: int,
) -> list[Leg]:
    """Posted transfers of `codes` created before `end_ms`, with the `user_data` fields
    `keys`, oldest first. For the few business records a report follows one by one
    (purchases and refunds), never for gifts."""
    fields = [t.c.user_data[key].as_string().label(f"k{i}") for i, key in enumerate(keys)]
    rows = await connection.execute(
        select(t.c.id, t.c.code, t.c.asset, t.c.debit_account_id, t.c.credit_account_id,
               t.c.amount, t.c.created_at_ms, *fields)
        .where(t.c.code.in_(list(codes)), _posted_filter(), t.c.created_at_ms < end_ms)
        .order_by(t.c.created_at_ms, t.c.id)
    )
    return [
        Leg(r.id, r.code, r.asset, r.debit_account_id, r.credit_account_id, int(r.amount),
            int(r.created_at_ms), {key: getattr(r, f"k{i}") for i, key in enumerate(keys)})
        for r in rows
    ]


async def user_legs(
    connection: AsyncConnection, asset: str, keys: Sequence[str], *, keyed_codes: Sequence[str],
    end_ms: int,
) -> AsyncIterator[Leg]:
    """Every posted transfer of `asset` touching a user-held account before `end_ms`, in
    the order they were made (time, then id: ids are time-ordered), streamed in partitions.
    The `user_data` fields `keys` are read only for `keyed_codes` (reading JSON on every gift
    would cost more than the rest of the row)."""
    keyed = t.c.code.in_(list(keyed_codes))
    fields = [case((keyed, t.c.user_data[key].as_string()), else_=None).label(f"k{i}")
              for i, key in enumerate(keys)]
    touches_user = or_(t.c.debit_account_id.like(USER_ACCOUNT_PATTERN),
                       t.c.credit_account_id.like(USER_ACCOUNT_PATTERN))
    result = await connection.stream(
        select(t.c.id, t.c.code, t.c.asset, t.c.debit_account_id, t.c.credit_account_id,
               t.c.amount, t.c.created_at_ms, *fields)
        .where(and_(t.c.asset == asset, touches_user, _posted_filter(),
                    t.c.created_at_ms < end_ms))
        .order_by(t.c.created_at_ms, t.c.id)
        .execution_options(yield_per=STREAM_PARTITION_ROWS)
    )
    async for partition in result.partitions(STREAM_PARTITION_ROWS):
        for transfer_id, code, leg_asset, debit, credit, amount, at_ms, *data in partition:
            yield Leg(transfer_id, code, leg_asset, debit, credit, amount, at_ms,
                      dict(zip(keys, data, strict=True)))


async def transfers_from(connection: AsyncConnection, at_ms: int) -> int:
    """How many transfers were created at or after `at_ms`."""
    return int((await connection.execute(
        select(func.count()).select_from(t).where(t.c.created_at_ms >= at_ms)
    )).scalar_one())


async def stored_balances(connection: AsyncConnection) -> list[BalanceAt]:
    """The totals stored on the account rows (users' summed per asset), for comparison
    with the sums of transfers."""
    account = case((a.c.id.like(USER_ACCOUNT_PATTERN), literal(USERS_CLASS_PREFIX) + a.c.asset),
                   else_=a.c.id)
    rows = await connection.execute(
        select(account.label("account"), a.c.asset,
               func.sum(a.c.debits_posted).label("dpo"), func.sum(a.c.credits_posted).label("cpo"),
               func.sum(a.c.debits_pending).label("dp"), func.sum(a.c.credits_pending).label("cp"))
        .group_by(account, a.c.asset)
    )
    return sorted((BalanceAt(r.account, r.asset, int(r.dpo), int(r.cpo), int(r.dp), int(r.cp))
                   for r in rows), key=lambda b: (b.account, b.asset))
