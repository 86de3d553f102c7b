"""The SDKs under clients/ against a real server: uvicorn on 127.0.0.1, a migrated SQLite
database, an API key the test makes the way an operator would."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from fancoins.identity.scopes import Scope
from tests.conftest import fresh_sqlite_url
from tests.live.helpers import RunningServer, live_settings, server_thread
from tests.support.api import make_api_key

CLIENTS = Path(__file__).parents[2] / "clients"
# The generated package and the helpers are imported from the repository, as committed.
sys.path.insert(0, str(CLIENTS / "python"))

SDK_SCOPES = (Scope.ADMIN, Scope.USERS_READ, Scope.USERS_WRITE, Scope.GIFTS_WRITE,
              Scope.STREAMS_WRITE, Scope.PURCHASES_WRITE, Scope.LEDGER_READ)


@dataclass
class SdkServer:
    running: RunningServer
    api_key: str

    @property
    def base_url(self) -> str:
        return self.running.base_url


@pytest.fixture
def sdk_server(sqlite_template: Path, tmp_path: Path) -> Iterator[SdkServer]:
    settings = live_settings(fresh_sqlite_url(sqlite_template, tmp_path))
    with server_thread(settings) as running:
        key = running.call(make_api_key(running.app, *SDK_SCOPES, name="sdk-test"))
        yield SdkServer(running, key)
