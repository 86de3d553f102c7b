import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.get_statement_format import GetStatementFormat
from ...models.problem_body import ProblemBody
from ...models.statement_kind import StatementKind
from ...models.statement_out import StatementOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    kind: None | StatementKind | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    format_: GetStatementFormat | Unset = GetStatementFormat.JSON,
    user_id: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, StatementKind):
        json_kind = kind.value
    else:
        json_kind = kind
    params["kind"] = json_kind

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.datetime):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.datetime):
        json_to = to.isoformat()
    else:
        json_to = to
    params["to"] = json_to

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    json_limit: int | None | Unset
    if isinstance(limit, Unset):
        json_limit = UNSET
    else:
        json_limit = limit
    params["limit"] = json_limit

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    json_user_id: None | str | Unset
    if isinstance(user_id, Unset):
        json_user_id = UNSET
    else:
        json_user_id = user_id
    params["user_id"] = json_user_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/wallet/statement",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemBody | StatementOut | None:
    if response.status_code == 200:
        response_200 = StatementOut.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ProblemBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ProblemBody.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemBody.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ProblemBody.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = ProblemBody.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ProblemBody.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ProblemBody | StatementOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    kind: None | StatementKind | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    format_: GetStatementFormat | Unset = GetStatementFormat.JSON,
    user_id: None | str | Unset = UNSET,
) -> Response[ProblemBody | StatementOut]:
    """Get Statement

     Every movement of your coins and diamonds (or a linked minor's, for a guardian), newest
    first, each saying what it was.
    `format=csv` exports up to `http.statement_csv_rows_max` lines (then the X-Next-Cursor
    header).

    Args:
        kind (None | StatementKind | Unset): only lines of this kind
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        cursor (None | str | Unset): next_cursor of a previous page
        limit (int | None | Unset):
        format_ (GetStatementFormat | Unset):  Default: GetStatementFormat.JSON.
        user_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemBody | StatementOut]
    """

    kwargs = _get_kwargs(
        kind=kind,
        from_=from_,
        to=to,
        cursor=cursor,
        limit=limit,
        format_=format_,
        user_id=user_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    kind: None | StatementKind | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    format_: GetStatementFormat | Unset = GetStatementFormat.JSON,
    user_id: None | str | Unset = UNSET,
) -> ProblemBody | StatementOut | None:
    """Get Statement

     Every movement of your coins and diamonds (or a linked minor's, for a guardian), newest
    first, each saying what it was.
    `format=csv` exports up to `http.statement_csv_rows_max` lines (then the X-Next-Cursor
    header).

    Args:
        kind (None | StatementKind | Unset): only lines of this kind
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        cursor (None | str | Unset): next_cursor of a previous page
        limit (int | None | Unset):
        format_ (GetStatementFormat | Unset):  Default: GetStatementFormat.JSON.
        user_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemBody | StatementOut
    """

    return sync_detailed(
        client=client,
        kind=kind,
        from_=from_,
        to=to,
        cursor=cursor,
        limit=limit,
        format_=format_,
        user_id=user_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    kind: None | StatementKind | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    format_: GetStatementFormat | Unset = GetStatementFormat.JSON,
    user_id: None | str | Unset = UNSET,
) -> Response[ProblemBody | StatementOut]:
    """Get Statement

     Every movement of your coins and diamonds (or a linked minor's, for a guardian), newest
    first, each saying what it was.
    `format=csv` exports up to `http.statement_csv_rows_max` lines (then the X-Next-Cursor
    header).

    Args:
        kind (None | StatementKind | Unset): only lines of this kind
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        cursor (None | str | Unset): next_cursor of a previous page
        limit (int | None | Unset):
        format_ (GetStatementFormat | Unset):  Default: GetStatementFormat.JSON.
        user_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemBody | StatementOut]
    """

    kwargs = _get_kwargs(
        kind=kind,
        from_=from_,
        to=to,
        cursor=cursor,
        limit=limit,
        format_=format_,
        user_id=user_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    kind: None | StatementKind | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    format_: GetStatementFormat | Unset = GetStatementFormat.JSON,
    user_id: None | str | Unset = UNSET,
) -> ProblemBody | StatementOut | None:
    """Get Statement

     Every movement of your coins and diamonds (or a linked minor's, for a guardian), newest
    first, each saying what it was.
    `format=csv` exports up to `http.statement_csv_rows_max` lines (then the X-Next-Cursor
    header).

    Args:
        kind (None | StatementKind | Unset): only lines of this kind
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        cursor (None | str | Unset): next_cursor of a previous page
        limit (int | None | Unset):
        format_ (GetStatementFormat | Unset):  Default: GetStatementFormat.JSON.
        user_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemBody | StatementOut
    """

    return (
        await asyncio_detailed(
            client=client,
            kind=kind,
            from_=from_,
            to=to,
            cursor=cursor,
            limit=limit,
            format_=format_,
            user_id=user_id,
        )
    ).parsed
