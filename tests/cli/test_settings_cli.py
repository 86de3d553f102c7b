"""`fancoins settings`: the settings in effect by their current names, secrets masked.

(An old name is used on purpose below: settings-codemod: skip.)
"""

from __future__ import annotations

import subprocess
import sys

from fancoins.config import setting_paths


def _settings(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fancoins.cli", "settings", *args],
                          capture_output=True, text=True, env={"PATH": "", **env}, timeout=60)


def test_lists_every_setting_once_by_its_variable() -> None:
    result = _settings()
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.partition("=")[0] for line in lines] == [
        "FANCOINS_" + path.replace(".", "__").upper() for path in setting_paths()]
    assert "FANCOINS_GIFTS__QUEUE_MAX=50000" in lines
    assert "FANCOINS_JWT__ALGORITHMS=[\"HS256\"]" in lines


def test_changed_ones_under_old_or_new_names_with_secrets_masked() -> None:
    secret = "a-secret-that-must-never-be-printed-0123456789"
    # An old name (FANCOINS_GIFT_QUEUE_MAX) is read as its new one: the warning goes to
    # stderr, the listing (stdout) stays clean.
    result = _settings("--changed", FANCOINS_GIFT_QUEUE_MAX="7", FANCOINS_JWT__SECRET=secret,
                       FANCOINS_LIVE__TICK_MS="50")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "FANCOINS_JWT__SECRET=***", "FANCOINS_GIFTS__QUEUE_MAX=7", "FANCOINS_LIVE__TICK_MS=50"]
    assert "settings_old_names" in result.stderr
    assert "FANCOINS_GIFTS__QUEUE_MAX" in result.stderr
    assert secret not in result.stdout + result.stderr


def test_a_wrong_value_is_one_line_naming_the_variable() -> None:
    result = _settings(FANCOINS_GIFTS__QUEUE_MAX="0")
    assert result.returncode == 2
    assert result.stderr.startswith("configuration error: FANCOINS_GIFTS__QUEUE_MAX:")
