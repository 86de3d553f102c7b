from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.google_purchase_in import GooglePurchaseIn
from ...models.problem_body import ProblemBody
from ...models.purchase_out import PurchaseOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: GooglePurchaseIn,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/purchases/google",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemBody | PurchaseOut | None:
    if response.status_code == 200:
        response_200 = PurchaseOut.from_dict(response.json())

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
) -> Response[ProblemBody | PurchaseOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: GooglePurchaseIn,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ProblemBody | PurchaseOut]:
    """Buy Google

     Verify a Play purchase token with Google, fulfil it once, then consume it.

    Args:
        idempotency_key (None | str | Unset): Optional: a retry under the same key answers the
            first answer. Default: the store's own proof of purchase.
        body (GooglePurchaseIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemBody | PurchaseOut]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: GooglePurchaseIn,
    idempotency_key: None | str | Unset = UNSET,
) -> ProblemBody | PurchaseOut | None:
    """Buy Google

     Verify a Play purchase token with Google, fulfil it once, then consume it.

    Args:
        idempotency_key (None | str | Unset): Optional: a retry under the same key answers the
            first answer. Default: the store's own proof of purchase.
        body (GooglePurchaseIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemBody | PurchaseOut
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: GooglePurchaseIn,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ProblemBody | PurchaseOut]:
    """Buy Google

     Verify a Play purchase token with Google, fulfil it once, then consume it.

    Args:
        idempotency_key (None | str | Unset): Optional: a retry under the same key answers the
            first answer. Default: the store's own proof of purchase.
        body (GooglePurchaseIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemBody | PurchaseOut]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: GooglePurchaseIn,
    idempotency_key: None | str | Unset = UNSET,
) -> ProblemBody | PurchaseOut | None:
    """Buy Google

     Verify a Play purchase token with Google, fulfil it once, then consume it.

    Args:
        idempotency_key (None | str | Unset): Optional: a retry under the same key answers the
            first answer. Default: the store's own proof of purchase.
        body (GooglePurchaseIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemBody | PurchaseOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
