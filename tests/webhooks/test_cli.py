"""`fancoins webhooks ...` on a real database, beside a serving app whose worker delivers to a
real receiver."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from standardwebhooks.webhooks import Webhook
from typer.testing import CliRunner

from fancoins.cli.common import console
from fancoins.cli.main import app
from fancoins.db.engine import read_only
from fancoins.webhooks.service import webhooks
from tests.payouts.conftest import ADULT_BIRTH_DATE
from tests.payouts.test_refund_clawback import go_live
from tests.support.api import make_user
from tests.support.webhook_receiver import webhook_receiver
from tests.webhooks.helpers import webhooks_env

TIMEOUT_S = 30.0
runner = CliRunner()


def fancoins(*args: str, database_url: str) -> str:
    """A command through the Typer app in this process: the same code as the installed command
    without ~1.6 s of imports per call (`installed` runs one for real). The console is sized
    here, not by COLUMNS alone: it is shared by every in-process command of this worker, and a
    full run once printed this list 80 columns wide, cutting the ids."""
    console.size = (300, 50)
    result = runner.invoke(app, ["webhooks", *args],
                           env={"FANCOINS_DATABASE_URL": database_url, "COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    return result.stdout


def installed(*args: str, database_url: str) -> str:
    """A command as an operator runs it: a process of its own, configured by the environment."""
    env = {**os.environ, "FANCOINS_DATABASE_URL": database_url, "COLUMNS": "300"}
    done = subprocess.run([sys.executable, "-m", "fancoins.cli", "webhooks", *args],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def refused(*args: str, database_url: str) -> str:
    result = runner.invoke(app, ["webhooks", *args],
                           env={"FANCOINS_DATABASE_URL": database_url})
    assert result.exit_code != 0
    return result.output


@pytest.mark.slow
async def test_add_list_disable_enable_rotate_redeliver(database_url: str, tmp_path: Path
                                                        ) -> None:
    cli = asyncio.to_thread
    with webhook_receiver(lambda index: 500 if index == 0 else 200) as receiver:
        async with webhooks_env(database_url, tmp_path, webhooks__attempts_max=1) as env:
            added = (await cli(installed, "add", receiver.url, "--event", "stream.started",
                               database_url=database_url)).split()
            assert added[0] == "endpoint" and added[2].startswith("whsec_")
            endpoint_id = added[1]
            assert "stream.started" in await cli(fancoins, "event-types",
                                                 database_url=database_url)
            assert "unknown" in await cli(refused, "add", receiver.url, "--event", "nope.x",
                                          database_url=database_url)
            listed = await cli(fancoins, "list", database_url=database_url)
            assert endpoint_id in listed and "enabled" in listed

            await make_user(env.app, "cara", is_creator=True, birth_date=ADULT_BIRTH_DATE)
            await go_live(env, "cara")
            engine = env.app.state.container.engine
            deadline = time.monotonic() + TIMEOUT_S
            while True:
                async with read_only(engine) as connection:
                    found = await webhooks.deliveries(connection, uuid.UUID(endpoint_id),
                                                      "dead", None, 10)
                if found:
                    break
                assert time.monotonic() < deadline
                await asyncio.sleep(0.05)
            (dead,) = found
            log = await cli(fancoins, "deliveries", endpoint_id, "--state", "dead",
                            database_url=database_url)
            assert str(dead.id) in log and "HTTP 500" in log

            assert "disabled" in await cli(fancoins, "disable", endpoint_id,
                                           database_url=database_url)
            secret = (await cli(fancoins, "rotate-secret", endpoint_id,
                                database_url=database_url)).split()[-1]
            assert "paused" in await cli(fancoins, "redeliver", str(dead.id),
                                         database_url=database_url)
            assert "enabled" in await cli(fancoins, "enable", endpoint_id,
                                          database_url=database_url)
            await cli(receiver.wait_for, lambda r: len(r) == 2, TIMEOUT_S)
            again = receiver.snapshot()[1]
            # Signed with the new secret (and the previous one, during the overlap).
            Webhook(secret).verify(again.body, again.headers)
            Webhook(added[2]).verify(again.body, again.headers)
            assert again.id == receiver.snapshot()[0].id

            await cli(fancoins, "remove", endpoint_id, database_url=database_url)
            assert endpoint_id not in await cli(fancoins, "list", database_url=database_url)
