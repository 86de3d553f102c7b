"""GET /v1/admin/reports/finance over HTTP: admin only, clear refusals, every format."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pypdfium2
import pytest
from fastapi import FastAPI

from fancoins.db.uow import unit
from fancoins.finance.model import Period
from fancoins.finance.service import ReportOptions, finance_reports, snapshot
from fancoins.ids import new_id
from fancoins.operator.service import operator
from tests.support.api import bearer, make_user, running_app, settings_for, user_token

URL = "/v1/admin/reports/finance"
TODAY = dt.datetime.now(dt.UTC).date()
PERIOD = {"from": (TODAY - dt.timedelta(days=1)).isoformat(), "to": TODAY.isoformat()}


@pytest.fixture
async def api(database_url: str) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    settings = settings_for(database_url, jobs__enabled=False)
    async with running_app(settings) as running:
        yield running


def admin(app: FastAPI) -> dict[str, str]:
    return bearer(user_token(app.state.container.settings, "ops", scope="admin"))


def assert_problem(answer: httpx.Response, status: int, slug: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["type"] == f"urn:fancoins:problem:{slug}"


async def test_only_an_admin_may_read_the_books(
        api: tuple[FastAPI, httpx.AsyncClient]) -> None:
    app, client = api
    assert_problem(await client.get(URL, params=PERIOD), 401, "unauthenticated")
    viewer = bearer(user_token(app.state.container.settings, "ann"))
    assert_problem(await client.get(URL, params=PERIOD, headers=viewer), 403,
                   "insufficient-scope")


async def test_bad_input_is_a_clear_problem(api: tuple[FastAPI, httpx.AsyncClient]) -> None:
    app, client = api
    backwards = {"from": PERIOD["to"], "to": PERIOD["from"]}
    assert_problem(await client.get(URL, params=backwards, headers=admin(app)), 422,
                   "period-invalid")
    assert_problem(await client.get(URL, params={**PERIOD, "locale": "xx_YY"},
                                    headers=admin(app)), 422, "locale-unknown")
    assert_problem(await client.get(URL, params={**PERIOD, "format": "xlsx"},
                                    headers=admin(app)), 422, "validation-error")
    assert_problem(await client.get(URL, params={"from": "2026-02-30", "to": "2026-03-01"},
                                    headers=admin(app)), 422, "validation-error")


async def test_an_empty_ledger_ties(api: tuple[FastAPI, httpx.AsyncClient]) -> None:
    app, client = api
    answer = await client.get(URL, params=PERIOD, headers=admin(app))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["ties"] is True and body["verify"]["ok"] is True
    assert (body["sales"], body["deferred_revenue"], body["payouts"]) == ([], [], [])
    assert body["coins"]["closing"] == 0 and body["breakage"]["policy"] == "none"
    assert body["period"]["open"] is True  # the period ends tonight


async def _economy(app: FastAPI, client: httpx.AsyncClient) -> None:
    """A grant, a LIVE and a gift: enough for every section to have a line."""
    for user_id, creator in (("vic", False), ("cara", True)):
        await make_user(app, user_id, birth_date=dt.date(1990, 1, 1), is_creator=creator)
    async with unit(app.state.container.engine) as uow:
        await operator.adjust_coins(uow, actor="test", user_id="vic", amount_coins=500,
                                    reason="welcome", idempotency_key=f"g-{new_id()}")
    settings = app.state.container.settings
    stream = await client.post("/v1/streams", json={"title": "live"}, headers={
        **bearer(user_token(settings, "cara")), "Idempotency-Key": "s-1"})
    assert stream.status_code == 201, stream.text
    sent = await client.post("/v1/gifts/send", json={
        "gift_id": "rose", "count": 7, "stream_id": stream.json()["id"]},
        headers={**bearer(user_token(settings, "vic")), "Idempotency-Key": "g-1"})
    assert sent.status_code == 201, sent.text


@pytest.mark.parametrize(("output", "media_type", "starts"), [
    ("csv", "text/csv", b"section,item"), ("html", "text/html", b"<!DOCTYPE html>"),
    ("text", "text/plain", b"Finance report"), ("pdf", "application/pdf", b"%PDF-"),
])
async def test_downloads(api: tuple[FastAPI, httpx.AsyncClient], output: str,
                         media_type: str, starts: bytes) -> None:
    app, client = api
    await _economy(app, client)
    answer = await client.get(URL, params={**PERIOD, "format": output, "locale": "de_DE"},
                              headers=admin(app))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].split(";")[0] == media_type
    disposition = f'attachment; filename="finance-{PERIOD["from"]}-to-{PERIOD["to"]}.'
    assert answer.headers["content-disposition"].startswith(disposition)
    assert answer.content.startswith(starts)
    if output == "pdf":
        assert_pdf_renders_text_only(answer.content)
    if output == "csv":
        assert "coins,spent_gifts,,,coins,7,7" in answer.text
        assert "coins,granted,,,coins,500,500" in answer.text


def assert_pdf_renders_text_only(content: bytes) -> None:
    """No sales here, so no chart: the page is still a real rendering with ink on it."""
    document = pypdfium2.PdfDocument(io.BytesIO(content))
    try:
        image = document[0].render(scale=1).to_pil().convert("RGB")
    finally:
        document.close()
    pixels: list[Any] = list(image.get_flattened_data())
    inked = sum(1 for p in pixels if sum(p) < 600)
    assert image.size[0] > image.size[1] and inked > 2000


async def test_a_report_reads_one_snapshot(api: tuple[FastAPI, httpx.AsyncClient]) -> None:
    """Writes committed while a report is being made do not reach it: every sum, the lots
    and `verify` see the same transfers, so it still ties."""
    app, client = api
    await _economy(app, client)
    engine, settings = app.state.container.engine, app.state.container.settings
    period = Period(TODAY - dt.timedelta(days=1), TODAY)
    async with snapshot(engine) as connection:
        before = await finance_reports.report(connection, period, ReportOptions.of(settings))
        async with unit(engine) as writer:
            await operator.adjust_coins(writer, actor="test", user_id="vic", amount_coins=9,
                                        reason="during the report", idempotency_key="late")
        during = await finance_reports.report(connection, period, ReportOptions.of(settings))
    after = await finance_reports.for_period(engine, settings, period.first_day,
                                             period.last_day)
    assert during.ties and during.coins == before.coins
    assert during.verify.transfers == before.verify.transfers
    assert after.ties and after.coins.granted == before.coins.granted + 9


async def test_a_report_past_its_time_limit_is_a_503(database_url: str) -> None:
    settings = settings_for(database_url, jobs__enabled=False,
                            finance__report_timeout_s=0.000001)
    async with running_app(settings) as (app, client):
        answer = await client.get(URL, params=PERIOD, headers=admin(app))
    assert_problem(answer, 503, "report-timed-out")
    assert answer.headers["retry-after"] == "60"

