"""The committed SDKs are what the current API schema generates: `clients/generate.sh` is run
into a temporary folder and every generated file compared with the committed one. When this
fails, run `make clients` and commit the result."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.clients.conftest import CLIENTS
from tests.clients.test_typescript_sdk import node_ready

GENERATE_TIMEOUT_S = 300


def files_under(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


@pytest.mark.slow
def test_committed_clients_match_the_schema(tmp_path: Path) -> None:
    node_ready()
    generated = subprocess.run([str(CLIENTS / "generate.sh"), str(tmp_path)],
                               capture_output=True, text=True, timeout=GENERATE_TIMEOUT_S)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    stale = "stale: run `make clients` and commit"
    assert (tmp_path / "openapi.json").read_text() == (CLIENTS / "openapi.json").read_text(), \
        f"clients/openapi.json is {stale}"
    ts = "typescript/src/schema.d.ts"
    assert (tmp_path / ts).read_text() == (CLIENTS / ts).read_text(), f"{ts} is {stale}"
    package = "python/fancoins_client"
    fresh, committed = files_under(tmp_path / package), files_under(CLIENTS / package)
    assert sorted(fresh) == sorted(committed), f"{package}: files differ; {stale}"
    changed = [name for name in fresh if fresh[name] != committed[name]]
    assert changed == [], f"{package}: {changed} {stale}"
