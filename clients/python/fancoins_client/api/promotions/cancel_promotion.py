from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cancel_in import CancelIn
from ...models.problem_body import ProblemBody
from ...models.promotion_out import PromotionOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    promotion_id: UUID,
    *,
    body: CancelIn | None | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/promotions/{promotion_id}/cancel".format(
            promotion_id=quote(str(promotion_id), safe=""),
        ),
    }

    if isinstance(body, CancelIn):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemBody | PromotionOut | None:
    if response.status_code == 200:
        response_200 = PromotionOut.from_dict(response.json())

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
) -> Response[ProblemBody | PromotionOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    promotion_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CancelIn | None | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ProblemBody | PromotionOut]:
    """Cancel Promotion

     Stop a promotion; what it has not spent goes back to the wallet. An operator (scope
    `admin`) may stop anyone's, naming the reason (audited as `promotion.canceled`).
    Repeating is harmless; with an Idempotency-Key a retry answers the first answer.

    Args:
        promotion_id (UUID):
        idempotency_key (None | str | Unset): Any string you choose. A retry with the same key and
            the same request answers the first answer, accepted or refused, whatever changed since (it
            is never decided again); the same key with a different request is a 409 idempotency-key-
            reused. Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept:
            retry those.
        body (CancelIn | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemBody | PromotionOut]
    """

    kwargs = _get_kwargs(
        promotion_id=promotion_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    promotion_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CancelIn | None | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> ProblemBody | PromotionOut | None:
    """Cancel Promotion

     Stop a promotion; what it has not spent goes back to the wallet. An operator (scope
    `admin`) may stop anyone's, naming the reason (audited as `promotion.canceled`).
    Repeating is harmless; with an Idempotency-Key a retry answers the first answer.

    Args:
        promotion_id (UUID):
        idempotency_key (None | str | Unset): Any string you choose. A retry with the same key and
            the same request answers the first answer, accepted or refused, whatever changed since (it
            is never decided again); the same key with a different request is a 409 idempotency-key-
            reused. Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept:
            retry those.
        body (CancelIn | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemBody | PromotionOut
    """

    return sync_detailed(
        promotion_id=promotion_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    promotion_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CancelIn | None | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ProblemBody | PromotionOut]:
    """Cancel Promotion

     Stop a promotion; what it has not spent goes back to the wallet. An operator (scope
    `admin`) may stop anyone's, naming the reason (audited as `promotion.canceled`).
    Repeating is harmless; with an Idempotency-Key a retry answers the first answer.

    Args:
        promotion_id (UUID):
        idempotency_key (None | str | Unset): Any string you choose. A retry with the same key and
            the same request answers the first answer, accepted or refused, whatever changed since (it
            is never decided again); the same key with a different request is a 409 idempotency-key-
            reused. Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept:
            retry those.
        body (CancelIn | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemBody | PromotionOut]
    """

    kwargs = _get_kwargs(
        promotion_id=promotion_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    promotion_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CancelIn | None | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> ProblemBody | PromotionOut | None:
    """Cancel Promotion

     Stop a promotion; what it has not spent goes back to the wallet. An operator (scope
    `admin`) may stop anyone's, naming the reason (audited as `promotion.canceled`).
    Repeating is harmless; with an Idempotency-Key a retry answers the first answer.

    Args:
        promotion_id (UUID):
        idempotency_key (None | str | Unset): Any string you choose. A retry with the same key and
            the same request answers the first answer, accepted or refused, whatever changed since (it
            is never decided again); the same key with a different request is a 409 idempotency-key-
            reused. Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept:
            retry those.
        body (CancelIn | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemBody | PromotionOut
    """

    return (
        await asyncio_detailed(
            promotion_id=promotion_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
