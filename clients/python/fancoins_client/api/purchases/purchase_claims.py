from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.claim_page import ClaimPage
from ...models.problem_body import ProblemBody
from ...models.purchase_claims_kind_type_0 import PurchaseClaimsKindType0
from ...models.purchase_claims_state_type_0 import PurchaseClaimsStateType0
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    kind: None | PurchaseClaimsKindType0 | Unset = UNSET,
    state: None | PurchaseClaimsStateType0 | Unset = UNSET,
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

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, PurchaseClaimsKindType0):
        json_kind = kind.value
    else:
        json_kind = kind
    params["kind"] = json_kind

    json_state: None | str | Unset
    if isinstance(state, Unset):
        json_state = UNSET
    elif isinstance(state, PurchaseClaimsStateType0):
        json_state = state.value
    else:
        json_state = state
    params["state"] = json_state

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/admin/purchases/claims",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ClaimPage | ProblemBody | None:
    if response.status_code == 200:
        response_200 = ClaimPage.from_dict(response.json())

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
) -> Response[ClaimPage | ProblemBody]:
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
    kind: None | PurchaseClaimsKindType0 | Unset = UNSET,
    state: None | PurchaseClaimsStateType0 | Unset = UNSET,
) -> Response[ClaimPage | ProblemBody]:
    """Purchase Claims

     Store claims against purchases (refunds, revocations, voids, chargebacks, and their
    reversals), newest first: each with its purchase and buyer (once known) and what it did
    (coins and money clawed back or restored, creators' diamonds taken back, the buying
    block it placed).

    Args:
        cursor (None | str | Unset): next_cursor of a previous page
        limit (int | None | Unset): page size (bounded by config)
        kind (None | PurchaseClaimsKindType0 | Unset): Only claims of this kind.
        state (None | PurchaseClaimsStateType0 | Unset): Only claims in this state.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClaimPage | ProblemBody]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        limit=limit,
        kind=kind,
        state=state,
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
    kind: None | PurchaseClaimsKindType0 | Unset = UNSET,
    state: None | PurchaseClaimsStateType0 | Unset = UNSET,
) -> ClaimPage | ProblemBody | None:
    """Purchase Claims

     Store claims against purchases (refunds, revocations, voids, chargebacks, and their
    reversals), newest first: each with its purchase and buyer (once known) and what it did
    (coins and money clawed back or restored, creators' diamonds taken back, the buying
    block it placed).

    Args:
        cursor (None | str | Unset): next_cursor of a previous page
        limit (int | None | Unset): page size (bounded by config)
        kind (None | PurchaseClaimsKindType0 | Unset): Only claims of this kind.
        state (None | PurchaseClaimsStateType0 | Unset): Only claims in this state.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClaimPage | ProblemBody
    """

    return sync_detailed(
        client=client,
        cursor=cursor,
        limit=limit,
        kind=kind,
        state=state,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    kind: None | PurchaseClaimsKindType0 | Unset = UNSET,
    state: None | PurchaseClaimsStateType0 | Unset = UNSET,
) -> Response[ClaimPage | ProblemBody]:
    """Purchase Claims

     Store claims against purchases (refunds, revocations, voids, chargebacks, and their
    reversals), newest first: each with its purchase and buyer (once known) and what it did
    (coins and money clawed back or restored, creators' diamonds taken back, the buying
    block it placed).

    Args:
        cursor (None | str | Unset): next_cursor of a previous page
        limit (int | None | Unset): page size (bounded by config)
        kind (None | PurchaseClaimsKindType0 | Unset): Only claims of this kind.
        state (None | PurchaseClaimsStateType0 | Unset): Only claims in this state.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClaimPage | ProblemBody]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        limit=limit,
        kind=kind,
        state=state,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    kind: None | PurchaseClaimsKindType0 | Unset = UNSET,
    state: None | PurchaseClaimsStateType0 | Unset = UNSET,
) -> ClaimPage | ProblemBody | None:
    """Purchase Claims

     Store claims against purchases (refunds, revocations, voids, chargebacks, and their
    reversals), newest first: each with its purchase and buyer (once known) and what it did
    (coins and money clawed back or restored, creators' diamonds taken back, the buying
    block it placed).

    Args:
        cursor (None | str | Unset): next_cursor of a previous page
        limit (int | None | Unset): page size (bounded by config)
        kind (None | PurchaseClaimsKindType0 | Unset): Only claims of this kind.
        state (None | PurchaseClaimsStateType0 | Unset): Only claims in this state.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClaimPage | ProblemBody
    """

    return (
        await asyncio_detailed(
            client=client,
            cursor=cursor,
            limit=limit,
            kind=kind,
            state=state,
        )
    ).parsed
