from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.gift_batch_in import GiftBatchIn
from ...models.gift_batch_out import GiftBatchOut
from ...models.problem_body import ProblemBody
from ...types import Response


def _get_kwargs(
    *,
    body: GiftBatchIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/gifts/batch",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GiftBatchOut | ProblemBody | None:
    if response.status_code == 200:
        response_200 = GiftBatchOut.from_dict(response.json())

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

    if response.status_code == 503:
        response_503 = ProblemBody.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[GiftBatchOut | ProblemBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: GiftBatchIn,
) -> Response[GiftBatchOut | ProblemBody]:
    """Send Gifts

     Send up to `gifts.batch_items_max` gifts in one request (a host backend relaying its
    viewers' gifts, with an API key holding `gifts:write` naming each `sender_id`; a user
    token sends its own). Each gift is what `POST /v1/gifts/send` would do with its
    `idempotency_key`, answered in its own result, in request order, after its batch
    committed: the same refusals with the same problem types, the same replays, and a 503
    result (the gift may have been sent) to retry with the same key. Rate limits count every
    gift. The request itself is refused only as a whole: bad JSON, repeated keys, too many
    gifts, or no writer.

    Args:
        body (GiftBatchIn): Gifts sent in one request, each with its own key and its own answer
            (at most the
            `gifts.batch_items_max` setting).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GiftBatchOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: GiftBatchIn,
) -> GiftBatchOut | ProblemBody | None:
    """Send Gifts

     Send up to `gifts.batch_items_max` gifts in one request (a host backend relaying its
    viewers' gifts, with an API key holding `gifts:write` naming each `sender_id`; a user
    token sends its own). Each gift is what `POST /v1/gifts/send` would do with its
    `idempotency_key`, answered in its own result, in request order, after its batch
    committed: the same refusals with the same problem types, the same replays, and a 503
    result (the gift may have been sent) to retry with the same key. Rate limits count every
    gift. The request itself is refused only as a whole: bad JSON, repeated keys, too many
    gifts, or no writer.

    Args:
        body (GiftBatchIn): Gifts sent in one request, each with its own key and its own answer
            (at most the
            `gifts.batch_items_max` setting).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GiftBatchOut | ProblemBody
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: GiftBatchIn,
) -> Response[GiftBatchOut | ProblemBody]:
    """Send Gifts

     Send up to `gifts.batch_items_max` gifts in one request (a host backend relaying its
    viewers' gifts, with an API key holding `gifts:write` naming each `sender_id`; a user
    token sends its own). Each gift is what `POST /v1/gifts/send` would do with its
    `idempotency_key`, answered in its own result, in request order, after its batch
    committed: the same refusals with the same problem types, the same replays, and a 503
    result (the gift may have been sent) to retry with the same key. Rate limits count every
    gift. The request itself is refused only as a whole: bad JSON, repeated keys, too many
    gifts, or no writer.

    Args:
        body (GiftBatchIn): Gifts sent in one request, each with its own key and its own answer
            (at most the
            `gifts.batch_items_max` setting).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GiftBatchOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: GiftBatchIn,
) -> GiftBatchOut | ProblemBody | None:
    """Send Gifts

     Send up to `gifts.batch_items_max` gifts in one request (a host backend relaying its
    viewers' gifts, with an API key holding `gifts:write` naming each `sender_id`; a user
    token sends its own). Each gift is what `POST /v1/gifts/send` would do with its
    `idempotency_key`, answered in its own result, in request order, after its batch
    committed: the same refusals with the same problem types, the same replays, and a 503
    result (the gift may have been sent) to retry with the same key. Rate limits count every
    gift. The request itself is refused only as a whole: bad JSON, repeated keys, too many
    gifts, or no writer.

    Args:
        body (GiftBatchIn): Gifts sent in one request, each with its own key and its own answer
            (at most the
            `gifts.batch_items_max` setting).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GiftBatchOut | ProblemBody
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
