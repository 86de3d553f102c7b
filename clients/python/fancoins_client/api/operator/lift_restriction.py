from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.lift_in import LiftIn
from ...models.problem_body import ProblemBody
from ...models.restriction_out import RestrictionOut
from ...types import Response


def _get_kwargs(
    user_id: str,
    restriction_id: UUID,
    *,
    body: LiftIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/admin/users/{user_id}/restrictions/{restriction_id}/lift".format(
            user_id=quote(str(user_id), safe=""),
            restriction_id=quote(str(restriction_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemBody | RestrictionOut | None:
    if response.status_code == 200:
        response_200 = RestrictionOut.from_dict(response.json())

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
) -> Response[ProblemBody | RestrictionOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    user_id: str,
    restriction_id: UUID,
    *,
    client: AuthenticatedClient,
    body: LiftIn,
) -> Response[ProblemBody | RestrictionOut]:
    """Lift Restriction

     Lift a freeze or ban now, with a reason (audited, announced `user.unfrozen`). Lifting
    one no longer in force changes nothing and answers it.

    Args:
        user_id (str):
        restriction_id (UUID):
        body (LiftIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemBody | RestrictionOut]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
        restriction_id=restriction_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    user_id: str,
    restriction_id: UUID,
    *,
    client: AuthenticatedClient,
    body: LiftIn,
) -> ProblemBody | RestrictionOut | None:
    """Lift Restriction

     Lift a freeze or ban now, with a reason (audited, announced `user.unfrozen`). Lifting
    one no longer in force changes nothing and answers it.

    Args:
        user_id (str):
        restriction_id (UUID):
        body (LiftIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemBody | RestrictionOut
    """

    return sync_detailed(
        user_id=user_id,
        restriction_id=restriction_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    user_id: str,
    restriction_id: UUID,
    *,
    client: AuthenticatedClient,
    body: LiftIn,
) -> Response[ProblemBody | RestrictionOut]:
    """Lift Restriction

     Lift a freeze or ban now, with a reason (audited, announced `user.unfrozen`). Lifting
    one no longer in force changes nothing and answers it.

    Args:
        user_id (str):
        restriction_id (UUID):
        body (LiftIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemBody | RestrictionOut]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
        restriction_id=restriction_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    user_id: str,
    restriction_id: UUID,
    *,
    client: AuthenticatedClient,
    body: LiftIn,
) -> ProblemBody | RestrictionOut | None:
    """Lift Restriction

     Lift a freeze or ban now, with a reason (audited, announced `user.unfrozen`). Lifting
    one no longer in force changes nothing and answers it.

    Args:
        user_id (str):
        restriction_id (UUID):
        body (LiftIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemBody | RestrictionOut
    """

    return (
        await asyncio_detailed(
            user_id=user_id,
            restriction_id=restriction_id,
            client=client,
            body=body,
        )
    ).parsed
