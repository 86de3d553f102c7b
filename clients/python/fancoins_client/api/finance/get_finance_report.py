import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.finance_report_out import FinanceReportOut
from ...models.problem_body import ProblemBody
from ...models.report_format import ReportFormat
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    from_: datetime.date,
    to: datetime.date,
    format_: ReportFormat | Unset = UNSET,
    locale: str | Unset = "en_US",
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to = to.isoformat()
    params["to"] = json_to

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params["locale"] = locale

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/admin/reports/finance",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FinanceReportOut | ProblemBody | None:
    if response.status_code == 200:
        response_200 = FinanceReportOut.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ProblemBody.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemBody.from_dict(response.json())

        return response_403

    if response.status_code == 422:
        response_422 = ProblemBody.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = ProblemBody.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[FinanceReportOut | ProblemBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
    format_: ReportFormat | Unset = UNSET,
    locale: str | Unset = "en_US",
) -> Response[FinanceReportOut | ProblemBody]:
    """Get Finance Report

     Sales, refunds, deferred revenue, coins, diamonds and creator liability, payouts and
    the ledger's accounts for the period, with the checks that tie it to the ledger and the
    result of `verify`. Every figure is computed from ledger transfers.

    Args:
        from_ (datetime.date): First day (UTC)
        to (datetime.date): Last day, inclusive (UTC)
        format_ (ReportFormat | Unset):
        locale (str | Unset): For money in downloads (en_US, de_DE, ...) Default: 'en_US'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FinanceReportOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        format_=format_,
        locale=locale,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
    format_: ReportFormat | Unset = UNSET,
    locale: str | Unset = "en_US",
) -> FinanceReportOut | ProblemBody | None:
    """Get Finance Report

     Sales, refunds, deferred revenue, coins, diamonds and creator liability, payouts and
    the ledger's accounts for the period, with the checks that tie it to the ledger and the
    result of `verify`. Every figure is computed from ledger transfers.

    Args:
        from_ (datetime.date): First day (UTC)
        to (datetime.date): Last day, inclusive (UTC)
        format_ (ReportFormat | Unset):
        locale (str | Unset): For money in downloads (en_US, de_DE, ...) Default: 'en_US'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FinanceReportOut | ProblemBody
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
        format_=format_,
        locale=locale,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
    format_: ReportFormat | Unset = UNSET,
    locale: str | Unset = "en_US",
) -> Response[FinanceReportOut | ProblemBody]:
    """Get Finance Report

     Sales, refunds, deferred revenue, coins, diamonds and creator liability, payouts and
    the ledger's accounts for the period, with the checks that tie it to the ledger and the
    result of `verify`. Every figure is computed from ledger transfers.

    Args:
        from_ (datetime.date): First day (UTC)
        to (datetime.date): Last day, inclusive (UTC)
        format_ (ReportFormat | Unset):
        locale (str | Unset): For money in downloads (en_US, de_DE, ...) Default: 'en_US'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FinanceReportOut | ProblemBody]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        format_=format_,
        locale=locale,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
    format_: ReportFormat | Unset = UNSET,
    locale: str | Unset = "en_US",
) -> FinanceReportOut | ProblemBody | None:
    """Get Finance Report

     Sales, refunds, deferred revenue, coins, diamonds and creator liability, payouts and
    the ledger's accounts for the period, with the checks that tie it to the ledger and the
    result of `verify`. Every figure is computed from ledger transfers.

    Args:
        from_ (datetime.date): First day (UTC)
        to (datetime.date): Last day, inclusive (UTC)
        format_ (ReportFormat | Unset):
        locale (str | Unset): For money in downloads (en_US, de_DE, ...) Default: 'en_US'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FinanceReportOut | ProblemBody
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
            format_=format_,
            locale=locale,
        )
    ).parsed
