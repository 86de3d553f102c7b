"""Property-based API test: whatever schemathesis sends, the API never answers 500 and every
answer matches the OpenAPI schema (problem+json included)."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import positive_data_acceptance

from fancoins.api.app import create_app
from fancoins.api.problems import PROBLEM_BASE
from fancoins.db.engine import create_engine
from fancoins.db.migrate import upgrade
from fancoins.demo import load_demo
from tests.support.api import settings_for, user_token
from tests.support.live_server import live_server

# The test server configures no store or payout provider.
EXPECTED_UNAVAILABLE = {PROBLEM_BASE + "provider-not-configured"}
_WORKDIR = Path(tempfile.mkdtemp(prefix="fancoins-schemathesis-"))
# settings_for puts every request limit out of the fuzzer's reach: it sends thousands of
# requests as one user from one address, and 429 would answer them before the checks it makes.
_SETTINGS = settings_for(f"sqlite+aiosqlite:///{_WORKDIR / 'api.db'}")
schema = schemathesis.openapi.from_dict(create_app(_SETTINGS).openapi())


async def _seed() -> None:
    engine = create_engine(_SETTINGS.database_url)
    try:
        await load_demo(engine)
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    upgrade(_SETTINGS.database_url)
    asyncio.run(_seed())
    with live_server(create_app(_SETTINGS)) as url:
        yield url


@schema.parametrize()
# Derandomized: the same cases every run. The test sends every case with a valid token, so a
# generated "missing Authorization" negative case is sent authorised and would be flagged as
# accepted at random; which cases are generated must not decide whether CI passes.
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
@pytest.mark.parametrize("role", ["user", "admin"])
def test_api_conforms(case: schemathesis.Case, base_url: str, role: str) -> None:
    # alice as herself (refused where only operators may go) and as an operator.
    token = user_token(_SETTINGS, "alice", scope="admin" if role == "admin" else "")
    # A schema-valid request may still be refused for what it refers to (an unknown id, a
    # spent balance, a stale cursor): that check is left out. A 503 is fine only when it says
    # a store provider is not configured here; any other 5xx fails.
    response = case.call_and_validate(
        base_url=base_url, headers={"Authorization": f"Bearer {token}"},
        excluded_checks=[positive_data_acceptance, not_a_server_error],
    )
    if response.status_code >= 500:
        assert response.status_code == 503, response.text
        assert response.json()["type"] in EXPECTED_UNAVAILABLE, response.text
