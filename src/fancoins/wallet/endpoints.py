"""GET /v1/wallet and its statement (JSON pages or CSV)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BeforeValidator

from fancoins.api.auth import CurrentPrincipal, Principal, Scope
from fancoins.api.deps import ReadConnection, SettingsDep
from fancoins.api.pagination import Cursor, before_cursor, before_id
from fancoins.api.problems import Problem, problem_responses
from fancoins.identity.schemas import UserId
from fancoins.identity.service import UserNotFound
from fancoins.wallet.schemas import CSV_COLUMNS, StatementLineOut, StatementOut, WalletOut
from fancoins.wallet.service import wallet

router = APIRouter(tags=["wallet"], responses=problem_responses(400, 401, 403, 404, 422))

Kind = Annotated[str | None, Query(pattern=r"^[a-z0-9_]{1,48}$",
                                   description="purchase, gift_sent, gift_received, "
                                   "refund_clawback, operator_grant, promotion, withdrawal, "
                                   "... or a transfer code")]
def _iso_only(value: object) -> object:
    # Query strings like "0.5" would parse as epoch seconds; the schema promises ISO 8601.
    if isinstance(value, str) and not any(c in value for c in "-:T"):
        raise ValueError("must be an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z")
    return value


IsoMoment = Annotated[dt.datetime, BeforeValidator(_iso_only)]


def _whose(principal: Principal, user_id: str | None) -> str:
    """Your own wallet; operators (admin or ledger:read) may name a user."""
    if user_id is not None and (principal.has(Scope.LEDGER_READ) or user_id == principal.user_id):
        return user_id
    if user_id is None and principal.user_id is not None:
        return principal.user_id
    raise Problem(404, "user-not-found", "User not found", "no such wallet for you to see")


def _ms(moment: dt.datetime | None) -> int | None:
    if moment is None:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return int(aware.timestamp() * 1000)


@router.get("/v1/wallet", response_model=WalletOut)
async def get_wallet(
    principal: CurrentPrincipal, connection: ReadConnection,
    user_id: Annotated[UserId | None, Query()] = None,
) -> WalletOut:
    """Coins, diamonds, and whether a refund claw-back left the wallet restricted."""
    try:
        return WalletOut.from_wallet(await wallet.wallet(connection, _whose(principal, user_id)))
    except UserNotFound:
        raise Problem(404, "user-not-found", "User not found", "no such wallet") from None


@router.get(
    "/v1/wallet/statement", response_model=StatementOut,
    responses={200: {"content": {"text/csv": {}}}},
)
async def get_statement(
    principal: CurrentPrincipal, connection: ReadConnection, settings: SettingsDep,
    kind: Kind = None,
    since: Annotated[IsoMoment | None, Query(alias="from")] = None,
    until: Annotated[IsoMoment | None, Query(alias="to")] = None,
    cursor: Cursor = None,
    limit: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    output: Annotated[Literal["json", "csv"], Query(alias="format")] = "json",
    user_id: Annotated[UserId | None, Query()] = None,
) -> StatementOut | Response:
    """Every movement of your coins and diamonds, newest first, each saying what it was.
    `format=csv` exports up to `statement_csv_rows_max` lines (then the X-Next-Cursor header)."""
    owner = _whose(principal, user_id)
    cap = settings.statement_csv_rows_max if output == "csv" else settings.page_size_max
    page = min(limit or (cap if output == "csv" else settings.page_size_default), cap)
    lines, last = await wallet.statement(
        connection, owner, kind=kind, since_ms=_ms(since), until_ms=_ms(until),
        before=before_id(cursor), limit=page,
    )
    next_cursor = before_cursor(last)
    items = [StatementLineOut.from_line(line) for line in lines]
    if output == "json":
        return StatementOut(items=items, next_cursor=next_cursor)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(item.csv_row() for item in items)
    headers = {"Content-Disposition": 'attachment; filename="statement.csv"'}
    if next_cursor:
        headers["X-Next-Cursor"] = next_cursor
    return Response(buffer.getvalue(), media_type="text/csv", headers=headers)
