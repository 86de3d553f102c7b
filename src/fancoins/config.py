"""The one typed settings object. Every knob is here, named with its unit and its reason."""

from __future__ import annotations

import enum
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from fancoins.economy.loader import load_economy
from fancoins.economy.rules import EconomyConfig, EconomyConfigError

# Values shipped in examples and defaults; a real deployment must replace every one of them.
DEV_JWT_SECRET = "development-only-secret-not-for-production"
PLACEHOLDER_SECRETS = frozenset(
    {"", "changethis", "change-me", "changeme", "secret", DEV_JWT_SECRET}
)


class Mode(enum.StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"
    TEST = "test"


class ConfigError(Exception):
    """A setting is wrong. Its message is one line naming the key and the problem."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="FANCOINS_", env_nested_delimiter="__", extra="forbid", frozen=True
    )

    mode: Mode = Mode.DEVELOPMENT
    database_url: str = "sqlite+aiosqlite:///./var/fancoins.db"
    redis_url: str | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    economy_file: Path | None = None

    # End-user tokens: HS256 with a shared secret, or RS256 keys from the host's JWKS.
    jwt_secret: SecretStr = SecretStr(DEV_JWT_SECRET)
    jwt_jwks_url: str | None = None
    jwt_algorithms: tuple[str, ...] = ("HS256",)
    jwt_issuer: str | None = None
    jwt_audience: str | None = None
    jwt_leeway_s: int = Field(default=30, ge=0, le=300)  # clock skew between host and engine

    # Pagination: a page is always bounded so no request can scan a whole table.
    page_size_default: int = Field(default=50, ge=1, le=1000)
    page_size_max: int = Field(default=500, ge=1, le=10_000)

    # Idempotency keys are client-chosen strings; bounded so they stay an index key.
    idempotency_key_max_chars: int = Field(default=200, ge=16, le=1000)

    # The database pool: a bounded number of connections per process.
    db_pool_size: int = Field(default=10, ge=1, le=200)
    db_timeout_s: float = Field(default=10.0, gt=0, le=120)

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @model_validator(mode="after")
    def _no_placeholder_secrets(self) -> Settings:
        if self.mode is Mode.PRODUCTION:
            uses_hs = any(alg.startswith("HS") for alg in self.jwt_algorithms)
            if uses_hs and self.jwt_secret.get_secret_value() in PLACEHOLDER_SECRETS:
                raise ValueError("jwt_secret: a placeholder secret is refused in production mode")
            if uses_hs and len(self.jwt_secret.get_secret_value()) < 32:
                raise ValueError("jwt_secret: must be at least 32 characters in production mode")
        if any(alg.startswith("RS") for alg in self.jwt_algorithms) and not self.jwt_jwks_url:
            raise ValueError("jwt_jwks_url: required when jwt_algorithms includes RS256")
        return self

    @cached_property
    def economy(self) -> EconomyConfig:
        return load_economy(self.economy_file)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _one_line(error: ValidationError) -> str:
    first = error.errors()[0]
    message = first["msg"].removeprefix("Value error, ")
    if not first["loc"]:
        # Model-level checks put the key they are about first: "jwt_secret: ...".
        key, _, message = message.partition(": ")
        return f"FANCOINS_{key.upper()}: {message}"
    key = "FANCOINS_" + "__".join(str(part) for part in first["loc"]).upper()
    if any(word in key for word in ("SECRET", "PASSWORD", "KEY")):
        return f"{key}: {message}"  # never echo a secret back
    return f"{key}: {message} (got {first.get('input')!r})"


def load_settings(**overrides: Any) -> Settings:
    """Read settings from the environment (and `overrides`), failing with one clear line."""
    try:
        settings = Settings(**overrides)
        settings.economy  # noqa: B018 - validated at start-up, not at first use
    except ValidationError as error:
        raise ConfigError(_one_line(error)) from None
    except EconomyConfigError as error:
        raise ConfigError(f"economy: {error}") from None
    return settings
