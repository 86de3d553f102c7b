"""Reads of the ledger for the other domains, as typed rows: the accounts API, a wallet's
balances and statement, the operator's economy view. The journal alone names the ledger's
tables (it is their only writer); each domain's repository hands these on.

Transfer ids are UUIDv7, so id order is time order and "since t" is an index range on the id.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.tables.ledger import ledger_accounts, ledger_transfers
from fancoins.kit.clock import MS_PER_MINUTE
from fancoins.ledger import chart

a = ledger_accounts
t = ledger_transfers
_ANY_SLOT = "%" + chart.slot_account("", 0)[:-1] + "%"  # an id with a slot mark

# --- the accounts API -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    asset: str
    kind: str
    flags: int
    owner_user_id: str | None
    debits_pending: int
    debits_posted: int
    credits_pending: int
    credits_posted: int
    created_at_ms: int

    @property
    def balance(self) -> int:
        """Posted: what the account holds."""
        return self.credits_posted - self.debits_posted

    @property
    def available(self) -> int:
        """Posted, less what pending transfers hold."""
        return self.balance - self.debits_pending


@dataclass(frozen=True, slots=True)
class Transfer:
    id: uuid.UUID
    debit_account_id: str
    credit_account_id: str
    asset: str
    amount: int
    code: str
    flags: int
    pending_id: uuid.UUID | None
    pending_status: str | None
    expires_at_ms: int | None
    user_data: dict[str, Any] | None
    created_at_ms: int


_ACCOUNT = [ledger_accounts.c[f.name] for f in fields(Account)]
_TRANSFER = [ledger_transfers.c[f.name] for f in fields(Transfer)]


async def get_account(connection: AsyncConnection, account_id: str) -> Account | None:
    """The account with its sub-accounts' totals added (`chart.slot_accounts`): what it
    holds, as every balance shown anywhere."""
    ids = [account_id, *chart.slot_accounts(account_id)]
    rows = (await connection.execute(select(*_ACCOUNT).where(ledger_accounts.c.id.in_(ids))
                                     )).all()
    found = [Account(**row._mapping) for row in rows]
    main = next((part for part in found if part.id == account_id), None)
    if main is None:
        return None
    totals = ("debits_pending", "debits_posted", "credits_pending", "credits_posted")
    return dataclasses.replace(main, **{
        name: sum(getattr(part, name) for part in found) for name in totals})


async def list_accounts(
    connection: AsyncConnection, owner_user_id: str | None, after_id: str | None, limit: int
) -> Sequence[Account]:
    query = select(*_ACCOUNT).order_by(ledger_accounts.c.id).limit(limit)
    if owner_user_id is not None:
        query = query.where(ledger_accounts.c.owner_user_id == owner_user_id)
    if after_id is not None:
        query = query.where(ledger_accounts.c.id > after_id)
    return [Account(**row._mapping) for row in await connection.execute(query)]


async def get_transfer(connection: AsyncConnection, transfer_id: uuid.UUID) -> Transfer | None:
    query = select(*_TRANSFER).where(ledger_transfers.c.id == transfer_id)
    row = (await connection.execute(query)).first()
    return None if row is None else Transfer(**row._mapping)


async def list_transfers(
    connection: AsyncConnection, account_id: str, before_id: uuid.UUID | None, limit: int
) -> Sequence[Transfer]:
    """Newest first, the account's sub-accounts' too. Ids are UUIDv7, so id order is time
    order."""
    ids = [account_id, *chart.slot_accounts(account_id)]
    query = (
        select(*_TRANSFER)
        .where(or_(t.c.debit_account_id.in_(ids), t.c.credit_account_id.in_(ids)))
        .order_by(t.c.id.desc())
        .limit(limit)
    )
    if before_id is not None:
        query = query.where(t.c.id < before_id)
    return [Transfer(**row._mapping) for row in await connection.execute(query)]


# --- a user's wallet ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Balance:
    id: str
    debits_pending: int
    debits_posted: int
    credits_posted: int

    @property
    def posted(self) -> int:
        return self.credits_posted - self.debits_posted

    @property
    def available(self) -> int:
        return self.posted - self.debits_pending


@dataclass(frozen=True, slots=True)
class Movement:
    """A transfer touching the wallet."""

    id: uuid.UUID
    created_at_ms: int
    code: str
    debit_account_id: str
    credit_account_id: str
    asset: str
    amount: int
    flags: int
    pending_status: str | None
    user_data: dict[str, Any] | None


_BALANCE = [ledger_accounts.c[f.name] for f in fields(Balance)]
_MOVEMENT = [ledger_transfers.c[f.name] for f in fields(Movement)]


async def balances(connection: AsyncConnection, account_ids: Collection[str]) -> list[Balance]:
    """Each account's balance with its sub-accounts' (`chart.slot_accounts`) added: what it
    holds. Accounts that do not exist are left out."""
    ids = set(account_ids)
    ids.update(slot for account in account_ids for slot in chart.slot_accounts(account))
    query = select(*_BALANCE).where(ledger_accounts.c.id.in_(sorted(ids)))
    summed: dict[str, list[int]] = {}
    for row in await connection.execute(query):
        main = chart.main_account(row.id)
        totals = summed.setdefault(main, [0, 0, 0])
        totals[0] += row.debits_pending
        totals[1] += row.debits_posted
        totals[2] += row.credits_posted
    return [Balance(account, *summed[account]) for account in sorted(summed)
            if account in account_ids]


async def statement(
    connection: AsyncConnection, account_ids: Collection[str], *, codes: Collection[str] | None,
    since_ms: int | None, until_ms: int | None, before_id: uuid.UUID | None, limit: int,
) -> Sequence[Movement]:
    """Transfers touching the accounts or their sub-accounts, newest first (ids are UUIDv7:
    id order is time order). Sweeps from a sub-account into its account change no balance
    anyone sees, so they are left out."""
    ids = sorted({*account_ids, *(s for i in account_ids for s in chart.slot_accounts(i))})
    query = (
        select(*_MOVEMENT)
        .where(or_(t.c.debit_account_id.in_(ids), t.c.credit_account_id.in_(ids)),
               t.c.code != chart.SLOT_SWEEP_CODE)
        .order_by(t.c.id.desc())
        .limit(limit)
    )
    if codes is not None:
        query = query.where(t.c.code.in_(sorted(codes)))
    if since_ms is not None:
        query = query.where(t.c.created_at_ms >= since_ms)
    if until_ms is not None:
        query = query.where(t.c.created_at_ms < until_ms)
    if before_id is not None:
        query = query.where(t.c.id < before_id)
    return [Movement(**row._mapping) for row in await connection.execute(query)]


# --- the operator's economy view ------------------------------------------------------------


def uuid7_floor(at_ms: int) -> uuid.UUID:
    """The smallest UUIDv7 made at `at_ms`: every id made at or after it sorts above."""
    return uuid.UUID(int=at_ms << 80)


@dataclass(frozen=True, slots=True)
class AssetTotals:
    asset: str
    accounts: int
    posted: int  # credits_posted - debits_posted
    debits_pending: int
    credits_pending: int
    below_zero: int  # accounts whose posted balance is negative
    available: int  # sum of max(posted - debits_pending, 0): what the owners could move


def _balance() -> Any:
    return a.c.credits_posted - a.c.debits_posted


async def user_totals(connection: AsyncConnection) -> list[AssetTotals]:
    """Users' coin and diamond accounts, summed per asset."""
    query = (
        select(
            # Sub-accounts are no wallets of their own.
            a.c.asset, func.coalesce(func.sum(case((a.c.id.like(_ANY_SLOT), 0), else_=1)), 0),
            func.coalesce(func.sum(_balance()), 0),
            func.coalesce(func.sum(a.c.debits_pending), 0),
            func.coalesce(func.sum(a.c.credits_pending), 0),
            func.coalesce(func.sum(case((_balance() < 0, 1), else_=0)), 0),
            func.coalesce(func.sum(case((_balance() > a.c.debits_pending,
                                         _balance() - a.c.debits_pending), else_=0)), 0),
        )
        .where(a.c.owner_user_id.is_not(None))
        .group_by(a.c.asset)
    )
    return [AssetTotals(str(r[0]), *(int(v) for v in r[1:]))
            for r in (await connection.execute(query)).all()]


