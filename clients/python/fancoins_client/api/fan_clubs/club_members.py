from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.member_page import MemberPage
from ...models.problem_body import ProblemBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    creator_id: str,
    *,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    include_lapsed: bool | Unset = False,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

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

    params["include_lapsed"] = include_lapsed

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/creators/{creator_id}/fan-club/members".format(
            creator_id=quote(str(creator_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> MemberPage | ProblemBody | None:
    if response.status_code == 200:
        response_200 = MemberPage.from_dict(response.json())

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
) -> Response[MemberPage | ProblemBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    creator_id: str,
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    include_lapsed: bool | Unset = False,
) -> Response[MemberPage | ProblemBody]:
    """Club Members

     A creator's fan club members, highest level first (the creator, an operator, or an
    API key with users:read).

    Args:
        creator_id (str):
        cursor (None | str | Unset): next_cursor of a previous page
        limit (int | None | Unset): page size (bounded by config)
        include_lapsed (bool | Unset): members whose membership lapsed too Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MemberPage | ProblemBody]
    """

    kwargs = _get_kwargs(
        creator_id=creator_id,
        cursor=cursor,
        limit=limit,
        include_lapsed=include_lapsed,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    creator_id: str,
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    include_lapsed: bool | Unset = False,
) -> MemberPage | ProblemBody | None:
    """Club Members

     A creator's fan club members, highest level first (the creator, an operator, or an
    API key with users:read).

    Args:
        creator_id (str):
        cursor (None | str | Unset): next_cursor of a previous page
        limit (int | None | Unset): page size (bounded by config)
        include_lapsed (bool | Unset): members whose membership lapsed too Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MemberPage | ProblemBody
    """

    return sync_detailed(
        creator_id=creator_id,
        client=client,
        cursor=cursor,
        limit=limit,
        include_lapsed=include_lapsed,
    ).parsed


async def asyncio_detailed(
    creator_id: str,
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    include_lapsed: bool | Unset = False,
) -> Response[MemberPage | ProblemBody]:
    """Club Members

     A creator's fan club members, highest level first (the creator, an operator, or an
    API key with users:read).

    Args:
        creator_id (str):
        cursor (None | str | Unset): next_cursor of a previous page
        limit (int | None | Unset): page size (bounded by config)
        include_lapsed (bool | Unset): members whose membership lapsed too Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MemberPage | ProblemBody]
    """

    kwargs = _get_kwargs(
        creator_id=creator_id,
        cursor=cursor,
        limit=limit,
        include_lapsed=include_lapsed,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    creator_id: str,
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    include_lapsed: bool | Unset = False,
) -> MemberPage | ProblemBody | None:
    """Club Members

     A creator's fan club members, highest level first (the creator, an operator, or an
    API key with users:read).

    Args:
        creator_id (str):
        cursor (None | str | Unset): next_cursor of a previous page
        limit (int | None | Unset): page size (bounded by config)
        include_lapsed (bool | Unset): members whose membership lapsed too Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MemberPage | ProblemBody
    """

    return (
        await asyncio_detailed(
            creator_id=creator_id,
            client=client,
            cursor=cursor,
            limit=limit,
            include_lapsed=include_lapsed,
        )
    ).parsed
