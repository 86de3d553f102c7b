"""GET /v1/wallet and its statement (JSON pages or CSV)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BeforeValidator
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.api.auth import CurrentPrincipal, Principal, Scope
from fancoins.api.deps import ReadConnection, SettingsDep
from fancoins.api.pagination import Cursor, cut, uuid_of
from fancoins.api.problems import problem_responses
from fancoins.identity.schemas import UserId
from fancoins.identity.service import UserNotFound
from fancoins.safety.guardians import guardians
from fancoins.wallet.schemas import (
    CSV_COLUMNS,
    StatementLineOut,
    StatementOut,
    WalletOut,
    moment_ms,
)
from fancoins.wallet.service import StatementKind, wallet

router = APIRouter(tags=["wallet"], responses=problem_responses(400, 401, 403, 404, 422))


def _iso_only(value: object) -> object:
    # Query strings like "0.5" would parse as epoch seconds; the schema promises ISO 8601.
    if isinstance(value, str) and not any(c in value for c in "-:T"):
        raise ValueError("must be an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z")
    return value


IsoMoment = Annotated[dt.datetime, BeforeValidator(_iso_only)]


async def _whose(principal: Principal, user_id: str | None, connection: AsyncConnection
                 ) -> str:
    """Your own wallet; operators (admin or ledger:read) may name a user, and a guardian a
    linked minor. Someone else's wallet is answered as a missing one."""
    if user_id is not None and (principal.has(Scope.LEDGER_READ) or user_id == principal.user_id):
        return user_id
    if user_id is not None and principal.user_id is not None and await guardians.is_guardian(
            connection, principal.user_id, user_id):
        return user_id
    if user_id is None and principal.user_id is not None:
        return principal.user_id
    raise UserNotFound(user_id or "")


@router.get("/v1/wallet", response_model=WalletOut)
async def get_wallet(
    principal: CurrentPrincipal, connection: ReadConnection,
    user_id: Annotated[UserId | None, Query()] = None,
) -> WalletOut:
    """Coins, diamonds, and whether a refund claw-back left the wallet restricted."""
    owner = await _whose(principal, user_id, connection)
    return WalletOut.model_validate(await wallet.wallet(connection, owner))


@router.get(
    "/v1/wallet/statement", response_model=StatementOut,
    responses={200: {"content": {"text/csv": {}}}},
)
async def get_statement(
    principal: CurrentPrincipal, connection: ReadConnection, settings: SettingsDep,
    kind: Annotated[StatementKind | None, Query(description="only lines of this kind")] = None,
    since: Annotated[IsoMoment | None, Query(alias="from")] = None,
    until: Annotated[IsoMoment | None, Query(alias="to")] = None,
    cursor: Cursor = None,
    limit: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    output: Annotated[Literal["json", "csv"], Query(alias="format")] = "json",
    user_id: Annotated[UserId | None, Query()] = None,
) -> StatementOut | Response:
    """Every movement of your coins and diamonds (or a linked minor's, for a guardian), newest
    first, each saying what it was.
    `format=csv` exports up to `http.statement_csv_rows_max` lines (then the X-Next-Cursor
    header)."""
    owner = await _whose(principal, user_id, connection)
    cap = settings.http.statement_csv_rows_max if output == "csv" else settings.http.page_size_max
    size = min(limit or (cap if output == "csv" else settings.http.page_size_default), cap)
    lines = await wallet.statement(
        connection, owner, kind=kind, since_ms=moment_ms(since), until_ms=moment_ms(until),
        before=uuid_of(cursor), limit=size + 1,
    )
    page = cut(lines, size)
    items = [StatementLineOut.model_validate(line) for line in page.items]
    if output == "json":
        return StatementOut(items=items, next_cursor=page.next_cursor)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(item.csv_row() for item in items)
    headers = {"Content-Disposition": 'attachment; filename="statement.csv"'}
    if page.next_cursor:
        headers["X-Next-Cursor"] = page.next_cursor
    return Response(buffer.getvalue(), media_type="text/csv", headers=headers)
