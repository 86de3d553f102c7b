from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.battle_answer_in import BattleAnswerIn
from ...models.battle_out import BattleOut
from ...models.problem_body import ProblemBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    battle_id: str,
    *,
    body: BattleAnswerIn | None | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/battles/{battle_id}/decline".format(
            battle_id=quote(str(battle_id), safe=""),
        ),
    }

    if isinstance(body, BattleAnswerIn):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BattleOut | ProblemBody | None:
    if response.status_code == 200:
        response_200 = BattleOut.from_dict(response.json())

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
) -> Response[BattleOut | ProblemBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    battle_id: str,
    *,
    client: AuthenticatedClient,
    body: BattleAnswerIn | None | Unset = UNSET,
) -> Response[BattleOut | ProblemBody]:
    """Decline

     Decline an invitation (the inviter declining withdraws it): the battle never runs.

    Args:
        battle_id (str):
        body (BattleAnswerIn | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BattleOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        battle_id=battle_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    battle_id: str,
    *,
    client: AuthenticatedClient,
    body: BattleAnswerIn | None | Unset = UNSET,
) -> BattleOut | ProblemBody | None:
    """Decline

     Decline an invitation (the inviter declining withdraws it): the battle never runs.

    Args:
        battle_id (str):
        body (BattleAnswerIn | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BattleOut | ProblemBody
    """

    return sync_detailed(
        battle_id=battle_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    battle_id: str,
    *,
    client: AuthenticatedClient,
    body: BattleAnswerIn | None | Unset = UNSET,
) -> Response[BattleOut | ProblemBody]:
    """Decline

     Decline an invitation (the inviter declining withdraws it): the battle never runs.

    Args:
        battle_id (str):
        body (BattleAnswerIn | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BattleOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        battle_id=battle_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    battle_id: str,
    *,
    client: AuthenticatedClient,
    body: BattleAnswerIn | None | Unset = UNSET,
) -> BattleOut | ProblemBody | None:
    """Decline

     Decline an invitation (the inviter declining withdraws it): the battle never runs.

    Args:
        battle_id (str):
        body (BattleAnswerIn | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BattleOut | ProblemBody
    """

    return (
        await asyncio_detailed(
            battle_id=battle_id,
            client=client,
            body=body,
        )
    ).parsed
