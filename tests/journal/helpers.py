"""Small helpers shared by the journal tests: accounts, requests, stored balances."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.tables.ledger import ledger_accounts, ledger_transfers
from fancoins.ids import new_id
from fancoins.journal.service import AccountSpec, journal
from fancoins.ledger import COIN, AccountFlags, TransferFlags, TransferRequest

NO_OVERDRAFT = AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS

Totals = tuple[int, int, int, int]  # debits pending, debits posted, credits pending, posted


def move(
    debit: str, credit: str, amount: int, *, flags: TransferFlags = TransferFlags.NONE,
    timeout_s: int = 0, code: str = "test",
) -> TransferRequest:
    return TransferRequest(
        id=new_id(), code=code, debit_account_id=debit, credit_account_id=credit, asset=COIN,
        amount=amount, flags=flags, timeout_s=timeout_s,
    )


def post(pending_id: uuid.UUID, amount: int | None = None) -> TransferRequest:
    return TransferRequest(id=new_id(), code="post", amount=amount,
                           flags=TransferFlags.POST_PENDING, pending_id=pending_id)


def void(pending_id: uuid.UUID) -> TransferRequest:
    return TransferRequest(id=new_id(), code="void", flags=TransferFlags.VOID_PENDING,
                           pending_id=pending_id)


async def open_coin_accounts(
    conn: AsyncConnection, wallets: Iterable[str], platform: str = "platform:coins_issued"
) -> None:
    await journal.open_accounts(
        conn,
        [AccountSpec(platform, COIN, "platform")]
        + [AccountSpec(w, COIN, "user_coins", NO_OVERDRAFT) for w in wallets],
    )


async def stored_totals(conn: AsyncConnection, account_ids: Iterable[str]) -> dict[str, Totals]:
    a = ledger_accounts.c
    rows = await conn.execute(
        select(a.id, a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted)
        .where(a.id.in_(sorted(set(account_ids))))
    )
    return {r.id: (r.debits_pending, r.debits_posted, r.credits_pending, r.credits_posted)
            for r in rows}


async def balance(conn: AsyncConnection, account_id: str) -> int:
    _dp, dpo, _cp, cpo = (await stored_totals(conn, [account_id]))[account_id]
    return cpo - dpo


async def transfer_count(conn: AsyncConnection, operation_id: str | None = None) -> int:
    query = select(func.count()).select_from(ledger_transfers)
    if operation_id is not None:
        query = query.where(ledger_transfers.c.operation_id == operation_id)
    return int((await conn.execute(query)).scalar_one())
