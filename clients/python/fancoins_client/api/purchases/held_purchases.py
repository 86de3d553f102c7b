from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.held_purchase_page import HeldPurchasePage
from ...models.problem_body import ProblemBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    pending: bool | Unset = True,
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

    params["pending"] = pending

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/admin/purchases/held",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HeldPurchasePage | ProblemBody | None:
    if response.status_code == 200:
        response_200 = HeldPurchasePage.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = ProblemBody.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = ProblemBody.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = ProblemBody.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ProblemBody.from_dict(response.json())

        return response_429

    if response.status_code == 502:
        response_502 = ProblemBody.from_dict(response.json())

        return response_502

    if response.status_code == 503:
        response_503 = ProblemBody.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[HeldPurchasePage | ProblemBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    pending: bool | Unset = True,
) -> Response[HeldPurchasePage | ProblemBody]:
    """Held Purchases

     Paid purchases held for review by a velocity rule, oldest first (a review queue): the
    purchase, the rule it passed and why, and the decision once made.

    Args:
        cursor (None | str | Unset): next_cursor of a previous page
        limit (int | None | Unset): page size (bounded by config)
        pending (bool | Unset): Only holds waiting for a decision (default); false: every hold.
            Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HeldPurchasePage | ProblemBody]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        limit=limit,
        pending=pending,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    pending: bool | Unset = True,
) -> HeldPurchasePage | ProblemBody | None:
    """Held Purchases

     Paid purchases held for review by a velocity rule, oldest first (a review queue): the
    purchase, the rule it passed and why, and the decision once made.

    Args:
        cursor (None | str | Unset): next_cursor of a previous page
        limit (int | None | Unset): page size (bounded by config)
        pending (bool | Unset): Only holds waiting for a decision (default); false: every hold.
            Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HeldPurchasePage | ProblemBody
    """

    return sync_detailed(
        client=client,
        cursor=cursor,
        limit=limit,
        pending=pending,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    pending: bool | Unset = True,
) -> Response[HeldPurchasePage | ProblemBody]:
    """Held Purchases

     Paid purchases held for review by a velocity rule, oldest first (a review queue): the
    purchase, the rule it passed and why, and the decision once made.

    Args:
        cursor (None | str | Unset): next_cursor of a previous page
        limit (int | None | Unset): page size (bounded by config)
        pending (bool | Unset): Only holds waiting for a decision (default); false: every hold.
            Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HeldPurchasePage | ProblemBody]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        limit=limit,
        pending=pending,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    pending: bool | Unset = True,
) -> HeldPurchasePage | ProblemBody | None:
    """Held Purchases

     Paid purchases held for review by a velocity rule, oldest first (a review queue): the
    purchase, the rule it passed and why, and the decision once made.

    Args:
        cursor (None | str | Unset): next_cursor of a previous page
        limit (int | None | Unset): page size (bounded by config)
        pending (bool | Unset): Only holds waiting for a decision (default); false: every hold.
            Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HeldPurchasePage | ProblemBody
    """

    return (
        await asyncio_detailed(
            client=client,
            cursor=cursor,
            limit=limit,
            pending=pending,
        )
    ).parsed
