"""Freezes (scope "all") and transaction bans (gifting, buying, payouts, promotions), each with
a reason and an optional expiry; every change audited and announced.

A restriction is in force while it is not lifted and its expiry (if any) is still ahead, read
from the clock: it stops applying the moment it lapses, whoever checks. The expiry job then
marks it lifted and announces it (`user.unfrozen`), so the host hears of it too.

The users table's `frozen` flag mirrors "a freeze is on" for readers that only know it; every
decision reads the restrictions themselves.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass, fields

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db import outbox
from fancoins.db.uow import UnitOfWork
from fancoins.economy.age import AgeAction
from fancoins.economy.restrictions import RestrictionScope, blocks
from fancoins.identity.errors import ReasonRequired
from fancoins.identity.service import audit, users
from fancoins.ids import new_id
from fancoins.journal.idempotency import Answer, idempotent
from fancoins.kit.clock import iso, now_ms
from fancoins.kit.errors import InvalidRequest
from fancoins.kit.hashing import scoped_key
from fancoins.safety import repository
from fancoins.safety.errors import AccountFrozen, RestrictionNotFound
from fancoins.safety.events import UserFrozen, UserRestricted, UserUnfrozen
from fancoins.safety.repository import RestrictionRow

ADD_SCOPE = "restriction_add"
OPERATOR = "operator"
EXPIRY_ACTOR = "system:expiry"
EXPIRED_REASON = "expired"
# Restrictions listed in a user's history (newest first); older ones stay in the audit log.
HISTORY_MAX = 100

# The audit log's actions, by scope: a freeze is "user.frozen", a ban "user.restricted".
_ADDED = {RestrictionScope.ALL: "user.frozen"}
_LIFTED = {RestrictionScope.ALL: "user.unfrozen"}


class RestrictionUntilPast(InvalidRequest):
    slug = "restriction-until-past"
    title = "Expiry in the past"


@dataclass(frozen=True, slots=True)
class Restriction(RestrictionRow):
    """A freeze or ban as the API shows it (`from_attributes`): its row, and its state at the
    moment it was read."""

    state: str  # in_force | lifted | expired

    def sentence(self) -> str:
        """"restricted until … because …", in the words the user reads."""
        what = "frozen" if self.scope == RestrictionScope.ALL else f"banned from {self.scope}"
        until = f" until {iso(self.until_ms)}" if self.until_ms is not None else ""
        return f"{what}{until} because {self.reason}"


def _state(row: RestrictionRow, at_ms: int) -> str:
    if row.lifted_at_ms is not None:
        return "expired" if row.lifted_by == EXPIRY_ACTOR else "lifted"
    if row.until_ms is not None and row.until_ms <= at_ms:
        return "expired"
    return "in_force"


def restriction_of(row: RestrictionRow, at_ms: int) -> Restriction:
    return Restriction(**{f.name: getattr(row, f.name) for f in fields(RestrictionRow)},
                       state=_state(row, at_ms))


def refusal_for(restriction: Restriction, action: AgeAction) -> AccountFrozen:
    """The refusal a restriction gives an action it blocks, saying until when and why."""
    return AccountFrozen(
        f"the account is {restriction.sentence()}", scope=restriction.scope,
        until=iso(restriction.until_ms), reason=restriction.reason, action=action.value)


class RestrictionService:
    async def restrict(
        self, uow: UnitOfWork, *, user_id: str, scope: RestrictionScope, reason: str,
        until_ms: int | None, actor: str, source: str = OPERATOR,
        idempotency_key: str | None = None,
    ) -> Answer[Restriction]:
        """Freeze (`scope` all) or ban a user, with a reason and an optional expiry (audited,
        announced). With a key, a retry answers the first answer. Raises `ReasonRequired`,
        `RestrictionUntilPast`, `UserNotFound`."""
        if not reason.strip():
            raise ReasonRequired("a freeze or ban needs a reason")
        at_ms = now_ms()
        if until_ms is not None and until_ms <= at_ms:
            raise RestrictionUntilPast("the expiry must be in the future (omit it for none)")

        async def run() -> Restriction:
            return await self._add(uow, user_id, scope, reason, until_ms, actor, source)

        if idempotency_key is None:
            return Answer(await run(), replayed=False)
        request = {"user_id": user_id, "scope": scope.value, "reason": reason,
                   "until_ms": until_ms}
        return await idempotent(uow, ADD_SCOPE, scoped_key(actor, idempotency_key), request,
                                run, Restriction)

    async def _add(
        self, uow: UnitOfWork, user_id: str, scope: RestrictionScope, reason: str,
        until_ms: int | None, actor: str, source: str,
    ) -> Restriction:
        connection = await uow.connect()
        restriction, event = await self._insert(connection, user_id, scope, reason, until_ms,
                                                actor, source)
        if scope is RestrictionScope.ALL:
            await users.update(uow, user_id, frozen=True)
        uow.emit(event)
        return restriction

    async def ban_within(
        self, connection: AsyncConnection, *, user_id: str, scope: RestrictionScope,
        reason: str, until_ms: int | None, actor: str, source: str,
    ) -> Restriction:
        """A ban decided by a rule inside another domain's transaction (which holds a bare
        connection, not a unit): audited, its `user.restricted` event written to the outbox
        in that transaction. A freeze needs a unit (`restrict`)."""
        if scope is RestrictionScope.ALL:
            raise ValueError("a freeze is made through a unit of work (restrict)")
        restriction, event = await self._insert(connection, user_id, scope, reason, until_ms,
                                                actor, source)
        await outbox.record(connection, [event])
        return restriction

    async def _insert(
        self, connection: AsyncConnection, user_id: str, scope: RestrictionScope, reason: str,
        until_ms: int | None, actor: str, source: str,
    ) -> tuple[Restriction, UserFrozen | UserRestricted]:
        await users.get(connection, user_id)
        at_ms = now_ms()
        row = RestrictionRow(new_id(), user_id, scope.value, reason, source, actor, at_ms,
                             until_ms, None, None, None)
        await repository.insert_restriction(connection, row)
        await audit.record(connection, actor=actor, action=_ADDED.get(scope, "user.restricted"),
                           target=f"user:{user_id}", reason=reason,
                           data={"restriction_id": str(row.id), "scope": scope.value,
                                 "until": iso(until_ms), "source": source})
        event: UserFrozen | UserRestricted
        if scope is RestrictionScope.ALL:
            event = UserFrozen(user_id, str(row.id), reason, until_ms, actor)
        else:
            event = UserRestricted(user_id, str(row.id), scope.value, reason, until_ms, actor)
        return restriction_of(row, at_ms), event

    async def lift(
        self, uow: UnitOfWork, *, restriction_id: uuid.UUID, actor: str, reason: str,
        user_id: str | None = None,
    ) -> Restriction:
        """Lift a restriction now (audited, announced). Lifting one that is no longer in force
        answers it and changes nothing. Raises `RestrictionNotFound` (also when `user_id` is
        given and it is someone else's), `ReasonRequired`."""
        if not reason.strip():
            raise ReasonRequired("lifting a freeze or ban needs a reason")
        connection = await uow.connect()
        row = await repository.get_restriction(connection, restriction_id, lock=True)
        if row is None or (user_id is not None and row.user_id != user_id):
            raise RestrictionNotFound(f"no restriction {restriction_id}")
        at_ms = now_ms()
        if await repository.lift_restriction(connection, row.id, at_ms, actor, reason):
            await self._lifted(uow, row, actor, reason, expired=False)
        found = await repository.get_restriction(connection, row.id)
        return restriction_of(found or row, at_ms)

    async def lift_scope(
        self, uow: UnitOfWork, *, user_id: str, scope: RestrictionScope, actor: str, reason: str,
    ) -> list[Restriction]:
        """Lift every restriction of `scope` in force on the user (unfreezing lifts every
        freeze); audited once."""
        if not reason.strip():
            raise ReasonRequired("lifting a freeze or ban needs a reason")
        connection = await uow.connect()
        await users.get(connection, user_id)
        at_ms = now_ms()
        lifted: list[RestrictionRow] = []
        for row in await repository.restrictions_in_force(connection, user_id, at_ms):
            if row.scope == scope and await repository.lift_restriction(
                    connection, row.id, at_ms, actor, reason):
                lifted.append(row)
                uow.emit(UserUnfrozen(user_id, str(row.id), row.scope, False, actor))
        await self._mirror_frozen(uow, user_id)
        await audit.record(connection, actor=actor, action=_LIFTED.get(scope, "user.unrestricted"),
                           target=f"user:{user_id}", reason=reason,
                           data={"scope": scope.value, "lifted": [str(r.id) for r in lifted]})
        return [restriction_of(r, at_ms) for r in lifted]

    async def _lifted(self, uow: UnitOfWork, row: RestrictionRow, actor: str, reason: str, *,
                      expired: bool) -> None:
        connection = await uow.connect()
        scope = RestrictionScope(row.scope)
        await self._mirror_frozen(uow, row.user_id)
        await audit.record(connection, actor=actor, action=_LIFTED.get(scope, "user.unrestricted"),
                           target=f"user:{row.user_id}", reason=reason,
                           data={"restriction_id": str(row.id), "scope": row.scope,
                                 "expired": expired})
        uow.emit(UserUnfrozen(row.user_id, str(row.id), row.scope, expired, actor))

    async def _mirror_frozen(self, uow: UnitOfWork, user_id: str) -> None:
        connection = await uow.connect()
        still = await repository.has_open_scope(connection, user_id, RestrictionScope.ALL)
        await users.update(uow, user_id, frozen=still)

    async def expire_due(self, uow: UnitOfWork, limit: int, at_ms: int | None = None) -> int:
        """Mark the restrictions whose expiry passed as lifted and announce each (audited):
        the expiry job. Safe in several processes at once (each is claimed once)."""
        connection = await uow.connect()
        at = now_ms() if at_ms is None else at_ms
        expired = await repository.expire_due(connection, at, EXPIRY_ACTOR, EXPIRED_REASON,
                                              limit)
        for row in expired:
            await self._lifted(uow, row, EXPIRY_ACTOR, EXPIRED_REASON, expired=True)
        return len(expired)

    # --- reads ---------------------------------------------------------------------------

    async def in_force(
        self, connection: AsyncConnection, user_id: str, at_ms: int | None = None
    ) -> list[Restriction]:
        at = now_ms() if at_ms is None else at_ms
        return [restriction_of(r, at)
                for r in await repository.restrictions_in_force(connection, user_id, at)]

    async def blocking(
        self, connection: AsyncConnection, user_id: str, action: AgeAction,
        at_ms: int | None = None,
    ) -> Restriction | None:
        """The restriction in force that blocks `action` (a freeze first), if any."""
        found = [r for r in await self.in_force(connection, user_id, at_ms)
                 if blocks(r.scope, action)]
        found.sort(key=lambda r: r.scope != RestrictionScope.ALL)
        return found[0] if found else None

    async def require_not_blocked(
        self, connection: AsyncConnection, user_id: str, action: AgeAction,
        at_ms: int | None = None,
    ) -> None:
        """Raises `AccountFrozen` (saying until when and why) if a restriction blocks it."""
        restriction = await self.blocking(connection, user_id, action, at_ms)
        if restriction is not None:
            raise refusal_for(restriction, action)

    async def scopes_in_force(
        self, connection: AsyncConnection, user_ids: Collection[str], at_ms: int
    ) -> dict[str, set[str]]:
        """The scopes restricted now, per user (users without any left out): one query."""
        found: dict[str, set[str]] = {}
        for user_id, scope in await repository.scopes_in_force(connection, user_ids, at_ms):
            found.setdefault(user_id, set()).add(scope)
        return found

    async def history(self, connection: AsyncConnection, user_id: str) -> list[Restriction]:
        """Every restriction of the user, newest first (in force, lifted, expired)."""
        at = now_ms()
        return [restriction_of(r, at)
                for r in await repository.restriction_history(connection, user_id, HISTORY_MAX)]


restrictions = RestrictionService()
