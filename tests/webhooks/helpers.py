"""An app with PayPal and Stripe fakes, its webhook worker running fast, and an admin client
for the webhooks API."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

from fancoins.payouts.paypal import paypal_config, webhook_authenticator
from fancoins.providers.paypal import PayPalPayouts
from tests.payouts.conftest import Env
from tests.support import paypal_fake, stripe_fake
from tests.support.api import running_app, settings_for
from tests.support.paypal_fake import CLIENT_ID, CLIENT_SECRET, WEBHOOK_ID, PayPalFake
from tests.support.stripe_fake import StripeFake
from tests.support.webhook_receiver import Received

# The worker's pace in tests: rounds back to back, a short look for other processes' work.
FAST = {"webhooks__round_ms": 10, "webhooks__poll_ms": 50}


@contextlib.asynccontextmanager
async def webhooks_env(database_url: str, tmp_path: Path, **overrides: Any
                       ) -> AsyncIterator[Env]:
    roots = tmp_path / "paypal-roots.pem"
    roots.write_bytes(paypal_fake.trusted_pki().root_pem)
    with PayPalFake() as paypal, StripeFake() as stripe:
        settings = settings_for(
            database_url, purchases__demo_checkout=False,
            paypal__client_id=CLIENT_ID, paypal__client_secret=CLIENT_SECRET,
            paypal__api_base=paypal.base_url, paypal__webhook_id=WEBHOOK_ID,
            paypal__trusted_roots_file=roots, stripe__secret_key=stripe_fake.SECRET_KEY,
            stripe__webhook_secret=stripe_fake.WEBHOOK_SECRET, stripe__api_base=stripe.base_url,
            **{**FAST, **overrides},
        )
        async with running_app(settings) as (app, client):
            app.state.container.paypal_webhooks = webhook_authenticator(
                settings, fetch_cert=paypal_fake.cert_fetcher()[0])
            async with PayPalPayouts(paypal_config(settings)) as payouts:
                yield Env(app, client, settings, paypal, payouts)


async def admin(env: Env) -> dict[str, str]:
    from fancoins.db.uow import unit
    from fancoins.identity.service import api_keys

    async with unit(env.app.state.container.engine) as uow:
        issued = await api_keys.create(uow, actor="test", name="webhooks-admin",
                                       scopes=["webhooks:write"])
    return {"Authorization": f"Bearer {issued.token}"}


async def register(env: Env, headers: dict[str, str], url: str, event_types: Sequence[str]
                   ) -> dict[str, Any]:
    answer = await env.client.post("/v1/admin/webhooks/endpoints",
                                   headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
                                   json={"url": url, "event_types": list(event_types),
                                         "description": "test receiver"})
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def types_of(received: Sequence[Received]) -> list[str]:
    return [r.json["type"] for r in received]
