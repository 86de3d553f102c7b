from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.overlay_setup_out import OverlaySetupOut
from ...models.problem_body import ProblemBody
from ...types import UNSET, Response


def _get_kwargs(
    *,
    stream_id: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["stream_id"] = stream_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/overlay/setup",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OverlaySetupOut | ProblemBody | None:
    if response.status_code == 200:
        response_200 = OverlaySetupOut.from_dict(response.json())

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
) -> Response[OverlaySetupOut | ProblemBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    stream_id: str,
) -> Response[OverlaySetupOut | ProblemBody]:
    """Overlay Setup

     What the overlay page shows, in one read with its overlay credential (not a user token
    or API key): the stream, its creator's overlay settings and the gift catalog. A credential
    reads its own creator's streams only (403 `overlay-not-for-stream`); a revoked or unknown
    one is refused (401).

    Args:
        stream_id (str): the LIVE the overlay shows

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OverlaySetupOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        stream_id=stream_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    stream_id: str,
) -> OverlaySetupOut | ProblemBody | None:
    """Overlay Setup

     What the overlay page shows, in one read with its overlay credential (not a user token
    or API key): the stream, its creator's overlay settings and the gift catalog. A credential
    reads its own creator's streams only (403 `overlay-not-for-stream`); a revoked or unknown
    one is refused (401).

    Args:
        stream_id (str): the LIVE the overlay shows

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OverlaySetupOut | ProblemBody
    """

    return sync_detailed(
        client=client,
        stream_id=stream_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    stream_id: str,
) -> Response[OverlaySetupOut | ProblemBody]:
    """Overlay Setup

     What the overlay page shows, in one read with its overlay credential (not a user token
    or API key): the stream, its creator's overlay settings and the gift catalog. A credential
    reads its own creator's streams only (403 `overlay-not-for-stream`); a revoked or unknown
    one is refused (401).

    Args:
        stream_id (str): the LIVE the overlay shows

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OverlaySetupOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        stream_id=stream_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    stream_id: str,
) -> OverlaySetupOut | ProblemBody | None:
    """Overlay Setup

     What the overlay page shows, in one read with its overlay credential (not a user token
    or API key): the stream, its creator's overlay settings and the gift catalog. A credential
    reads its own creator's streams only (403 `overlay-not-for-stream`); a revoked or unknown
    one is refused (401).

    Args:
        stream_id (str): the LIVE the overlay shows

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OverlaySetupOut | ProblemBody
    """

    return (
        await asyncio_detailed(
            client=client,
            stream_id=stream_id,
        )
    ).parsed