async def asset_sums(connection: AsyncConnection) -> list[tuple[str, int, int]]:
    """Per asset over every account: (asset, posted sum, pending sum). Both must be zero."""
    query = (
        select(
            a.c.asset, func.coalesce(func.sum(_balance()), 0),
            func.coalesce(func.sum(a.c.credits_pending - a.c.debits_pending), 0),
        )
        .group_by(a.c.asset)
        .order_by(a.c.asset)
    )
    return [(str(r[0]), int(r[1]), int(r[2])) for r in (await connection.execute(query)).all()]


@dataclass(frozen=True, slots=True)
class PlatformAccount:
    id: str
    asset: str
    kind: str
    debits_posted: int
    credits_posted: int
    debits_pending: int
    credits_pending: int


async def platform_accounts(connection: AsyncConnection, limit: int) -> list[PlatformAccount]:
    """The platform's and the stores' accounts (no user's), a few per currency and channel;
    sub-accounts added to their account."""
    query = (
        select(*(a.c[f.name] for f in fields(PlatformAccount)))
        .where(a.c.owner_user_id.is_(None))
        .order_by(a.c.id)
        .limit(limit)
    )
    found: dict[str, PlatformAccount] = {}
    for row in await connection.execute(query):
        part = PlatformAccount(**row._mapping)
        main = chart.main_account(part.id)
        held = found.get(main)
        found[main] = dataclasses.replace(part, id=main) if held is None else PlatformAccount(
            main, held.asset, held.kind, held.debits_posted + part.debits_posted,
            held.credits_posted + part.credits_posted,
            held.debits_pending + part.debits_pending,
            held.credits_pending + part.credits_pending)
    return list(found.values())


