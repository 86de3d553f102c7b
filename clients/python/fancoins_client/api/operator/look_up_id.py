from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.lookup_out import LookupOut
from ...models.problem_body import ProblemBody
from ...types import Response


def _get_kwargs(
    found_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/admin/lookup/{found_id}".format(
            found_id=quote(str(found_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LookupOut | ProblemBody | None:
    if response.status_code == 200:
        response_200 = LookupOut.from_dict(response.json())

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
) -> Response[LookupOut | ProblemBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    found_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[LookupOut | ProblemBody]:
    """Look Up Id

     The purchase, withdrawal, promotion or ledger transfer with this id (each kind that
    has it: a purchase and the transfer booking it may share one); 404 when none has.

    Args:
        found_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LookupOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        found_id=found_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    found_id: UUID,
    *,
    client: AuthenticatedClient,
) -> LookupOut | ProblemBody | None:
    """Look Up Id

     The purchase, withdrawal, promotion or ledger transfer with this id (each kind that
    has it: a purchase and the transfer booking it may share one); 404 when none has.

    Args:
        found_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LookupOut | ProblemBody
    """

    return sync_detailed(
        found_id=found_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    found_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[LookupOut | ProblemBody]:
    """Look Up Id

     The purchase, withdrawal, promotion or ledger transfer with this id (each kind that
    has it: a purchase and the transfer booking it may share one); 404 when none has.

    Args:
        found_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LookupOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        found_id=found_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    found_id: UUID,
    *,
    client: AuthenticatedClient,
) -> LookupOut | ProblemBody | None:
    """Look Up Id

     The purchase, withdrawal, promotion or ledger transfer with this id (each kind that
    has it: a purchase and the transfer booking it may share one); 404 when none has.

    Args:
        found_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LookupOut | ProblemBody
    """

    return (
        await asyncio_detailed(
            found_id=found_id,
            client=client,
        )
    ).parsed
