"""Users, API keys and audit entries. Services flush; the caller's unit of work commits."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.identity import repository
from fancoins.journal.service import AccountSpec, journal
from fancoins.kit.errors import NotFound
from fancoins.ledger import COIN, DIAMOND, chart

API_KEY_PREFIX = "fck_"
# 32 random bytes: an API key is a bearer secret, so it must not be guessable.
API_KEY_SECRET_BYTES = 32


class UserNotFound(NotFound):
    slug = "user-not-found"
    title = "User not found"

    def __init__(self, user_id: str) -> None:
        super().__init__(f"no user {user_id!r}", user_id=user_id)
        self.user_id = user_id


@dataclass(frozen=True, slots=True)
class User:
    id: str
    display_name: str
    country: str
    birth_date: dt.date | None
    age_verified: bool
    frozen: bool
    is_creator: bool
    created_at_ms: int

    def age_years(self, today: dt.date) -> int | None:
        if self.birth_date is None:
            return None
        born = self.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def is_adult(self, today: dt.date, min_age_years: int) -> bool:
        """Adult by verified flag or by birth date."""
        age = self.age_years(today)
        return self.age_verified or (age is not None and age >= min_age_years)


@dataclass(frozen=True, slots=True)
class ApiKey:
    id: uuid.UUID
    name: str
    scopes: frozenset[str]


def _user(row: Any) -> User:
    return User(
        id=row.id, display_name=row.display_name, country=row.country, birth_date=row.birth_date,
        age_verified=row.age_verified, frozen=row.frozen, is_creator=row.is_creator,
        created_at_ms=row.created_at_ms,
    )


def wallet_accounts(user_id: str) -> list[AccountSpec]:
    return [
        AccountSpec(chart.user_coins(user_id), COIN, "coins", chart.WALLET_FLAGS, user_id),
        AccountSpec(chart.user_diamonds(user_id), DIAMOND, "diamonds", chart.WALLET_FLAGS,
                    user_id),
    ]


class UserService:
    async def upsert(self, connection: AsyncConnection, user_id: str, **fields: Any) -> User:
        """Create the user (and their wallet accounts) or update the given fields."""
        inserted = await repository.insert_user(connection, {"id": user_id, **fields})
        if inserted:
            await journal.open_accounts(connection, wallet_accounts(user_id))
        elif fields:
            await repository.update_user(connection, user_id, fields)
        return await self.get(connection, user_id)

    async def update(self, connection: AsyncConnection, user_id: str, **fields: Any) -> User:
        await self.get(connection, user_id)
        await repository.update_user(connection, user_id, fields)
        return await self.get(connection, user_id)

    async def get(self, connection: AsyncConnection, user_id: str) -> User:
        row = await repository.get_user(connection, user_id)
        if row is None:
            raise UserNotFound(user_id)
        return _user(row)

    async def find(self, connection: AsyncConnection, user_id: str) -> User | None:
        row = await repository.get_user(connection, user_id)
        return None if row is None else _user(row)

    async def get_many(self, connection: AsyncConnection, user_ids: Collection[str]
                       ) -> list[User]:
        """The users among `user_ids` that exist, read fresh (no cache: a freeze or a lost
        creator status counts from the next read on)."""
        return [User(*row) for row in await repository.get_users(connection, user_ids)]


def _hash(secret: str) -> str:
    # Keys are 256-bit random, so a plain SHA-256 is enough (no password stretching needed).
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiKeyService:
    async def create(
        self, connection: AsyncConnection, name: str, scopes: list[str]
    ) -> tuple[ApiKey, str]:
        """Returns the key and its secret token; the secret is shown once and stored hashed."""
        prefix = secrets.token_hex(6)
        token = f"{API_KEY_PREFIX}{prefix}_{secrets.token_urlsafe(API_KEY_SECRET_BYTES)}"
        key_id = await repository.insert_api_key(
            connection, name=name, prefix=prefix, secret_hash=_hash(token), scopes=sorted(scopes)
        )
        return ApiKey(key_id, name, frozenset(scopes)), token

    async def authenticate(self, connection: AsyncConnection, token: str) -> ApiKey | None:
        body = token.removeprefix(API_KEY_PREFIX)
        prefix, _, _ = body.partition("_")
        row = await repository.find_api_key(connection, prefix)
        if row is None or row.revoked or not hmac.compare_digest(row.secret_hash, _hash(token)):
            return None
        return ApiKey(row.id, row.name, frozenset(row.scopes))


class AuditService:
    async def record(
        self, connection: AsyncConnection, *, actor: str, action: str, target: str, reason: str,
        data: dict[str, Any] | None = None,
    ) -> uuid.UUID:
        return await repository.insert_audit(
            connection, actor=actor, action=action, target=target, reason=reason, data=data or {}
        )


users = UserService()
api_keys = ApiKeyService()
audit = AuditService()
