from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.issued_overlay_out import IssuedOverlayOut
from ...models.overlay_credential_in import OverlayCredentialIn
from ...models.problem_body import ProblemBody
from ...types import Response


def _get_kwargs(
    *,
    body: OverlayCredentialIn,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/creator/overlay-credentials",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> IssuedOverlayOut | ProblemBody | None:
    if response.status_code == 201:
        response_201 = IssuedOverlayOut.from_dict(response.json())

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
) -> Response[IssuedOverlayOut | ProblemBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: OverlayCredentialIn,
    idempotency_key: str,
) -> Response[IssuedOverlayOut | ProblemBody]:
    """Mint Overlay Credential

     A credential for the overlay of your own LIVEs (a user token only): its token is shown
    once; it reads your streams' LIVE events and nothing else. A retry with the same
    Idempotency-Key answers the same credential without its token (never stored): if the
    first answer was lost, revoke that credential and mint another.

    Args:
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.
        body (OverlayCredentialIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IssuedOverlayOut | ProblemBody]
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
    body: OverlayCredentialIn,
    idempotency_key: str,
) -> IssuedOverlayOut | ProblemBody | None:
    """Mint Overlay Credential

     A credential for the overlay of your own LIVEs (a user token only): its token is shown
    once; it reads your streams' LIVE events and nothing else. A retry with the same
    Idempotency-Key answers the same credential without its token (never stored): if the
    first answer was lost, revoke that credential and mint another.

    Args:
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.
        body (OverlayCredentialIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IssuedOverlayOut | ProblemBody
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: OverlayCredentialIn,
    idempotency_key: str,
) -> Response[IssuedOverlayOut | ProblemBody]:
    """Mint Overlay Credential

     A credential for the overlay of your own LIVEs (a user token only): its token is shown
    once; it reads your streams' LIVE events and nothing else. A retry with the same
    Idempotency-Key answers the same credential without its token (never stored): if the
    first answer was lost, revoke that credential and mint another.

    Args:
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.
        body (OverlayCredentialIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IssuedOverlayOut | ProblemBody]
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
    body: OverlayCredentialIn,
    idempotency_key: str,
) -> IssuedOverlayOut | ProblemBody | None:
    """Mint Overlay Credential

     A credential for the overlay of your own LIVEs (a user token only): its token is shown
    once; it reads your streams' LIVE events and nothing else. A retry with the same
    Idempotency-Key answers the same credential without its token (never stored): if the
    first answer was lost, revoke that credential and mint another.

    Args:
        idempotency_key (str): Any string you choose. A retry with the same key and the same
            request answers the first answer, accepted or refused, whatever changed since (it is never
            decided again); the same key with a different request is a 409 idempotency-key-reused.
            Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept: retry
            those.
        body (OverlayCredentialIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IssuedOverlayOut | ProblemBody
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
