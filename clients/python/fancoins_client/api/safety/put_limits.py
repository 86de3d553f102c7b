from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.limits_in import LimitsIn
from ...models.limits_view_out import LimitsViewOut
from ...models.problem_body import ProblemBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: LimitsIn,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/me/limits",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LimitsViewOut | ProblemBody | None:
    if response.status_code == 200:
        response_200 = LimitsViewOut.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = ProblemBody.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = ProblemBody.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[LimitsViewOut | ProblemBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: LimitsIn,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[LimitsViewOut | ProblemBody]:
    """Put Limits

     Set all three limits. Lower ones apply now; any raise waits out the cooling-off (the
    whole request then applies at `pending.effective_at`). Repeating a request is harmless;
    with an Idempotency-Key a retry answers the first answer and changes nothing.

    Args:
        idempotency_key (None | str | Unset): Any string you choose. A retry with the same key and
            the same request answers the first answer, accepted or refused, whatever changed since (it
            is never decided again); the same key with a different request is a 409 idempotency-key-
            reused. Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept:
            retry those.
        body (LimitsIn): All three limits, every time: null means no limit, 0 means no spending at
            all.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LimitsViewOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: LimitsIn,
    idempotency_key: None | str | Unset = UNSET,
) -> LimitsViewOut | ProblemBody | None:
    """Put Limits

     Set all three limits. Lower ones apply now; any raise waits out the cooling-off (the
    whole request then applies at `pending.effective_at`). Repeating a request is harmless;
    with an Idempotency-Key a retry answers the first answer and changes nothing.

    Args:
        idempotency_key (None | str | Unset): Any string you choose. A retry with the same key and
            the same request answers the first answer, accepted or refused, whatever changed since (it
            is never decided again); the same key with a different request is a 409 idempotency-key-
            reused. Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept:
            retry those.
        body (LimitsIn): All three limits, every time: null means no limit, 0 means no spending at
            all.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LimitsViewOut | ProblemBody
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: LimitsIn,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[LimitsViewOut | ProblemBody]:
    """Put Limits

     Set all three limits. Lower ones apply now; any raise waits out the cooling-off (the
    whole request then applies at `pending.effective_at`). Repeating a request is harmless;
    with an Idempotency-Key a retry answers the first answer and changes nothing.

    Args:
        idempotency_key (None | str | Unset): Any string you choose. A retry with the same key and
            the same request answers the first answer, accepted or refused, whatever changed since (it
            is never decided again); the same key with a different request is a 409 idempotency-key-
            reused. Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept:
            retry those.
        body (LimitsIn): All three limits, every time: null means no limit, 0 means no spending at
            all.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LimitsViewOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: LimitsIn,
    idempotency_key: None | str | Unset = UNSET,
) -> LimitsViewOut | ProblemBody | None:
    """Put Limits

     Set all three limits. Lower ones apply now; any raise waits out the cooling-off (the
    whole request then applies at `pending.effective_at`). Repeating a request is harmless;
    with an Idempotency-Key a retry answers the first answer and changes nothing.

    Args:
        idempotency_key (None | str | Unset): Any string you choose. A retry with the same key and
            the same request answers the first answer, accepted or refused, whatever changed since (it
            is never decided again); the same key with a different request is a 409 idempotency-key-
            reused. Answers that decided nothing (bad input, authentication, 429, 5xx) are not kept:
            retry those.
        body (LimitsIn): All three limits, every time: null means no limit, 0 means no spending at
            all.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LimitsViewOut | ProblemBody
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
