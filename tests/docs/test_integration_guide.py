"""The integration guide's examples run as written against a real server: every ```sh test
block in order as one bash script (curl, jq and the fancoins CLI), then every ```python test
block in order as one Python script (the SDK under clients/python)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from fancoins.api.app import create_app
from fancoins.db.engine import create_engine, read_only
from fancoins.journal.verify import verify
from tests.conftest import fresh_sqlite_url
from tests.support.api import settings_for
from tests.support.live_server import live_server

ROOT = Path(__file__).parents[2]
GUIDE = ROOT / "docs" / "integration.md"
RUN_TIMEOUT_S = 180
BLOCK = re.compile(r"^```(sh|python) test\n(.*?)^```$", re.M | re.S)


def blocks(kind: str) -> list[str]:
    return [code for lang, code in BLOCK.findall(GUIDE.read_text()) if lang == kind]


def test_guide_has_both_kinds_of_examples_for_every_step() -> None:
    assert len(blocks("sh")) >= 7 and len(blocks("python")) >= 6


def run(command: list[str], env: dict[str, str], cwd: Path
        ) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True,
                            timeout=RUN_TIMEOUT_S)
    assert result.returncode == 0, f"{command[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result


async def test_guide_examples_run_against_a_live_server(
    sqlite_template: Path, tmp_path: Path
) -> None:
    database_url = fresh_sqlite_url(sqlite_template, tmp_path)
    settings = settings_for(database_url, purchases__demo_checkout=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FANCOINS_")}
    env.update(FANCOINS_DATABASE_URL=database_url, FANCOINS_MODE="test",
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}",
               PYTHONPATH=str(ROOT / "clients" / "python"))
    handoff = tmp_path / "handoff.env"
    shell = "set -euo pipefail\n" + "\n".join(blocks("sh")) + \
        f"\nenv | grep '^FANCOINS_' > {handoff}\n"
    (tmp_path / "guide.sh").write_text(shell)
    (tmp_path / "guide.py").write_text("\n".join(blocks("python")))
    with live_server(create_app(settings)) as base_url:
        env["FANCOINS_URL"] = base_url
        curl = run(["bash", str(tmp_path / "guide.sh")], env, tmp_path)
        exported = dict(line.split("=", 1) for line in handoff.read_text().splitlines())
        sdk = run([sys.executable, str(tmp_path / "guide.py")],
                  {**env, "FANCOINS_API_KEY": exported["FANCOINS_API_KEY"]}, tmp_path)
    assert re.search(r'"coins": 500\b', curl.stdout), curl.stdout  # the purchase landed
    assert '"status": "ended"' in curl.stdout
    assert "gift 201" in sdk.stdout and "verified gift.sent" in sdk.stdout, sdk.stdout
    engine = create_engine(database_url)
    try:
        async with read_only(engine) as connection:
            assert (await verify(connection)).ok
    finally:
        await engine.dispose()
