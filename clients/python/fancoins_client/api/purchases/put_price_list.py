from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.packages_out import PackagesOut
from ...models.price_list_in import PriceListIn
from ...models.problem_body import ProblemBody
from ...models.put_price_list_channel import PutPriceListChannel
from ...types import Response


def _get_kwargs(
    country: str,
    channel: PutPriceListChannel,
    *,
    body: PriceListIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/admin/packages/{country}/{channel}".format(
            country=quote(str(country), safe=""),
            channel=quote(str(channel), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
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
) -> Response[PackagesOut | ProblemBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    country: str,
    channel: PutPriceListChannel,
    *,
    client: AuthenticatedClient,
    body: PriceListIn,
) -> Response[PackagesOut | ProblemBody]:
    """Put Price List

     Set a country's packages and prices on a channel. Audited; past purchases keep
    the price they were bought at.

    Args:
        country (str):
        channel (PutPriceListChannel):
        body (PriceListIn): A whole price list for one country and channel (replaces the current
            one).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PackagesOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        country=country,
        channel=channel,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    country: str,
    channel: PutPriceListChannel,
    *,
    client: AuthenticatedClient,
    body: PriceListIn,
) -> PackagesOut | ProblemBody | None:
    """Put Price List

     Set a country's packages and prices on a channel. Audited; past purchases keep
    the price they were bought at.

    Args:
        country (str):
        channel (PutPriceListChannel):
        body (PriceListIn): A whole price list for one country and channel (replaces the current
            one).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PackagesOut | ProblemBody
    """

    return sync_detailed(
        country=country,
        channel=channel,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    country: str,
    channel: PutPriceListChannel,
    *,
    client: AuthenticatedClient,
    body: PriceListIn,
) -> Response[PackagesOut | ProblemBody]:
    """Put Price List

     Set a country's packages and prices on a channel. Audited; past purchases keep
    the price they were bought at.

    Args:
        country (str):
        channel (PutPriceListChannel):
        body (PriceListIn): A whole price list for one country and channel (replaces the current
            one).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PackagesOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        country=country,
        channel=channel,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    country: str,
    channel: PutPriceListChannel,
    *,
    client: AuthenticatedClient,
    body: PriceListIn,
) -> PackagesOut | ProblemBody | None:
    """Put Price List

     Set a country's packages and prices on a channel. Audited; past purchases keep
    the price they were bought at.

    Args:
        country (str):
        channel (PutPriceListChannel):
        body (PriceListIn): A whole price list for one country and channel (replaces the current
            one).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PackagesOut | ProblemBody
    """

    return (
        await asyncio_detailed(
            country=country,
            channel=channel,
            client=client,
            body=body,
        )
    ).parsed
