import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.audit_page import AuditPage
from ...models.problem_body import ProblemBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    target: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_actor: None | str | Unset
    if isinstance(actor, Unset):
        json_actor = UNSET
    else:
        json_actor = actor
    params["actor"] = json_actor

    json_action: None | str | Unset
    if isinstance(action, Unset):
        json_action = UNSET
    else:
        json_action = action
    params["action"] = json_action

    json_target: None | str | Unset
    if isinstance(target, Unset):
        json_target = UNSET
    else:
        json_target = target
    params["target"] = json_target

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.datetime):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.datetime):
        json_to = to.isoformat()
    else:
        json_to = to
    params["to"] = json_to

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    json_limit: int | None | Unset
    if isinstance(limit, Unset):
        json_limit = UNSET
    else:
        json_limit = limit
    params["limit"] = json_limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/admin/audit",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuditPage | ProblemBody | None:
    if response.status_code == 200:
        response_200 = AuditPage.from_dict(response.json())

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
) -> Response[AuditPage | ProblemBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    target: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
) -> Response[AuditPage | ProblemBody]:
    """List Audit

     The audit log, newest first: every operator action, freeze, ban, guardian link and
    grant, with who, why and its details. Filters: actor, action, target, time range
    [`from`, `to`). Read only: entries are written by the actions themselves.

    Args:
        actor (None | str | Unset):
        action (None | str | Unset):
        target (None | str | Unset): e.g. user:alice
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        cursor (None | str | Unset): next_cursor of a previous page
        limit (int | None | Unset): page size (bounded by config)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditPage | ProblemBody]
    """

    kwargs = _get_kwargs(
        actor=actor,
        action=action,
        target=target,
        from_=from_,
        to=to,
        cursor=cursor,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    target: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
) -> AuditPage | ProblemBody | None:
    """List Audit

     The audit log, newest first: every operator action, freeze, ban, guardian link and
    grant, with who, why and its details. Filters: actor, action, target, time range
    [`from`, `to`). Read only: entries are written by the actions themselves.

    Args:
        actor (None | str | Unset):
        action (None | str | Unset):
        target (None | str | Unset): e.g. user:alice
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        cursor (None | str | Unset): next_cursor of a previous page
        limit (int | None | Unset): page size (bounded by config)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditPage | ProblemBody
    """

    return sync_detailed(
        client=client,
        actor=actor,
        action=action,
        target=target,
        from_=from_,
        to=to,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    target: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
) -> Response[AuditPage | ProblemBody]:
    """List Audit

     The audit log, newest first: every operator action, freeze, ban, guardian link and
    grant, with who, why and its details. Filters: actor, action, target, time range
    [`from`, `to`). Read only: entries are written by the actions themselves.

    Args:
        actor (None | str | Unset):
        action (None | str | Unset):
        target (None | str | Unset): e.g. user:alice
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        cursor (None | str | Unset): next_cursor of a previous page
        limit (int | None | Unset): page size (bounded by config)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditPage | ProblemBody]
    """

    kwargs = _get_kwargs(
        actor=actor,
        action=action,
        target=target,
        from_=from_,
        to=to,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    target: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
) -> AuditPage | ProblemBody | None:
    """List Audit

     The audit log, newest first: every operator action, freeze, ban, guardian link and
    grant, with who, why and its details. Filters: actor, action, target, time range
    [`from`, `to`). Read only: entries are written by the actions themselves.

    Args:
        actor (None | str | Unset):
        action (None | str | Unset):
        target (None | str | Unset): e.g. user:alice
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        cursor (None | str | Unset): next_cursor of a previous page
        limit (int | None | Unset): page size (bounded by config)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditPage | ProblemBody
    """

    return (
        await asyncio_detailed(
            client=client,
            actor=actor,
            action=action,
            target=target,
            from_=from_,
            to=to,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
