"""Overlay credentials: read-only bearer secrets for one creator's LIVE events, pasted into
streaming software (the overlay page's URL). Long-lived and revocable; they never sign in as
the creator: they read that creator's streams only, through the LIVE WebSocket and the
overlay's setup read (`GET /v1/overlay/setup`), and no other endpoint accepts one. Stored only
as a hash; every rule about them is here."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass, fields

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.tables.overlay_credentials import overlay_credentials
from fancoins.db.uow import UnitOfWork
from fancoins.identity.service import audit, users
from fancoins.ids import new_id
from fancoins.journal.idempotency import idempotent
from fancoins.kit.clock import now_ms
from fancoins.kit.errors import Conflict, Forbidden, NotFound, Unauthenticated
from fancoins.kit.hashing import scoped_key

OVERLAY_PREFIX = "fco_"
OVERLAY_MINT_SCOPE = "overlay_mint"
# 32 random bytes: a bearer secret must not be guessable; a plain SHA-256 then suffices.
SECRET_BYTES = 32
PREFIX_HEX_BYTES = 6


class OverlayCredentialNotFound(NotFound):
    slug = "overlay-credential-not-found"
    title = "Overlay credential not found"


class OverlayCredentialsFull(Conflict):
    """A creator holds as many live overlay credentials as allowed: revoke one first."""

    slug = "overlay-credentials-full"
    title = "Too many overlay credentials"


class OverlayNotForStream(Forbidden):
    """An overlay credential reads its own creator's streams only."""

    slug = "overlay-not-for-stream"
    title = "Overlay credential not for this stream"
    stored = False


class OverlayCredentialInvalid(Unauthenticated):
    """Not a live overlay credential: unknown, mistyped or revoked (or not one at all)."""

    slug = "overlay-credential-invalid"
    title = "Invalid overlay credential"


class OverlayForCreatorsOnly(Forbidden):
    slug = "overlay-for-creators-only"
    title = "Overlays are for creators"


@dataclass(frozen=True, slots=True)
class OverlayCredential:
    id: uuid.UUID
    creator_id: str
    name: str
    prefix: str
    created_at_ms: int
    last_used_at_ms: int | None
    revoked_at_ms: int | None


@dataclass(frozen=True, slots=True)
class OverlayGrant:
    """What a live overlay credential may read: its creator's streams."""

    credential_id: uuid.UUID
    creator_id: str

    def authorize_stream(self, stream_id: str, stream_creator_id: str) -> None:
        """Raises `OverlayNotForStream` unless the stream is this credential's creator's."""
        if stream_creator_id != self.creator_id:
            raise OverlayNotForStream(
                f"this overlay credential reads its creator's streams only, not {stream_id}")


@dataclass(frozen=True, slots=True)
class IssuedOverlay:
    """A credential and its secret token, shown once: only the token's hash is kept (not
    even in the idempotency key's stored answer), so a replayed answer carries no token."""

    credential: OverlayCredential
    token: str | None


_COLUMNS = [overlay_credentials.c[f.name] for f in fields(OverlayCredential)]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_overlay_token(token: str) -> bool:
    return token.startswith(OVERLAY_PREFIX)


