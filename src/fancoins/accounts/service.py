"""Reading accounts and transfers, with the visibility rule: owners and operators only."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.accounts import repository
from fancoins.accounts.schemas import AccountOut, Page, TransferOut
from fancoins.ledger import chart


class AccountNotFound(Exception):
    pass


class TransferNotFound(Exception):
    pass


class NotVisible(Exception):
    """The caller may not see this account."""


class AccountReader:
    async def account(
        self, connection: AsyncConnection, account_id: str, viewer: str | None, admin: bool
    ) -> AccountOut:
        row = await repository.get_account(connection, account_id)
        if row is None:
            raise AccountNotFound(account_id)
        if not admin and (viewer is None or row.owner_user_id != viewer):
            raise NotVisible(account_id)
        return AccountOut.from_row(row)

    async def accounts(
        self, connection: AsyncConnection, owner: str | None, after: str | None, limit: int
    ) -> Page[AccountOut]:
        rows = await repository.list_accounts(connection, owner, after, limit + 1)
        items = [AccountOut.from_row(r) for r in rows[:limit]]
        return Page[AccountOut](
            items=items, next_cursor=items[-1].id if len(rows) > limit and items else None
        )

    async def transfers(
        self, connection: AsyncConnection, account_id: str, before: uuid.UUID | None, limit: int
    ) -> tuple[list[TransferOut], uuid.UUID | None]:
        rows = await repository.list_transfers(connection, account_id, before, limit + 1)
        items = [TransferOut.from_row(r) for r in rows[:limit]]
        return items, (items[-1].id if len(rows) > limit and items else None)

    async def transfer(
        self, connection: AsyncConnection, transfer_id: uuid.UUID, viewer: str | None, admin: bool
    ) -> TransferOut:
        row = await repository.get_transfer(connection, transfer_id)
        if row is None:
            raise TransferNotFound(str(transfer_id))
        owners = {chart.owner_of(row.debit_account_id), chart.owner_of(row.credit_account_id)}
        if not admin and (viewer is None or viewer not in owners):
            raise NotVisible(str(transfer_id))
        return TransferOut.from_row(row)


reader = AccountReader()
