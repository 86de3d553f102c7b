"""Settings in groups, and the old flat names still accepted: one table maps each old name
to its place, an old name in use is read as its new one with one warning naming the new name,
and an old and a new name given different values is a clear error.

(This file uses the old names on purpose: settings-codemod: skip.)
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import annotated_types
import pytest
from pydantic import SecretStr
from structlog.testing import capture_logs

from fancoins.config import (
    RENAMED,
    ConfigError,
    GiftSettings,
    Settings,
    env_name,
    load_settings,
    setting_paths,
)


def _warnings(logs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [entry for entry in logs if entry["event"] == "settings_old_names"]


def _value(settings: Settings, path: str) -> Any:
    group, name = path.split(".")
    value = getattr(getattr(settings, group), name)
    return value.get_secret_value() if isinstance(value, SecretStr) else value


def _another_value(path: str) -> Any:
    """A valid value unlike the default (for numbers and switches), else the default."""
    group, name = path.split(".")
    field = type(getattr(Settings(), group)).model_fields[name]
    default = field.get_default(call_default_factory=True)
    if isinstance(default, bool):
        return not default
    if isinstance(default, int | float):
        step = 1 if isinstance(default, int) else 0.5
        upper = [m.le for m in field.metadata if isinstance(m, annotated_types.Le)]
        return default - step if upper and default + step > upper[0] else default + step
    return default.get_secret_value() if isinstance(default, SecretStr) else default


def test_every_old_name_maps_to_exactly_one_grouped_setting() -> None:
    paths = setting_paths()
    assert set(RENAMED.values()) <= {path for path in paths if "." in path}
    assert len(set(RENAMED.values())) == len(RENAMED)  # never two old names for one setting
    assert not set(RENAMED) & set(paths)  # an old name is never also a current one
    # Every flat setting there was: 171 moved into groups, 6 kept at the top.
    assert len(RENAMED) == 171
    assert [path for path in paths if "." not in path] == [
        "mode", "database_url", "redis_url", "host", "port", "economy_file"]


def test_every_old_keyword_sets_its_new_setting() -> None:
    for old, path in RENAMED.items():
        value = _another_value(path)
        with capture_logs() as logs:
            settings = Settings(**{old: value})
        assert _value(settings, path) == value, old
        assert [w["renamed"] for w in _warnings(logs)] == [{old: path.replace(".", "__")}]


def test_every_old_variable_sets_its_new_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    for old, path in RENAMED.items():
        value = _another_value(path)
        if value is None:
            continue
        text = (json.dumps(value) if isinstance(value, bool | dict | tuple | list)
                else str(value))
        with monkeypatch.context() as env:
            env.setenv(env_name(old), text)
            with capture_logs() as logs:
                settings = Settings()
        expected = tuple(value) if isinstance(value, list) else value
        assert _value(settings, path) == expected, old
        assert [w["renamed"] for w in _warnings(logs)] == [{env_name(old): env_name(path)}]


def test_new_names_in_the_environment_and_as_keywords(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FANCOINS_GIFTS__QUEUE_MAX", "7")
    monkeypatch.setenv("FANCOINS_JWT__ALGORITHMS", '["RS256"]')
    monkeypatch.setenv("FANCOINS_JWT__JWKS_URL", "https://example.test/jwks")
    with capture_logs() as logs:
        settings = load_settings(gifts__batch_size_max=300, live={"tick_ms": 50})
    assert settings.gifts.queue_max == 7 and settings.gifts.batch_size_max == 300
    assert settings.jwt.algorithms == ("RS256",) and settings.live.tick_ms == 50
    assert settings.live.coalesce_ms == 20  # the rest of a group keeps its defaults
    assert _warnings(logs) == []


def test_old_names_give_one_warning_naming_every_new_name(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FANCOINS_GIFT_QUEUE_MAX", "7")
    monkeypatch.setenv("FANCOINS_VELOCITY_AMOUNT_MINOR_MAX", '{"USD": 5000}')
    monkeypatch.setenv("FANCOINS_LIVE__TICK_MS", "50")  # old and new names mix
    with capture_logs() as logs:
        settings = load_settings(rate_limit_gifts_per_user="3/minute", gift_batch_size_max=300)
    assert settings.gifts.queue_max == 7 and settings.gifts.batch_size_max == 300
    assert settings.safety.velocity_amount_minor_max == {"USD": 5000}
    assert settings.rate_limits.gifts_per_user == "3/minute" and settings.live.tick_ms == 50
    [warning] = _warnings(logs)
    assert warning["log_level"] == "warning"
    assert warning["renamed"] == {
        "FANCOINS_GIFT_QUEUE_MAX": "FANCOINS_GIFTS__QUEUE_MAX",
        "FANCOINS_VELOCITY_AMOUNT_MINOR_MAX": "FANCOINS_SAFETY__VELOCITY_AMOUNT_MINOR_MAX",
        "rate_limit_gifts_per_user": "rate_limits__gifts_per_user",
        "gift_batch_size_max": "gifts__batch_size_max",
    }


def test_old_and_new_variables_with_different_values_are_refused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FANCOINS_GIFT_QUEUE_MAX", "7")
    monkeypatch.setenv("FANCOINS_GIFTS__QUEUE_MAX", "7")
    assert load_settings().gifts.queue_max == 7  # the same value twice is no conflict
    monkeypatch.setenv("FANCOINS_GIFTS__QUEUE_MAX", "8")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value) == (
        "FANCOINS_GIFTS__QUEUE_MAX: also set as FANCOINS_GIFT_QUEUE_MAX, its old name, to "
        "another value; keep FANCOINS_GIFTS__QUEUE_MAX only")


def test_old_and_new_keywords_with_different_values_are_refused() -> None:
    assert load_settings(gift_queue_max=7, gifts__queue_max=7).gifts.queue_max == 7
    with pytest.raises(ConfigError, match=r"^gifts__queue_max: also given as gift_queue_max "
                                          r"with another value; keep gifts__queue_max only$"):
        load_settings(gift_queue_max=7, gifts__queue_max=8)
    with pytest.raises(ConfigError, match=r"^gifts__queue_max: also given as gift_queue_max"):
        load_settings(gifts={"queue_max": 8}, gift_queue_max=7)
    with pytest.raises(ConfigError, match=r"^gifts__queue_max: also given as gift_queue_max"):
        load_settings(gifts=GiftSettings(queue_max=8), gift_queue_max=7)


def test_a_wrong_value_under_an_old_name_names_the_new_variable(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FANCOINS_GIFT_QUEUE_MAX", "many")
    with pytest.raises(ConfigError, match=r"^FANCOINS_GIFTS__QUEUE_MAX: .*'many'"):
        load_settings()
    monkeypatch.delenv("FANCOINS_GIFT_QUEUE_MAX")
    with pytest.raises(ConfigError, match=r"^FANCOINS_PURCHASES__DEMO_CHECKOUT: the demo"):
        load_settings(mode="production", jwt_secret="x" * 40, demo_checkout=True)


def test_cli_accepts_an_old_variable_and_says_its_new_name(tmp_path: Any) -> None:
    # A bad value under an old name stops the CLI with the new name; a good one only warns.
    env = {"PATH": "", "FANCOINS_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.db"}
    bad = subprocess.run([sys.executable, "-m", "fancoins.cli", "verify"], capture_output=True,
                         text=True, env={**env, "FANCOINS_DB_POOL_SIZE": "0"}, timeout=120)
    assert bad.returncode == 2
    assert "FANCOINS_DATABASE__POOL_SIZE:" in bad.stderr, bad.stderr
    good = subprocess.run([sys.executable, "-m", "fancoins.cli", "verify"], capture_output=True,
                          text=True, env={**env, "FANCOINS_DB_POOL_SIZE": "3"}, timeout=120)
    output = good.stdout + good.stderr
    assert "settings_old_names" in output and "FANCOINS_DATABASE__POOL_SIZE" in output, output
