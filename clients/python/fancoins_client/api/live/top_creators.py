from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.board_out import BoardOut
from ...models.period import Period
from ...models.problem_body import ProblemBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    period: Period | Unset = UNSET,
    limit: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_period: str | Unset = UNSET
    if not isinstance(period, Unset):
        json_period = period.value

    params["period"] = json_period

    json_limit: int | None | Unset
    if isinstance(limit, Unset):
        json_limit = UNSET
    else:
        json_limit = limit
    params["limit"] = json_limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/leaderboards/creators",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BoardOut | ProblemBody | None:
    if response.status_code == 200:
        response_200 = BoardOut.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ProblemBody.from_dict(response.json())

        return response_401

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
) -> Response[BoardOut | ProblemBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    period: Period | Unset = UNSET,
    limit: int | None | Unset = UNSET,
) -> Response[BoardOut | ProblemBody]:
    """Top Creators

     Creators by diamonds received (default: this week, UTC, from Monday).

    Args:
        period (Period | Unset):
        limit (int | None | Unset): entries (bounded by config)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BoardOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        period=period,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    period: Period | Unset = UNSET,
    limit: int | None | Unset = UNSET,
) -> BoardOut | ProblemBody | None:
    """Top Creators

     Creators by diamonds received (default: this week, UTC, from Monday).

    Args:
        period (Period | Unset):
        limit (int | None | Unset): entries (bounded by config)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BoardOut | ProblemBody
    """

    return sync_detailed(
        client=client,
        period=period,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    period: Period | Unset = UNSET,
    limit: int | None | Unset = UNSET,
) -> Response[BoardOut | ProblemBody]:
    """Top Creators

     Creators by diamonds received (default: this week, UTC, from Monday).

    Args:
        period (Period | Unset):
        limit (int | None | Unset): entries (bounded by config)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BoardOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        period=period,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    period: Period | Unset = UNSET,
    limit: int | None | Unset = UNSET,
) -> BoardOut | ProblemBody | None:
    """Top Creators

     Creators by diamonds received (default: this week, UTC, from Monday).

    Args:
        period (Period | Unset):
        limit (int | None | Unset): entries (bounded by config)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BoardOut | ProblemBody
    """

    return (
        await asyncio_detailed(
            client=client,
            period=period,
            limit=limit,
        )
    ).parsed
