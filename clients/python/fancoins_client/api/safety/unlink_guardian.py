from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.guardian_link_in import GuardianLinkIn
from ...models.problem_body import ProblemBody
from ...models.unlink_out import UnlinkOut
from ...types import Response


def _get_kwargs(
    *,
    body: GuardianLinkIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/guardians/unlink",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemBody | UnlinkOut | None:
    if response.status_code == 200:
        response_200 = UnlinkOut.from_dict(response.json())

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
) -> Response[ProblemBody | UnlinkOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: GuardianLinkIn,
) -> Response[ProblemBody | UnlinkOut]:
    """Unlink Guardian

     The host removes a link (audited, announced). Without a guardian left, the caps go
    (the age rules and the minor's own limits still hold).

    Args:
        body (GuardianLinkIn): The host asserts that `guardian_id` is `minor_id`'s guardian (both
            users exist).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemBody | UnlinkOut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: GuardianLinkIn,
) -> ProblemBody | UnlinkOut | None:
    """Unlink Guardian

     The host removes a link (audited, announced). Without a guardian left, the caps go
    (the age rules and the minor's own limits still hold).

    Args:
        body (GuardianLinkIn): The host asserts that `guardian_id` is `minor_id`'s guardian (both
            users exist).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemBody | UnlinkOut
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: GuardianLinkIn,
) -> Response[ProblemBody | UnlinkOut]:
    """Unlink Guardian

     The host removes a link (audited, announced). Without a guardian left, the caps go
    (the age rules and the minor's own limits still hold).

    Args:
        body (GuardianLinkIn): The host asserts that `guardian_id` is `minor_id`'s guardian (both
            users exist).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemBody | UnlinkOut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: GuardianLinkIn,
) -> ProblemBody | UnlinkOut | None:
    """Unlink Guardian

     The host removes a link (audited, announced). Without a guardian left, the caps go
    (the age rules and the minor's own limits still hold).

    Args:
        body (GuardianLinkIn): The host asserts that `guardian_id` is `minor_id`'s guardian (both
            users exist).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemBody | UnlinkOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
