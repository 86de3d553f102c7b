"""A running app with every provider pointed at test keys and local fakes (Apple test PKI,
Stripe fake with signed webhooks, PayPal fake with signed webhooks), a host key for
promotion deliveries, and a test clock the dataset moves through the months."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from fancoins.config import Settings
from fancoins.finance.model import FinanceReport, Period
from fancoins.finance.service import ReportOptions, finance_reports, snapshot
from fancoins.kit.clock import ManualClock, use_clock
from fancoins.payouts.paypal import paypal_config, webhook_authenticator
from fancoins.payouts.tasks import SubmitReport, submit_due
from fancoins.promotions.tasks import settle_due
from fancoins.providers.paypal import PayPalPayouts
from tests.purchases.conftest import provider_settings
from tests.support import apple_keys, paypal_fake, stripe_fake
from tests.support.api import bearer, make_api_key, make_user, running_app, user_token
from tests.support.paypal_fake import CLIENT_ID, CLIENT_SECRET, WEBHOOK_ID, PayPalFake
from tests.support.stripe_fake import StripeFake

ADULT = dt.date(1990, 5, 17)
# The economy's defaults, but a $10 minimum withdrawal so a small dataset can cash out.
MIN_WITHDRAWAL_MINOR = 1_000


def _economy_file(directory: Path) -> Path:
    from importlib import resources

    text = (resources.files("fancoins") / "defaults" / "economy.toml").read_text("utf-8")
    changed = text.replace("min_withdrawal_minor = 10000",
                           f"min_withdrawal_minor = {MIN_WITHDRAWAL_MINOR}")
    assert changed != text
    path = directory / "economy.toml"
    path.write_text(changed)
    return path


@pytest.fixture
def clock() -> Iterator[ManualClock]:
    with use_clock(ManualClock(int(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC).timestamp() * 1000))
                   ) as manual:
        assert isinstance(manual, ManualClock)
        yield manual


@dataclass
class Env:
    app: FastAPI
    client: httpx.AsyncClient
    settings: Settings
    clock: ManualClock
    paypal: PayPalFake
    payouts: PayPalPayouts
    host_key: dict[str, str]

    def auth(self, user_id: str, scope: str = "") -> dict[str, str]:
        return bearer(user_token(self.settings, user_id, scope=scope))

    def admin(self) -> dict[str, str]:
        return self.auth("finance-officer", "admin")

    def at(self, year: int, month: int, day: int, hour: int = 12) -> None:
        at_ms = int(dt.datetime(year, month, day, hour, tzinfo=dt.UTC).timestamp() * 1000)
        assert at_ms >= self.clock.now_ms(), "the dataset only moves forward"
        self.clock.set(at_ms)

    def tick(self) -> None:
        self.clock.advance(s=61)

    async def user(self, user_id: str, *, country: str = "US", creator: bool = False) -> None:
        await make_user(self.app, user_id, birth_date=ADULT, country=country,
                        is_creator=creator, age_verified=creator)

    async def post(self, path: str, body: dict[str, Any], headers: dict[str, str],
                   status: int = 200) -> dict[str, Any]:
        key = {"Idempotency-Key": f"k-{uuid.uuid4()}"}
        answer = await self.client.post(path, json=body, headers={**headers, **key})
        assert answer.status_code == status, answer.text
        self.tick()
        result: dict[str, Any] = answer.json()
        return result

    async def submit_payouts(self) -> SubmitReport:
        return await submit_due(self.app.state.container.engine, self.settings, self.payouts)

    async def settle_promotions(self) -> list[uuid.UUID]:
        return await settle_due(self.app.state.container.engine, self.settings)

    async def report(self, first: dt.date, last: dt.date) -> FinanceReport:
        async with snapshot(self.app.state.container.engine) as connection:
            return await finance_reports.report(connection, Period(first, last),
                                                ReportOptions.of(self.settings))


@pytest.fixture
def paypal() -> Iterator[PayPalFake]:
    with PayPalFake() as fake:
        yield fake
        assert fake.handler_errors == []


@pytest.fixture
def stripe_api() -> Iterator[StripeFake]:
    with StripeFake() as fake:
        yield fake
        assert fake.handler_errors == []


@pytest.fixture
def settings(database_url: str, tmp_path: Path, paypal: PayPalFake,
             stripe_api: StripeFake) -> Settings:
    apple_root = tmp_path / "apple-test-root.cer"
    apple_root.write_bytes(apple_keys.trusted_chain().root_der)
    paypal_roots = tmp_path / "paypal-roots.pem"
    paypal_roots.write_bytes(paypal_fake.trusted_pki().root_pem)
    return provider_settings(
        database_url, apple_root, tmp_path, stripe=stripe_api,
        economy_file=_economy_file(tmp_path), jobs__enabled=False,
        paypal__client_id=CLIENT_ID, paypal__client_secret=CLIENT_SECRET,
        paypal__api_base=paypal.base_url, paypal__webhook_id=WEBHOOK_ID,
        paypal__trusted_roots_file=paypal_roots,
    )


@pytest.fixture
async def env(settings: Settings, clock: ManualClock, paypal: PayPalFake) -> AsyncIterator[Env]:
    async with running_app(settings) as (app, client):
        fetch, _ = paypal_fake.cert_fetcher()
        app.state.container.paypal_webhooks = webhook_authenticator(settings, fetch_cert=fetch)
        host_key = bearer(await make_api_key(app, "promotions:write", name="ad-server"))
        async with PayPalPayouts(paypal_config(settings)) as payouts:
            yield Env(app, client, settings, clock, paypal, payouts, host_key)


def stripe_paid(session: dict[str, Any], intent: str) -> dict[str, Any]:
    return stripe_fake.event("checkout.session.completed", {
        "id": session["session_id"], "object": "checkout.session", "payment_status": "paid",
        "amount_total": session["price_minor"], "currency": session["currency"].lower(),
        "payment_intent": intent, "metadata": {"purchase_id": session["id"]},
    }, event_id=f"evt_{uuid.uuid4().hex[:12]}")
