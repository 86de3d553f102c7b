from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.issued_key_out import IssuedKeyOut
from ...models.problem_body import ProblemBody
from ...models.rotation_in import RotationIn
from ...types import Response


def _get_kwargs(
    key_id: UUID,
    *,
    body: RotationIn,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/admin/api-keys/{key_id}/rotate".format(
            key_id=quote(str(key_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> IssuedKeyOut | ProblemBody | None:
    if response.status_code == 200:
        response_200 = IssuedKeyOut.from_dict(response.json())

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
) -> Response[IssuedKeyOut | ProblemBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    key_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RotationIn,
    idempotency_key: str,
) -> Response[IssuedKeyOut | ProblemBody]:
    """Rotate Api Key

     A new token for the key (audited); the old one keeps working for
    `api_keys.rotation_overlap_s`, so every backend process can switch without downtime.

    Args:
        key_id (UUID):
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.
        body (RotationIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IssuedKeyOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        key_id=key_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    key_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RotationIn,
    idempotency_key: str,
) -> IssuedKeyOut | ProblemBody | None:
    """Rotate Api Key

     A new token for the key (audited); the old one keeps working for
    `api_keys.rotation_overlap_s`, so every backend process can switch without downtime.

    Args:
        key_id (UUID):
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.
        body (RotationIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IssuedKeyOut | ProblemBody
    """

    return sync_detailed(
        key_id=key_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    key_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RotationIn,
    idempotency_key: str,
) -> Response[IssuedKeyOut | ProblemBody]:
    """Rotate Api Key

     A new token for the key (audited); the old one keeps working for
    `api_keys.rotation_overlap_s`, so every backend process can switch without downtime.

    Args:
        key_id (UUID):
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.
        body (RotationIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IssuedKeyOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        key_id=key_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    key_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RotationIn,
    idempotency_key: str,
) -> IssuedKeyOut | ProblemBody | None:
    """Rotate Api Key

     A new token for the key (audited); the old one keeps working for
    `api_keys.rotation_overlap_s`, so every backend process can switch without downtime.

    Args:
        key_id (UUID):
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.
        body (RotationIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IssuedKeyOut | ProblemBody
    """

    return (
        await asyncio_detailed(
            key_id=key_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
