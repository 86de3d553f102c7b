"""GET endpoints for accounts and transfers. Thin: convert, call the service, map errors."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from fancoins.accounts.schemas import AccountOut, Page, TransferOut
from fancoins.accounts.service import AccountNotFound, NotVisible, TransferNotFound, reader
from fancoins.api.auth import CurrentPrincipal, Principal, Scope
from fancoins.api.deps import ReadConnection, SettingsDep
from fancoins.api.pagination import (
    Cursor,
    Limit,
    before_cursor,
    before_id,
    decode_cursor,
    encode_cursor,
    page_size,
)
from fancoins.api.problems import Problem, problem_responses

router = APIRouter(tags=["ledger"], responses=problem_responses(400, 401, 403, 404, 422))

def _admin_or_reader(principal: Principal) -> bool:
    return principal.has(Scope.LEDGER_READ)


def _not_found(kind: str, ident: str) -> Problem:
    return Problem(404, f"{kind}-not-found", f"{kind.capitalize()} not found", f"no {kind} {ident}")


@router.get("/v1/accounts", response_model=Page[AccountOut])
async def list_accounts(
    principal: CurrentPrincipal, connection: ReadConnection, settings: SettingsDep,
    cursor: Cursor = None, limit: Limit = None,
) -> Page[AccountOut]:
    """Your own accounts; operators (admin or ledger:read) see every account."""
    position = decode_cursor(cursor)
    after = str(position["after"]) if position and "after" in position else None
    owner = None if _admin_or_reader(principal) else (principal.user_id or "")
    page = await reader.accounts(connection, owner, after, page_size(settings, limit))
    if page.next_cursor is not None:
        page.next_cursor = encode_cursor({"after": page.next_cursor})
    return page


@router.get("/v1/accounts/{account_id}", response_model=AccountOut)
async def get_account(
    account_id: str, principal: CurrentPrincipal, connection: ReadConnection
) -> AccountOut:
    try:
        return await reader.account(
            connection, account_id, principal.user_id, _admin_or_reader(principal)
        )
    except (AccountNotFound, NotVisible):
        # Someone else's account answers like a missing one: ids are not disclosed.
        raise _not_found("account", account_id) from None


@router.get("/v1/accounts/{account_id}/transfers", response_model=Page[TransferOut])
async def list_account_transfers(
    account_id: str, principal: CurrentPrincipal, connection: ReadConnection,
    settings: SettingsDep, cursor: Cursor = None, limit: Limit = None,
) -> Page[TransferOut]:
    try:
        await reader.account(connection, account_id, principal.user_id,
                             _admin_or_reader(principal))
    except (AccountNotFound, NotVisible):
        raise _not_found("account", account_id) from None
    items, last = await reader.transfers(connection, account_id, before_id(cursor),
                                         page_size(settings, limit))
    return Page[TransferOut](items=items, next_cursor=before_cursor(last))


@router.get("/v1/transfers/{transfer_id}", response_model=TransferOut)
async def get_transfer(
    transfer_id: uuid.UUID, principal: CurrentPrincipal, connection: ReadConnection
) -> TransferOut:
    try:
        return await reader.transfer(
            connection, transfer_id, principal.user_id, _admin_or_reader(principal)
        )
    except (TransferNotFound, NotVisible):
        raise _not_found("transfer", str(transfer_id)) from None
