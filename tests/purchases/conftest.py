"""Fixtures for purchase tests: the real app on SQLite and PostgreSQL, with every provider
pointed at test keys and local fakes (Apple test PKI, Google Play fake, Stripe fake)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from fancoins.config import Settings
from fancoins.db.engine import unit_of_work
from fancoins.db.tables.ledger import ledger_accounts
from fancoins.journal.verify import verify
from fancoins.ledger import chart
from tests.support import apple_keys, google_fake, stripe_fake
from tests.support.api import bearer, make_user, running_app, settings_for, user_token
from tests.support.google_fake import GooglePlayFake
from tests.support.stripe_fake import StripeFake

ADULT = "1990-01-01"


@dataclass
class Env:
    app: FastAPI
    client: httpx.AsyncClient
    settings: Settings

    def auth(self, user_id: str) -> dict[str, str]:
        return bearer(user_token(self.settings, user_id))

    def auth_admin(self) -> dict[str, str]:
        return bearer(user_token(self.settings, "operator-1", scope="admin"))

    async def user(self, user_id: str, *, birth_date: str | None = ADULT, country: str = "US",
                   **fields: Any) -> dict[str, str]:
        import datetime as dt

        born = dt.date.fromisoformat(birth_date) if birth_date else None
        await make_user(self.app, user_id, birth_date=born, country=country, **fields)
        return self.auth(user_id)

    async def balance(self, account_id: str) -> int:
        async with self.app.state.container.engine.connect() as connection:
            row = (await connection.execute(
                select(ledger_accounts).where(ledger_accounts.c.id == account_id))).first()
        return 0 if row is None else int(row.credits_posted - row.debits_posted)

    async def coins(self, user_id: str) -> int:
        return await self.balance(chart.user_coins(user_id))

    async def verify_ok(self) -> None:
        async with unit_of_work(self.app.state.container.engine) as connection:
            report = await verify(connection)
        assert report.ok, report.findings


@pytest.fixture
def apple_root_file(tmp_path: Path) -> Path:
    path = tmp_path / "apple-test-root.cer"
    path.write_bytes(apple_keys.trusted_chain().root_der)
    return path


@pytest.fixture
def google_play() -> Iterator[GooglePlayFake]:
    with GooglePlayFake() as fake:
        yield fake
        assert fake.handler_errors == []


@pytest.fixture
def stripe_api() -> Iterator[StripeFake]:
    with StripeFake() as fake:
        yield fake
        assert fake.handler_errors == []


def provider_settings(
    database_url: str, apple_root: Path | None, tmp_path: Path,
    google: GooglePlayFake | None = None, stripe: StripeFake | None = None, **overrides: Any,
) -> Settings:
    # One test client is one address buying for dozens of users a minute: its store limits are
    # raised here (tests/api/test_rate_limits.py tests the limits themselves).
    values: dict[str, Any] = {"google__voided_poll_interval_s": 0,
                              "purchases__demo_checkout": False,
                              "rate_limits__checkout_per_address": "10000/minute",
                              "rate_limits__purchases_per_address": "10000/minute"}
    if apple_root is not None:
        values.update(
            apple__bundle_id=apple_keys.BUNDLE_ID, apple__app_apple_id=apple_keys.APP_APPLE_ID,
            apple__environment="Sandbox", apple__root_certificate_files=(apple_root,),
            apple__online_checks=False,
        )
    if google is not None:
        account_file = tmp_path / "service-account.json"
        account_file.write_text(json.dumps(google.service_account_info))
        values.update(
            google__package_name=google_fake.PACKAGE_NAME,
            google__service_account_file=account_file,
            google__api_endpoint=google.base_url, google__rtdn_audience=google_fake.PUSH_AUDIENCE,
            google__rtdn_service_account_email=google_fake.PUSH_SERVICE_ACCOUNT_EMAIL,
            google__oidc_certs_url=google.certs_url, google__timeout_s=5.0,
        )
    if stripe is not None:
        values.update(stripe__secret_key=stripe_fake.SECRET_KEY,
                      stripe__webhook_secret=stripe_fake.WEBHOOK_SECRET,
                      stripe__api_base=stripe.base_url, stripe__timeout_s=5.0)
    values.update(overrides)
    return settings_for(database_url, **values)


@pytest.fixture
async def env(
    database_url: str, apple_root_file: Path, tmp_path: Path, google_play: GooglePlayFake,
    stripe_api: StripeFake,
) -> AsyncIterator[Env]:
    settings = provider_settings(database_url, apple_root_file, tmp_path, google_play,
                                 stripe_api)
    async with running_app(settings) as (app, client):
        yield Env(app, client, settings)
