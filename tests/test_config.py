"""Settings: bad values stop the program with one line naming the key."""

from __future__ import annotations

import subprocess
import sys

import pytest

from fancoins.config import DEV_JWT_SECRET, ConfigError, Mode, load_settings


def test_defaults_are_the_embedded_development_setup() -> None:
    settings = load_settings()
    assert settings.mode is Mode.DEVELOPMENT
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.economy.gift("rose") is not None


def test_bad_port_names_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FANCOINS_PORT", "eighty")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith("FANCOINS_PORT:") and "\n" not in message


def test_unknown_database_driver() -> None:
    with pytest.raises(ConfigError, match=r"^FANCOINS_DATABASE_URL: must start with"):
        load_settings(database_url="mysql://x")


def test_placeholder_secret_refused_in_production() -> None:
    with pytest.raises(ConfigError,
                       match=r"^FANCOINS_JWT__SECRET: a placeholder secret is refused"):
        load_settings(mode="production", jwt__secret=DEV_JWT_SECRET)
    with pytest.raises(ConfigError, match="at least 32 characters"):
        load_settings(mode="production", jwt__secret="short-but-not-a-placeholder")
    ok = load_settings(mode="production", jwt__secret="x" * 40)
    assert ok.mode is Mode.PRODUCTION


def test_rs256_needs_jwks() -> None:
    with pytest.raises(ConfigError, match=r"^FANCOINS_JWT__JWKS_URL: required"):
        load_settings(jwt__algorithms=("RS256",))


def test_bad_economy_file_names_the_key(tmp_path: pytest.TempPathFactory) -> None:
    bad = tmp_path / "economy.toml"  # type: ignore[operator]
    bad.write_text("fallback_country = 5\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(economy_file=bad)
    assert str(caught.value).startswith("economy: ")
    assert "\n" not in str(caught.value)


def test_cli_prints_one_line_and_exits_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fancoins.cli", "verify"], capture_output=True, text=True,
        env={"FANCOINS_PORT": "-1", "PATH": ""}, timeout=60,
    )
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "FANCOINS_PORT" in lines[0], result.stderr


def test_velocity_money_rules_are_per_currency_from_the_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FANCOINS_SAFETY__VELOCITY_AMOUNT_MINOR_MAX", '{"USD": 5000, "JPY": 30000}')
    assert load_settings().safety.velocity_amount_minor_max == {"USD": 5000, "JPY": 30000}
    monkeypatch.setenv("FANCOINS_SAFETY__VELOCITY_AMOUNT_MINOR_MAX", '{"usd": 5000}')
    with pytest.raises(ConfigError,
                       match=r"^FANCOINS_SAFETY__VELOCITY_AMOUNT_MINOR_MAX: .*ISO 4217"):
        load_settings()
