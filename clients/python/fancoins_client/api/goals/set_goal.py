from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.goal_in import GoalIn
from ...models.goal_out import GoalOut
from ...models.problem_body import ProblemBody
from ...types import Response


def _get_kwargs(
    stream_id: str,
    *,
    body: GoalIn,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/streams/{stream_id}/goals".format(
            stream_id=quote(str(stream_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GoalOut | ProblemBody | None:
    if response.status_code == 201:
        response_201 = GoalOut.from_dict(response.json())

        return response_201

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
) -> Response[GoalOut | ProblemBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    stream_id: str,
    *,
    client: AuthenticatedClient,
    body: GoalIn,
    idempotency_key: str,
) -> Response[GoalOut | ProblemBody]:
    """Set Goal

     Set a gift goal for a LIVE (its creator). Active at once when the LIVE has none,
    otherwise queued behind the others; viewers and the overlay see `goal.*` events.

    Args:
        stream_id (str):
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.
        body (GoalIn): A goal for a LIVE: a number of coins gifted, or of sends of one gift.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoalOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        stream_id=stream_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    stream_id: str,
    *,
    client: AuthenticatedClient,
    body: GoalIn,
    idempotency_key: str,
) -> GoalOut | ProblemBody | None:
    """Set Goal

     Set a gift goal for a LIVE (its creator). Active at once when the LIVE has none,
    otherwise queued behind the others; viewers and the overlay see `goal.*` events.

    Args:
        stream_id (str):
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.
        body (GoalIn): A goal for a LIVE: a number of coins gifted, or of sends of one gift.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoalOut | ProblemBody
    """

    return sync_detailed(
        stream_id=stream_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    stream_id: str,
    *,
    client: AuthenticatedClient,
    body: GoalIn,
    idempotency_key: str,
) -> Response[GoalOut | ProblemBody]:
    """Set Goal

     Set a gift goal for a LIVE (its creator). Active at once when the LIVE has none,
    otherwise queued behind the others; viewers and the overlay see `goal.*` events.

    Args:
        stream_id (str):
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.
        body (GoalIn): A goal for a LIVE: a number of coins gifted, or of sends of one gift.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GoalOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        stream_id=stream_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    stream_id: str,
    *,
    client: AuthenticatedClient,
    body: GoalIn,
    idempotency_key: str,
) -> GoalOut | ProblemBody | None:
    """Set Goal

     Set a gift goal for a LIVE (its creator). Active at once when the LIVE has none,
    otherwise queued behind the others; viewers and the overlay see `goal.*` events.

    Args:
        stream_id (str):
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.
        body (GoalIn): A goal for a LIVE: a number of coins gifted, or of sends of one gift.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GoalOut | ProblemBody
    """

    return (
        await asyncio_detailed(
            stream_id=stream_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
