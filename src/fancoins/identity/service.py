"""Users, API keys and audit entries. Writes run on the caller's unit of work, which commits.

Idempotent writes go through `journal.idempotency.idempotent`: a key's first answer (or its
first refusal) is its answer for good, whatever changed since.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
import uuid
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

import structlog
from cachetools import TTLCache
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.uow import UnitOfWork
from fancoins.identity import repository
from fancoins.identity.errors import ApiKeyNotFound, ApiKeyRevoked
from fancoins.identity.errors import UserNotFound as UserNotFound
from fancoins.identity.repository import ApiKey as ApiKey
from fancoins.identity.repository import AuditFilter as AuditFilter
from fancoins.identity.repository import AuditRow as AuditRow
from fancoins.identity.repository import User as User
from fancoins.journal import chain
from fancoins.journal.idempotency import Answer, idempotent
from fancoins.journal.service import AccountSpec, journal
from fancoins.kit.clock import MS_PER_SECOND, now_ms
from fancoins.kit.hashing import scoped_key
from fancoins.ledger import COIN, DIAMOND, chart

log = structlog.get_logger(__name__)

API_KEY_PREFIX = "fck_"
# 32 random bytes: an API key is a bearer secret, so it must not be guessable.
API_KEY_SECRET_BYTES = 32
# Keys whose last use waits to be written, per process: far above any real number of keys.
API_KEYS_TRACKED_MAX = 10_000
USER_PUT_SCOPE = "user_put"
API_KEY_CREATE_SCOPE = "api_key_create"
API_KEY_ROTATE_SCOPE = "api_key_rotate"


def wallet_accounts(user_id: str) -> list[AccountSpec]:
    return [
        AccountSpec(chart.user_coins(user_id), COIN, "coins", chart.WALLET_FLAGS, user_id),
        AccountSpec(chart.user_diamonds(user_id), DIAMOND, "diamonds", chart.WALLET_FLAGS,
                    user_id),
    ]


class UserService:
    async def put(
        self, uow: UnitOfWork, user_id: str, fields: dict[str, Any], *, actor: str,
        idempotency_key: str | None,
    ) -> Answer[User]:
        """Create or update a user (a PUT). With a key, a retry answers the first answer."""
        async def run() -> User:
            return await self.upsert(uow, user_id, **fields)

        if idempotency_key is None:
            return Answer(await run(), replayed=False)
        request = {"user_id": user_id, **fields}
        return await idempotent(uow, USER_PUT_SCOPE, scoped_key(actor, idempotency_key),
                                request, run, User)

    async def upsert(self, uow: UnitOfWork, user_id: str, **fields: Any) -> User:
        """Create the user (and their wallet accounts) or update the given fields."""
        connection = await uow.connect()
        inserted = await repository.insert_user(connection, {"id": user_id, **fields})
        if inserted:
            await journal.open_accounts(connection, wallet_accounts(user_id))
        elif fields:
            await repository.update_user(connection, user_id, fields)
        return await self.get(connection, user_id)

    async def update(self, uow: UnitOfWork, user_id: str, **fields: Any) -> User:
        """Raises `UserNotFound`."""
        connection = await uow.connect()
        await self.get(connection, user_id)
        await repository.update_user(connection, user_id, fields)
        return await self.get(connection, user_id)

    async def get(self, connection: AsyncConnection, user_id: str) -> User:
        user = await repository.get_user(connection, user_id)
        if user is None:
            raise UserNotFound(user_id)
        return user

    async def find(self, connection: AsyncConnection, user_id: str) -> User | None:
        return await repository.get_user(connection, user_id)

    async def search(self, connection: AsyncConnection, text: str, after_id: str | None,
                     limit: int) -> list[User]:
        """By id prefix or a part of the name, ordered by id (`limit` rows at most)."""
        return await repository.search_users(connection, text, after_id, limit)

    async def get_many(self, connection: AsyncConnection, user_ids: Collection[str]
                       ) -> list[User]:
        """The users among `user_ids` that exist, read fresh (no cache: a freeze or a lost
        creator status counts from the next read on)."""
        return await repository.get_users(connection, user_ids)


def _hash(secret: str) -> str:
    # Keys are 256-bit random, so a plain SHA-256 is enough (no password stretching needed).
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_token(prefix: str) -> str:
    return f"{API_KEY_PREFIX}{prefix}_{secrets.token_urlsafe(API_KEY_SECRET_BYTES)}"


@dataclass(frozen=True, slots=True)
class AuthenticatedKey:
    id: uuid.UUID
    name: str
    scopes: frozenset[str]


@dataclass(frozen=True, slots=True)
class IssuedKey:
    """A key and its secret token, shown once: a replayed answer carries no token (the secret
    is never stored, so it cannot be shown again)."""

    key: ApiKey
    token: str | None


class ApiKeyService:
    async def create(
        self, uow: UnitOfWork, *, actor: str, name: str, scopes: Sequence[str],
        idempotency_key: str | None = None, reason: str = "",
    ) -> IssuedKey:
        """A new key (audited); its secret is shown once and stored only as a hash."""
        tokens: list[str] = []

        async def run() -> ApiKey:
            connection = await uow.connect()
            prefix = secrets.token_hex(6)
            tokens.append(_new_token(prefix))
            key = await repository.insert_api_key(
                connection, name=name, prefix=prefix, secret_hash=_hash(tokens[0]),
                scopes=sorted(set(scopes)))
            await audit.record(connection, actor=actor, action="api_key.created",
                               target=f"api_key:{key.id}", reason=reason,
                               data={"name": name, "scopes": list(key.scopes)})
            return key

        return await self._issue(uow, API_KEY_CREATE_SCOPE, actor, idempotency_key,
                                 {"name": name, "scopes": sorted(set(scopes))}, run, tokens)

    async def rotate(
        self, uow: UnitOfWork, *, actor: str, key_id: uuid.UUID, reason: str, overlap_s: int,
        idempotency_key: str | None = None,
    ) -> IssuedKey:
        """A new secret for the key; the old one keeps working for `overlap_s` (a second
        rotation within that window ends the oldest secret at once). Raises
        `ApiKeyNotFound`, `ApiKeyRevoked`."""
        tokens: list[str] = []

        async def run() -> ApiKey:
            connection = await uow.connect()
            key = await self.get(connection, key_id)
            if key.revoked_at_ms is not None:
                raise ApiKeyRevoked(f"API key {key.id} was revoked")
            secrets_row = await repository.api_key_secrets(connection, key.prefix)
            if secrets_row is None:
                raise ApiKeyNotFound(str(key_id))
            tokens.append(_new_token(key.prefix))
            at_ms = now_ms()
            await repository.update_api_key(
                connection, key.id, secret_hash=_hash(tokens[0]), rotated_at_ms=at_ms,
                previous_secret_hash=secrets_row.secret_hash,
                previous_expires_at_ms=at_ms + overlap_s * MS_PER_SECOND)
            await audit.record(connection, actor=actor, action="api_key.rotated",
                               target=f"api_key:{key.id}", reason=reason,
                               data={"overlap_s": overlap_s})
            return await self.get(connection, key.id)

        return await self._issue(uow, API_KEY_ROTATE_SCOPE, actor, idempotency_key,
                                 {"key_id": str(key_id), "reason": reason}, run, tokens)

    async def _issue(
        self, uow: UnitOfWork, scope: str, actor: str, idempotency_key: str | None,
        request: dict[str, Any], run: Callable[[], Awaitable[ApiKey]], tokens: list[str],
    ) -> IssuedKey:
        if idempotency_key is None:
            return IssuedKey(await run(), tokens[0])
        answer = await idempotent(uow, scope, scoped_key(actor, idempotency_key), request, run,
                                  ApiKey)
        return IssuedKey(answer.value, None if answer.replayed else tokens[0])

    async def revoke(
        self, uow: UnitOfWork, *, actor: str, key_id: uuid.UUID, reason: str
    ) -> ApiKey:
        """Refused from its next request on. Revoking a revoked key changes nothing."""
        connection = await uow.connect()
        key = await self.get(connection, key_id)
        if key.revoked_at_ms is not None:
            return key
        await repository.update_api_key(connection, key.id, revoked=True,
                                        revoked_at_ms=now_ms())
        await audit.record(connection, actor=actor, action="api_key.revoked",
                           target=f"api_key:{key.id}", reason=reason, data={"name": key.name})
        return await self.get(connection, key.id)

    async def get(self, connection: AsyncConnection, key_id: uuid.UUID) -> ApiKey:
        key = await repository.get_api_key(connection, key_id)
        if key is None:
            raise ApiKeyNotFound(str(key_id))
        return key

    async def find(self, connection: AsyncConnection, ref: str) -> ApiKey:
        """By id or by the prefix its token shows. Raises `ApiKeyNotFound`."""
        key = await repository.find_api_key(connection, ref)
        if key is None:
            raise ApiKeyNotFound(ref)
        return key

    async def page(
        self, connection: AsyncConnection, after_id: uuid.UUID | None, limit: int
    ) -> Sequence[ApiKey]:
        return await repository.list_api_keys(connection, after_id, limit)

    async def authenticate(
        self, connection: AsyncConnection, token: str
    ) -> AuthenticatedKey | None:
        """The key `token` belongs to, if it is valid now: its current secret, or its previous
        one within the rotation's overlap window; never a revoked key."""
        prefix, _, _ = token.removeprefix(API_KEY_PREFIX).partition("_")
        row = await repository.api_key_secrets(connection, prefix)
        if row is None or row.revoked:
            return None
        digest = _hash(token)
        if not hmac.compare_digest(row.secret_hash, digest) and not (
            row.previous_secret_hash is not None and row.previous_expires_at_ms is not None
            and now_ms() < row.previous_expires_at_ms
            and hmac.compare_digest(row.previous_secret_hash, digest)
        ):
            return None
        return AuthenticatedKey(row.id, row.name, frozenset(row.scopes))

    async def record_use(self, uow: UnitOfWork, key_id: uuid.UUID, at_ms: int) -> None:
        await repository.touch_api_key(await uow.connect(), key_id, at_ms)


