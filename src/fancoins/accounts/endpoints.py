"""GET endpoints for accounts and transfers. Thin: convert, call the service."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from fancoins.accounts.schemas import AccountOut, Page, TransferOut
from fancoins.accounts.service import reader
from fancoins.api.auth import CurrentPrincipal, Principal, Scope
from fancoins.api.deps import ReadConnection, SettingsDep
from fancoins.api.pagination import Cursor, Limit, after_id, cut, page_size, uuid_of
from fancoins.api.problems import problem_responses

router = APIRouter(tags=["ledger"], responses=problem_responses(400, 401, 403, 404, 422))


def _reads_ledger(principal: Principal) -> bool:
    return principal.has(Scope.LEDGER_READ)


@router.get("/v1/accounts", response_model=Page[AccountOut])
async def list_accounts(
    principal: CurrentPrincipal, connection: ReadConnection, settings: SettingsDep,
    cursor: Cursor = None, limit: Limit = None,
) -> Page[AccountOut]:
    """Your own accounts; operators (admin or ledger:read) see every account."""
    owner = None if _reads_ledger(principal) else (principal.user_id or "")
    size = page_size(settings, limit)
    page = cut(await reader.accounts(connection, owner, after_id(cursor), size + 1), size)
    return Page[AccountOut](items=[AccountOut.model_validate(a) for a in page.items],
                            next_cursor=page.next_cursor)


@router.get("/v1/accounts/{account_id}", response_model=AccountOut)
async def get_account(
    account_id: str, principal: CurrentPrincipal, connection: ReadConnection
) -> AccountOut:
    account = await reader.account(connection, account_id, principal.user_id,
                                   _reads_ledger(principal))
    return AccountOut.model_validate(account)


@router.get("/v1/accounts/{account_id}/transfers", response_model=Page[TransferOut])
async def list_account_transfers(
    account_id: str, principal: CurrentPrincipal, connection: ReadConnection,
    settings: SettingsDep, cursor: Cursor = None, limit: Limit = None,
) -> Page[TransferOut]:
    """The account's transfers, newest first."""
    await reader.account(connection, account_id, principal.user_id, _reads_ledger(principal))
    size = page_size(settings, limit)
    page = cut(await reader.transfers(connection, account_id, uuid_of(cursor), size + 1), size)
    return Page[TransferOut](items=[TransferOut.model_validate(t) for t in page.items],
                             next_cursor=page.next_cursor)


@router.get("/v1/transfers/{transfer_id}", response_model=TransferOut)
async def get_transfer(
    transfer_id: uuid.UUID, principal: CurrentPrincipal, connection: ReadConnection
) -> TransferOut:
    transfer = await reader.transfer(connection, transfer_id, principal.user_id,
                                     _reads_ledger(principal))
    return TransferOut.model_validate(transfer)
