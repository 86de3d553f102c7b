from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.overlay_settings_in import OverlaySettingsIn
from ...models.overlay_settings_out import OverlaySettingsOut
from ...models.problem_body import ProblemBody
from ...types import Response


def _get_kwargs(
    creator_id: str,
    *,
    body: OverlaySettingsIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/creators/{creator_id}/overlay-settings".format(
            creator_id=quote(str(creator_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OverlaySettingsOut | ProblemBody | None:
    if response.status_code == 200:
        response_200 = OverlaySettingsOut.from_dict(response.json())

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
) -> Response[OverlaySettingsOut | ProblemBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    creator_id: str,
    *,
    client: AuthenticatedClient,
    body: OverlaySettingsIn,
) -> Response[OverlaySettingsOut | ProblemBody]:
    """Put Overlay Settings

     Choose the overlay's widgets, the smallest gift that raises an alert, and where it
    sits on the screen.

    Args:
        creator_id (str):
        body (OverlaySettingsIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OverlaySettingsOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        creator_id=creator_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    creator_id: str,
    *,
    client: AuthenticatedClient,
    body: OverlaySettingsIn,
) -> OverlaySettingsOut | ProblemBody | None:
    """Put Overlay Settings

     Choose the overlay's widgets, the smallest gift that raises an alert, and where it
    sits on the screen.

    Args:
        creator_id (str):
        body (OverlaySettingsIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OverlaySettingsOut | ProblemBody
    """

    return sync_detailed(
        creator_id=creator_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    creator_id: str,
    *,
    client: AuthenticatedClient,
    body: OverlaySettingsIn,
) -> Response[OverlaySettingsOut | ProblemBody]:
    """Put Overlay Settings

     Choose the overlay's widgets, the smallest gift that raises an alert, and where it
    sits on the screen.

    Args:
        creator_id (str):
        body (OverlaySettingsIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OverlaySettingsOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        creator_id=creator_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    creator_id: str,
    *,
    client: AuthenticatedClient,
    body: OverlaySettingsIn,
) -> OverlaySettingsOut | ProblemBody | None:
    """Put Overlay Settings

     Choose the overlay's widgets, the smallest gift that raises an alert, and where it
    sits on the screen.

    Args:
        creator_id (str):
        body (OverlaySettingsIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OverlaySettingsOut | ProblemBody
    """

    return (
        await asyncio_detailed(
            creator_id=creator_id,
            client=client,
            body=body,
        )
    ).parsed
