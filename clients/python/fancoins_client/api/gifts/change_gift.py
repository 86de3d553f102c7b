from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.gift_out import GiftOut
from ...models.gift_patch import GiftPatch
from ...models.problem_body import ProblemBody
from ...types import Response


def _get_kwargs(
    gift_id: str,
    *,
    body: GiftPatch,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/admin/gifts/{gift_id}".format(
            gift_id=quote(str(gift_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GiftOut | ProblemBody | None:
    if response.status_code == 200:
        response_200 = GiftOut.from_dict(response.json())

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
) -> Response[GiftOut | ProblemBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    gift_id: str,
    *,
    client: AuthenticatedClient,
    body: GiftPatch,
) -> Response[GiftOut | ProblemBody]:
    """Change Gift

     Change or retire (`active: false`) a gift. Gifts already sent keep their price.

    Args:
        gift_id (str):
        body (GiftPatch): Only the fields sent change; `active: false` retires the gift.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GiftOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        gift_id=gift_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    gift_id: str,
    *,
    client: AuthenticatedClient,
    body: GiftPatch,
) -> GiftOut | ProblemBody | None:
    """Change Gift

     Change or retire (`active: false`) a gift. Gifts already sent keep their price.

    Args:
        gift_id (str):
        body (GiftPatch): Only the fields sent change; `active: false` retires the gift.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GiftOut | ProblemBody
    """

    return sync_detailed(
        gift_id=gift_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    gift_id: str,
    *,
    client: AuthenticatedClient,
    body: GiftPatch,
) -> Response[GiftOut | ProblemBody]:
    """Change Gift

     Change or retire (`active: false`) a gift. Gifts already sent keep their price.

    Args:
        gift_id (str):
        body (GiftPatch): Only the fields sent change; `active: false` retires the gift.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GiftOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        gift_id=gift_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    gift_id: str,
    *,
    client: AuthenticatedClient,
    body: GiftPatch,
) -> GiftOut | ProblemBody | None:
    """Change Gift

     Change or retire (`active: false`) a gift. Gifts already sent keep their price.

    Args:
        gift_id (str):
        body (GiftPatch): Only the fields sent change; `active: false` retires the gift.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GiftOut | ProblemBody
    """

    return (
        await asyncio_detailed(
            gift_id=gift_id,
            client=client,
            body=body,
        )
    ).parsed