async def transfers_since(
    connection: AsyncConnection, code: str, since_ms: int
) -> tuple[int, int]:
    """(count, amount) of the transfers with `code` made at or after `since_ms`."""
    query = select(func.count(), func.coalesce(func.sum(t.c.amount), 0)).where(
        t.c.id >= uuid7_floor(since_ms), t.c.created_at_ms >= since_ms, t.c.code == code
    )
    row = (await connection.execute(query)).one()
    return int(row[0]), int(row[1])


async def transfers_per_minute(
    connection: AsyncConnection, code: str, since_ms: int
) -> list[tuple[int, int, int]]:
    """(minute since the epoch, count, amount) of `code` transfers from `since_ms` on."""
    minute = t.c.created_at_ms // MS_PER_MINUTE  # integer (floor) division on both databases
    query = (
        select(minute.label("minute"), func.count(), func.coalesce(func.sum(t.c.amount), 0))
        .where(t.c.id >= uuid7_floor(since_ms), t.c.created_at_ms >= since_ms, t.c.code == code)
        .group_by(minute)
        .order_by(minute)
    )
    return [(int(r[0]), int(r[1]), int(r[2])) for r in (await connection.execute(query)).all()]


async def credited_accounts_since(
    connection: AsyncConnection, code: str, since_ms: int, limit: int
) -> list[str]:
    """Accounts credited by `code` transfers from `since_ms` on (at most `limit`)."""
    query = (
        select(t.c.credit_account_id).distinct()
        .where(t.c.id >= uuid7_floor(since_ms), t.c.created_at_ms >= since_ms, t.c.code == code)
        .order_by(t.c.credit_account_id)
        .limit(limit)
    )
    return [str(r[0]) for r in (await connection.execute(query)).all()]
