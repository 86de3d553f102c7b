from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_body import ProblemBody
from ...models.reset_price_list_channel import ResetPriceListChannel
from ...types import UNSET, Response


def _get_kwargs(
    country: str,
    channel: ResetPriceListChannel,
    *,
    reason: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["reason"] = reason

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/admin/packages/{country}/{channel}".format(
            country=quote(str(country), safe=""),
            channel=quote(str(channel), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ProblemBody | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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
) -> Response[Any | ProblemBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    country: str,
    channel: ResetPriceListChannel,
    *,
    client: AuthenticatedClient,
    reason: str,
) -> Response[Any | ProblemBody]:
    """Reset Price List

     Drop the operator's list: the economy file's list (or the fallback) applies again.

    Args:
        country (str):
        channel (ResetPriceListChannel):
        reason (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemBody]
    """

    kwargs = _get_kwargs(
        country=country,
        channel=channel,
        reason=reason,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    country: str,
    channel: ResetPriceListChannel,
    *,
    client: AuthenticatedClient,
    reason: str,
) -> Any | ProblemBody | None:
    """Reset Price List

     Drop the operator's list: the economy file's list (or the fallback) applies again.

    Args:
        country (str):
        channel (ResetPriceListChannel):
        reason (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemBody
    """

    return sync_detailed(
        country=country,
        channel=channel,
        client=client,
        reason=reason,
    ).parsed


async def asyncio_detailed(
    country: str,
    channel: ResetPriceListChannel,
    *,
    client: AuthenticatedClient,
    reason: str,
) -> Response[Any | ProblemBody]:
    """Reset Price List

     Drop the operator's list: the economy file's list (or the fallback) applies again.

    Args:
        country (str):
        channel (ResetPriceListChannel):
        reason (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemBody]
    """

    kwargs = _get_kwargs(
        country=country,
        channel=channel,
        reason=reason,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    country: str,
    channel: ResetPriceListChannel,
    *,
    client: AuthenticatedClient,
    reason: str,
) -> Any | ProblemBody | None:
    """Reset Price List

     Drop the operator's list: the economy file's list (or the fallback) applies again.

    Args:
        country (str):
        channel (ResetPriceListChannel):
        reason (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemBody
    """

    return (
        await asyncio_detailed(
            country=country,
            channel=channel,
            client=client,
            reason=reason,
        )
    ).parsed
