"""`fancoins apikey list|revoke|rotate` on a real database, checked through the real API."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

from fancoins.kit.clock import OffsetClock, use_clock
from tests.support.api import bearer, running_app, settings_for


def fancoins(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FANCOINS_DATABASE_URL": database_url, "COLUMNS": "250"}
    return subprocess.run([sys.executable, "-m", "fancoins.cli", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


async def test_list_rotate_and_revoke(database_url: str) -> None:
    token = ok(fancoins("apikey", "create", "host-backend", "--scope", "ledger:read",
                        database_url=database_url)).strip()
    listed = ok(fancoins("apikey", "list", database_url=database_url))
    assert "host-backend" in listed and "ledger:read" in listed and "never" in listed
    key_prefix = token.split("_")[1]
    assert key_prefix in listed
    settings = settings_for(database_url)
    async with running_app(settings) as (_, client):
        assert (await client.get("/v1/accounts", headers=bearer(token))).status_code == 200
        # The CLI runs beside the serving app, whose loop keeps running meanwhile.
        rotated = ok(await asyncio.to_thread(
            fancoins, "apikey", "rotate", key_prefix, "--reason", "yearly",
            database_url=database_url)).strip().splitlines()[-1]
        assert rotated.startswith("fck_") and rotated != token
        assert (await client.get("/v1/accounts", headers=bearer(rotated))).status_code == 200
        assert (await client.get("/v1/accounts", headers=bearer(token))).status_code == 200
        with use_clock(OffsetClock()) as clock:
            clock.advance(s=settings.api_keys.rotation_overlap_s + 1)
            expired = await client.get("/v1/accounts", headers=bearer(token))
            assert expired.status_code == 401
        ok(await asyncio.to_thread(fancoins, "apikey", "revoke", key_prefix, "--reason",
                                   "decommissioned", database_url=database_url))
        refused = await client.get("/v1/accounts", headers=bearer(rotated))
        assert refused.status_code == 401
        assert refused.json()["type"].endswith(":api-key-invalid")
    listed = ok(fancoins("apikey", "list", database_url=database_url))
    assert "revoked" in listed
    unknown = fancoins("apikey", "revoke", "nosuchkey", "--reason", "x", database_url=database_url)
    assert unknown.returncode == 2 and "nosuchkey" in unknown.stderr
