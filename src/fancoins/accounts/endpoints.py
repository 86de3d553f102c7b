"""GET endpoints for accounts and transfers. Thin: convert, call the service, map errors."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from fancoins.accounts.schemas import AccountOut, Page, TransferOut
from fancoins.accounts.service import AccountNotFound, NotVisible, TransferNotFound, reader
from fancoins.api.auth import CurrentPrincipal, Principal, Scope
from fancoins.api.deps import ReadConnection, SettingsDep
from fancoins.api.pagination import decode_cursor, encode_cursor
from fancoins.api.problems import Problem, problem_responses

router = APIRouter(tags=["ledger"], responses=problem_responses(400, 401, 403, 404, 422))

Cursor = Annotated[str | None, Query(max_length=512, description="next_cursor of a previous page")]
Limit = Annotated[int | None, Query(ge=1, le=10_000)]


def _limit(settings: SettingsDep, limit: int | None) -> int:
    return min(limit or settings.page_size_default, settings.page_size_max)


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
    page = await reader.accounts(connection, owner, after, _limit(settings, limit))
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
    position = decode_cursor(cursor)
    before = _cursor_uuid(position)
    items, last = await reader.transfers(connection, account_id, before,
                                         _limit(settings, limit))
    next_cursor = encode_cursor({"before": str(last)}) if last else None
    return Page[TransferOut](items=items, next_cursor=next_cursor)


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


def _cursor_uuid(position: dict[str, object] | None) -> uuid.UUID | None:
    if not position or "before" not in position:
        return None
    try:
        return uuid.UUID(str(position["before"]))
    except ValueError:
        raise Problem(400, "cursor-invalid", "Invalid cursor",
                      "pass back the next_cursor of a previous page") from None
