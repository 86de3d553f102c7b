from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.held_purchase_out import HeldPurchaseOut
from ...models.hold_decision_in import HoldDecisionIn
from ...models.problem_body import ProblemBody
from ...types import Response


def _get_kwargs(
    purchase_id: UUID,
    *,
    body: HoldDecisionIn,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/admin/purchases/{purchase_id}/decline".format(
            purchase_id=quote(str(purchase_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HeldPurchaseOut | ProblemBody | None:
    if response.status_code == 200:
        response_200 = HeldPurchaseOut.from_dict(response.json())

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
) -> Response[HeldPurchaseOut | ProblemBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    purchase_id: UUID,
    *,
    client: AuthenticatedClient,
    body: HoldDecisionIn,
    idempotency_key: str,
) -> Response[HeldPurchaseOut | ProblemBody]:
    """Decline Purchase

     Decline a held purchase: it is never credited (audited with the reason). Refund the
    payment at the store (the Stripe dashboard); its refund event then finds the purchase
    declined and books nothing. Retries as for release.

    Args:
        purchase_id (UUID):
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.
        body (HoldDecisionIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HeldPurchaseOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        purchase_id=purchase_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    purchase_id: UUID,
    *,
    client: AuthenticatedClient,
    body: HoldDecisionIn,
    idempotency_key: str,
) -> HeldPurchaseOut | ProblemBody | None:
    """Decline Purchase

     Decline a held purchase: it is never credited (audited with the reason). Refund the
    payment at the store (the Stripe dashboard); its refund event then finds the purchase
    declined and books nothing. Retries as for release.

    Args:
        purchase_id (UUID):
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.
        body (HoldDecisionIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HeldPurchaseOut | ProblemBody
    """

    return sync_detailed(
        purchase_id=purchase_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    purchase_id: UUID,
    *,
    client: AuthenticatedClient,
    body: HoldDecisionIn,
    idempotency_key: str,
) -> Response[HeldPurchaseOut | ProblemBody]:
    """Decline Purchase

     Decline a held purchase: it is never credited (audited with the reason). Refund the
    payment at the store (the Stripe dashboard); its refund event then finds the purchase
    declined and books nothing. Retries as for release.

    Args:
        purchase_id (UUID):
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.
        body (HoldDecisionIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HeldPurchaseOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        purchase_id=purchase_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    purchase_id: UUID,
    *,
    client: AuthenticatedClient,
    body: HoldDecisionIn,
    idempotency_key: str,
) -> HeldPurchaseOut | ProblemBody | None:
    """Decline Purchase

     Decline a held purchase: it is never credited (audited with the reason). Refund the
    payment at the store (the Stripe dashboard); its refund event then finds the purchase
    declined and books nothing. Retries as for release.

    Args:
        purchase_id (UUID):
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.
        body (HoldDecisionIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HeldPurchaseOut | ProblemBody
    """

    return (
        await asyncio_detailed(
            purchase_id=purchase_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
