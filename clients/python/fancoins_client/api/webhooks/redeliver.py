from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_body import ProblemBody
from ...models.webhook_delivery_out import WebhookDeliveryOut
from ...types import Response


def _get_kwargs(
    delivery_id: UUID,
    *,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/admin/webhooks/deliveries/{delivery_id}/redeliver".format(
            delivery_id=quote(str(delivery_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemBody | WebhookDeliveryOut | None:
    if response.status_code == 200:
        response_200 = WebhookDeliveryOut.from_dict(response.json())

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
) -> Response[ProblemBody | WebhookDeliveryOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    delivery_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str,
) -> Response[ProblemBody | WebhookDeliveryOut]:
    """Redeliver

     Send a delivered or dead-lettered message again, same `webhook-id`, from a first
    attempt (audited). A delivery still pending is answered as it is; a retry with the same
    key answers the first answer and sends nothing more.

    Args:
        delivery_id (UUID):
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemBody | WebhookDeliveryOut]
    """

    kwargs = _get_kwargs(
        delivery_id=delivery_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    delivery_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str,
) -> ProblemBody | WebhookDeliveryOut | None:
    """Redeliver

     Send a delivered or dead-lettered message again, same `webhook-id`, from a first
    attempt (audited). A delivery still pending is answered as it is; a retry with the same
    key answers the first answer and sends nothing more.

    Args:
        delivery_id (UUID):
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemBody | WebhookDeliveryOut
    """

    return sync_detailed(
        delivery_id=delivery_id,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    delivery_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str,
) -> Response[ProblemBody | WebhookDeliveryOut]:
    """Redeliver

     Send a delivered or dead-lettered message again, same `webhook-id`, from a first
    attempt (audited). A delivery still pending is answered as it is; a retry with the same
    key answers the first answer and sends nothing more.

    Args:
        delivery_id (UUID):
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemBody | WebhookDeliveryOut]
    """

    kwargs = _get_kwargs(
        delivery_id=delivery_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    delivery_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str,
) -> ProblemBody | WebhookDeliveryOut | None:
    """Redeliver

     Send a delivered or dead-lettered message again, same `webhook-id`, from a first
    attempt (audited). A delivery still pending is answered as it is; a retry with the same
    key answers the first answer and sends nothing more.

    Args:
        delivery_id (UUID):
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemBody | WebhookDeliveryOut
    """

    return (
        await asyncio_detailed(
            delivery_id=delivery_id,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
