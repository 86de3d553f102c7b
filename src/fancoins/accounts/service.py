"""Reading accounts and transfers, with the visibility rule: owners and operators only.
Someone else's account or transfer is answered as a missing one: ids are not disclosed."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.accounts import repository
from fancoins.accounts.repository import Account as Account
from fancoins.accounts.repository import Transfer as Transfer
from fancoins.journal.errors import AccountNotFound
from fancoins.kit.errors import NotFound
from fancoins.ledger import chart


class TransferNotFound(NotFound):
    slug = "transfer-not-found"
    title = "Transfer not found"


class AccountReader:
    async def account(
        self, connection: AsyncConnection, account_id: str, viewer: str | None, admin: bool
    ) -> Account:
        """Raises `AccountNotFound` (also for an account the viewer may not see)."""
        account = await repository.get_account(connection, account_id)
        if account is None or not (admin or (viewer is not None
                                             and account.owner_user_id == viewer)):
            raise AccountNotFound(f"no account {account_id}")
        return account

    async def accounts(
        self, connection: AsyncConnection, owner: str | None, after: str | None, limit: int
    ) -> Sequence[Account]:
        """By id; `owner` None lists every account (operators)."""
        return await repository.list_accounts(connection, owner, after, limit)

    async def transfers(
        self, connection: AsyncConnection, account_id: str, before: uuid.UUID | None, limit: int
    ) -> Sequence[Transfer]:
        """Newest first."""
        return await repository.list_transfers(connection, account_id, before, limit)

    async def transfer(
        self, connection: AsyncConnection, transfer_id: uuid.UUID, viewer: str | None, admin: bool
    ) -> Transfer:
        """Raises `TransferNotFound` (also for a transfer the viewer has no part in)."""
        transfer = await repository.get_transfer(connection, transfer_id)
        if transfer is None:
            raise TransferNotFound(f"no transfer {transfer_id}")
        owners = {chart.owner_of(transfer.debit_account_id),
                  chart.owner_of(transfer.credit_account_id)}
        if not admin and (viewer is None or viewer not in owners):
            raise TransferNotFound(f"no transfer {transfer_id}")
        return transfer


reader = AccountReader()
