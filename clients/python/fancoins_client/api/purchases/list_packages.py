from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_packages_channel import ListPackagesChannel
from ...models.packages_out import PackagesOut
from ...models.problem_body import ProblemBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    channel: ListPackagesChannel,
    country: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_channel = channel.value
    params["channel"] = json_channel

    json_country: None | str | Unset
    if isinstance(country, Unset):
        json_country = UNSET
    else:
        json_country = country
    params["country"] = json_country

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/packages",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PackagesOut | ProblemBody | None:
    if response.status_code == 200:
        response_200 = PackagesOut.from_dict(response.json())

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

    if response.status_code == 413:
        response_413 = ProblemBody.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = ProblemBody.from_dict(response.json())

        return response_422

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
) -> Response[PackagesOut | ProblemBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    channel: ListPackagesChannel,
    country: None | str | Unset = UNSET,
) -> Response[PackagesOut | ProblemBody]:
    """List Packages

     Coin packages for a country and channel, priced and formatted, best value marked.
    Without `country`: the caller's own country (a user token), else the fallback country.
    A country without its own list gets the fallback country's (`fell_back` says so).

    Args:
        channel (ListPackagesChannel):
        country (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PackagesOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        channel=channel,
        country=country,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    channel: ListPackagesChannel,
    country: None | str | Unset = UNSET,
) -> PackagesOut | ProblemBody | None:
    """List Packages

     Coin packages for a country and channel, priced and formatted, best value marked.
    Without `country`: the caller's own country (a user token), else the fallback country.
    A country without its own list gets the fallback country's (`fell_back` says so).

    Args:
        channel (ListPackagesChannel):
        country (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PackagesOut | ProblemBody
    """

    return sync_detailed(
        client=client,
        channel=channel,
        country=country,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    channel: ListPackagesChannel,
    country: None | str | Unset = UNSET,
) -> Response[PackagesOut | ProblemBody]:
    """List Packages

     Coin packages for a country and channel, priced and formatted, best value marked.
    Without `country`: the caller's own country (a user token), else the fallback country.
    A country without its own list gets the fallback country's (`fell_back` says so).

    Args:
        channel (ListPackagesChannel):
        country (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PackagesOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        channel=channel,
        country=country,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    channel: ListPackagesChannel,
    country: None | str | Unset = UNSET,
) -> PackagesOut | ProblemBody | None:
    """List Packages

     Coin packages for a country and channel, priced and formatted, best value marked.
    Without `country`: the caller's own country (a user token), else the fallback country.
    A country without its own list gets the fallback country's (`fell_back` says so).

    Args:
        channel (ListPackagesChannel):
        country (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PackagesOut | ProblemBody
    """

    return (
        await asyncio_detailed(
            client=client,
            channel=channel,
            country=country,
        )
    ).parsed
