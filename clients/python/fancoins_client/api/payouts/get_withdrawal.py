from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_body import ProblemBody
from ...models.withdrawal_out import WithdrawalOut
from ...types import Response


def _get_kwargs(
    withdrawal_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/withdrawals/{withdrawal_id}".format(
            withdrawal_id=quote(str(withdrawal_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemBody | WithdrawalOut | None:
    if response.status_code == 200:
        response_200 = WithdrawalOut.from_dict(response.json())

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
) -> Response[ProblemBody | WithdrawalOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    withdrawal_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[ProblemBody | WithdrawalOut]:
    """Get Withdrawal

    Args:
        withdrawal_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemBody | WithdrawalOut]
    """

    kwargs = _get_kwargs(
        withdrawal_id=withdrawal_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    withdrawal_id: UUID,
    *,
    client: AuthenticatedClient,
) -> ProblemBody | WithdrawalOut | None:
    """Get Withdrawal

    Args:
        withdrawal_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemBody | WithdrawalOut
    """

    return sync_detailed(
        withdrawal_id=withdrawal_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    withdrawal_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[ProblemBody | WithdrawalOut]:
    """Get Withdrawal

    Args:
        withdrawal_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemBody | WithdrawalOut]
    """

    kwargs = _get_kwargs(
        withdrawal_id=withdrawal_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    withdrawal_id: UUID,
    *,
    client: AuthenticatedClient,
) -> ProblemBody | WithdrawalOut | None:
    """Get Withdrawal

    Args:
        withdrawal_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemBody | WithdrawalOut
    """

    return (
        await asyncio_detailed(
            withdrawal_id=withdrawal_id,
            client=client,
        )
    ).parsed