Work = Callable[[uuid.UUID, int], Awaitable[None]]


class KeyUsage:
    """When API keys (or overlay credentials) were last used, without a write per request: a
    key's use is written at most once per `interval_s` per process, off the request's path
    (authentication stays one indexed read). `last_used` is therefore exact to within that
    interval. `what` names the kind of key in the log."""

    def __init__(self, interval_s: float, what: str = "api_key") -> None:
        self._what = what
        self._written: TTLCache[uuid.UUID, int] = TTLCache(maxsize=API_KEYS_TRACKED_MAX,
                                                           ttl=interval_s)
        self._tasks: set[asyncio.Task[None]] = set()

    def note(self, key_id: uuid.UUID, write: Work) -> None:
        if key_id in self._written or len(self._tasks) >= API_KEYS_TRACKED_MAX:
            return
        at_ms = now_ms()
        self._written[key_id] = at_ms
        task = asyncio.create_task(self._write(write, key_id, at_ms))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _write(self, write: Work, key_id: uuid.UUID, at_ms: int) -> None:
        try:
            await write(key_id, at_ms)
        except Exception as error:  # telemetry: a lost write is retried next interval
            self._written.pop(key_id, None)
            log.warning("key_last_used_not_written", key=self._what, error=repr(error))

    async def drain(self) -> None:
        """Wait for the writes in flight (an operator's listing shows them)."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)


class AuditService:
    async def record(
        self, connection: AsyncConnection, *, actor: str, action: str, target: str, reason: str,
        data: dict[str, Any] | None = None,
    ) -> uuid.UUID:
        """Append the entry to the audit log's hash chain (the journal writes it)."""
        return await chain.record_audit(
            connection, actor=actor, action=action, target=target, reason=reason, data=data
        )

    async def page(
        self, connection: AsyncConnection, where: AuditFilter, before: uuid.UUID | None,
        limit: int,
    ) -> list[AuditRow]:
        """Entries matching `where`, newest first, continuing below `before`."""
        return await repository.audit_page(connection, where, before, limit)


users = UserService()
api_keys = ApiKeyService()
audit = AuditService()