class OverlayService:
    async def mint(self, uow: UnitOfWork, *, creator_id: str, name: str, limit: int,
                   idempotency_key: str) -> IssuedOverlay:
        """A new credential for the creator's own LIVEs (audited), once per idempotency key of
        this creator. Raises `OverlayForCreatorsOnly`, `OverlayCredentialsFull`."""
        tokens: list[str] = []

        async def run() -> OverlayCredential:
            credential, token = await self._mint(uow, creator_id=creator_id, name=name,
                                                 limit=limit)
            tokens.append(token)
            return credential

        answer = await idempotent(uow, OVERLAY_MINT_SCOPE, scoped_key(creator_id, idempotency_key),
                                  {"name": name}, run, OverlayCredential)
        return IssuedOverlay(answer.value, None if answer.replayed else tokens[0])

    async def _mint(self, uow: UnitOfWork, *, creator_id: str, name: str, limit: int
                    ) -> tuple[OverlayCredential, str]:
        connection = await uow.connect()
        creator = await users.get(connection, creator_id)
        if not creator.is_creator:
            raise OverlayForCreatorsOnly("only creators have overlays")
        o = overlay_credentials.c
        live = (await connection.execute(select(func.count()).where(
            o.creator_id == creator_id, o.revoked_at_ms.is_(None)))).scalar_one()
        if live >= limit:
            raise OverlayCredentialsFull(f"{live} overlay credentials in use; revoke one first")
        prefix = secrets.token_hex(PREFIX_HEX_BYTES)
        token = f"{OVERLAY_PREFIX}{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
        credential_id = new_id()
        await connection.execute(insert(overlay_credentials).values(
            id=credential_id, creator_id=creator_id, name=name, prefix=prefix,
            secret_hash=_hash(token), created_at_ms=now_ms(), last_used_at_ms=None,
            revoked_at_ms=None))
        await audit.record(connection, actor=f"user:{creator_id}", action="overlay.minted",
                           target=f"overlay:{credential_id}", reason=name or "overlay",
                           data={"prefix": prefix})
        return await self.get(connection, creator_id, credential_id), token

    async def get(self, connection: AsyncConnection, creator_id: str,
                  credential_id: uuid.UUID) -> OverlayCredential:
        o = overlay_credentials.c
        row = (await connection.execute(select(*_COLUMNS).where(
            o.id == credential_id, o.creator_id == creator_id))).first()
        if row is None:
            raise OverlayCredentialNotFound(f"no overlay credential {credential_id}")
        return OverlayCredential(*row)

    async def list(self, connection: AsyncConnection, creator_id: str, limit: int
                   ) -> list[OverlayCredential]:
        """The creator's credentials, newest first (revoked ones too, marked)."""
        o = overlay_credentials.c
        rows = await connection.execute(select(*_COLUMNS).where(o.creator_id == creator_id)
                                        .order_by(o.created_at_ms.desc(), o.id).limit(limit))
        return [OverlayCredential(*row) for row in rows]

    async def revoke(self, uow: UnitOfWork, *, creator_id: str, credential_id: uuid.UUID
                     ) -> OverlayCredential:
        """Refused from its next connection on. Revoking twice changes nothing."""
        connection = await uow.connect()
        found = await self.get(connection, creator_id, credential_id)
        if found.revoked_at_ms is None:
            await connection.execute(update(overlay_credentials).where(
                overlay_credentials.c.id == credential_id).values(revoked_at_ms=now_ms()))
            await audit.record(connection, actor=f"user:{creator_id}", action="overlay.revoked",
                               target=f"overlay:{credential_id}", reason="revoked", data={})
        return await self.get(connection, creator_id, credential_id)

    async def authenticate(self, connection: AsyncConnection, token: str) -> OverlayGrant:
        """What `token` may read, if it is a live credential. Raises
        `OverlayCredentialInvalid` (401) for anything else, a user token or API key too."""
        if not is_overlay_token(token):
            raise OverlayCredentialInvalid("send an overlay credential (fco_...)")
        prefix, _, _ = token.removeprefix(OVERLAY_PREFIX).partition("_")
        o = overlay_credentials.c
        row = (await connection.execute(select(o.id, o.creator_id, o.secret_hash,
                                               o.revoked_at_ms).where(o.prefix == prefix))
               ).first()
        if row is None or row.revoked_at_ms is not None or not hmac.compare_digest(
                row.secret_hash, _hash(token)):
            raise OverlayCredentialInvalid("unknown or revoked overlay credential")
        return OverlayGrant(row.id, str(row.creator_id))

    async def record_use(self, uow: UnitOfWork, credential_id: uuid.UUID, at_ms: int) -> None:
        """When it was last used (the creator's listing shows it); never moves backwards."""
        o = overlay_credentials.c
        await (await uow.connect()).execute(update(overlay_credentials).where(
            o.id == credential_id,
            (o.last_used_at_ms.is_(None)) | (o.last_used_at_ms < at_ms),
        ).values(last_used_at_ms=at_ms))

overlays = OverlayService()
