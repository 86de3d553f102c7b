from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.battle_in import BattleIn
from ...models.battle_out import BattleOut
from ...models.problem_body import ProblemBody
from ...types import Response


def _get_kwargs(
    *,
    body: BattleIn,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/battles",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BattleOut | ProblemBody | None:
    if response.status_code == 201:
        response_201 = BattleOut.from_dict(response.json())

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
) -> Response[BattleOut | ProblemBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: BattleIn,
    idempotency_key: str,
) -> Response[BattleOut | ProblemBody]:
    """Invite

     Invite LIVE creators to a battle (a LIVE match). It starts when every invitee has
    accepted and runs `duration_s`; every gift to a side's creators adds its coins to the
    side's score; both streams' viewers see `battle.*` events.

    Args:
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.
        body (BattleIn): Invite creators to a LIVE match: you and `teammates` (side a) against
            `opponents`
            (side b), at most four creators, every one of them LIVE.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BattleOut | ProblemBody]
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
    body: BattleIn,
    idempotency_key: str,
) -> BattleOut | ProblemBody | None:
    """Invite

     Invite LIVE creators to a battle (a LIVE match). It starts when every invitee has
    accepted and runs `duration_s`; every gift to a side's creators adds its coins to the
    side's score; both streams' viewers see `battle.*` events.

    Args:
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.
        body (BattleIn): Invite creators to a LIVE match: you and `teammates` (side a) against
            `opponents`
            (side b), at most four creators, every one of them LIVE.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BattleOut | ProblemBody
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: BattleIn,
    idempotency_key: str,
) -> Response[BattleOut | ProblemBody]:
    """Invite

     Invite LIVE creators to a battle (a LIVE match). It starts when every invitee has
    accepted and runs `duration_s`; every gift to a side's creators adds its coins to the
    side's score; both streams' viewers see `battle.*` events.

    Args:
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.
        body (BattleIn): Invite creators to a LIVE match: you and `teammates` (side a) against
            `opponents`
            (side b), at most four creators, every one of them LIVE.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BattleOut | ProblemBody]
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
    body: BattleIn,
    idempotency_key: str,
) -> BattleOut | ProblemBody | None:
    """Invite

     Invite LIVE creators to a battle (a LIVE match). It starts when every invitee has
    accepted and runs `duration_s`; every gift to a side's creators adds its coins to the
    side's score; both streams' viewers see `battle.*` events.

    Args:
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.
        body (BattleIn): Invite creators to a LIVE match: you and `teammates` (side a) against
            `opponents`
            (side b), at most four creators, every one of them LIVE.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BattleOut | ProblemBody
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
