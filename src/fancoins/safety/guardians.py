"""Guardians: the host links a guardian's account to a minor's (both must exist; at most two
guardians per minor), and a linked guardian caps the minor's spending and buying, or switches
either off, and reads the minor's statement. Links are the host's word (it knows who is whose
parent); every link and unlink is audited and announced.

Caps belong to the minor, not to one guardian: either guardian changes them, tightening at
once and loosening after the cooling-off, like a user's own limits.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.uow import UnitOfWork
from fancoins.economy.limits import LimitSet
from fancoins.economy.rules import EconomyConfig
from fancoins.identity.errors import ReasonRequired
from fancoins.identity.service import User, audit, users
from fancoins.journal.idempotency import Answer, idempotent
from fancoins.kit.clock import now_ms, utc_day
from fancoins.kit.hashing import scoped_key
from fancoins.safety import repository
from fancoins.safety.errors import GuardianInvalid, GuardiansFull, NotGuardian
from fancoins.safety.events import GuardianLinked, GuardianUnlinked
from fancoins.safety.limits import Holder, Kind, SetView, limit_sets
from fancoins.safety.repository import GuardianLinkRow

LINK_SCOPE = "guardian_link"
CAPS_SCOPE = "guardian_caps_put"
# Two guardians per minor (two parents); a third must replace one of them.
GUARDIANS_PER_MINOR_MAX = 2


@dataclass(frozen=True, slots=True)
class GuardianLink:
    minor_id: str
    guardian_id: str
    linked_by: str
    linked_at_ms: int


@dataclass(frozen=True, slots=True)
class MinorView:
    """What a guardian sees of a linked minor: who, and the caps in force or cooling off."""

    user: User
    linked_at_ms: int
    spending: SetView
    buying: SetView


def _link(row: GuardianLinkRow) -> GuardianLink:
    return GuardianLink(row.minor_id, row.guardian_id, row.linked_by, row.linked_at_ms)


class GuardianService:
    async def link(
        self, uow: UnitOfWork, *, minor_id: str, guardian_id: str, actor: str, reason: str,
        economy: EconomyConfig, idempotency_key: str | None = None,
    ) -> Answer[GuardianLink]:
        """Link (audited, announced). Linking an existing pair answers it again. Raises
        `UserNotFound`, `GuardianInvalid`, `GuardiansFull`, `ReasonRequired`."""
        if not reason.strip():
            raise ReasonRequired("linking a guardian needs a reason (the host's basis)")

        async def run() -> GuardianLink:
            return await self._link(uow, minor_id, guardian_id, actor, reason, economy)

        if idempotency_key is None:
            return Answer(await run(), replayed=False)
        request = {"minor_id": minor_id, "guardian_id": guardian_id, "reason": reason}
        return await idempotent(uow, LINK_SCOPE, scoped_key(actor, idempotency_key), request,
                                run, GuardianLink)

    async def _link(self, uow: UnitOfWork, minor_id: str, guardian_id: str, actor: str,
                    reason: str, economy: EconomyConfig) -> GuardianLink:
        connection = await uow.connect()
        if minor_id == guardian_id:
            raise GuardianInvalid("a user cannot be their own guardian")
        await users.get(connection, minor_id)
        guardian = await users.get(connection, guardian_id)
        years = guardian.age_years(utc_day(now_ms()))
        if years is not None and years < economy.age.min_age_years:
            raise GuardianInvalid(f"a guardian must be {economy.age.min_age_years} or over")
        links = await repository.links_of_minor(connection, minor_id)
        for row in links:
            if row.guardian_id == guardian_id:
                return _link(row)
        taken = {row.slot for row in links}
        free = [s for s in range(1, GUARDIANS_PER_MINOR_MAX + 1) if s not in taken]
        row = GuardianLinkRow(minor_id, free[0] if free else 0, guardian_id, actor, now_ms())
        if not free or not await repository.insert_link(connection, row):
            raise GuardiansFull(f"{minor_id} has {GUARDIANS_PER_MINOR_MAX} guardians already; "
                                "unlink one first")
        await audit.record(connection, actor=actor, action="guardian.linked",
                           target=f"user:{minor_id}", reason=reason,
                           data={"guardian_id": guardian_id})
        uow.emit(GuardianLinked(minor_id, guardian_id))
        return _link(row)

    async def unlink(
        self, uow: UnitOfWork, *, minor_id: str, guardian_id: str, actor: str, reason: str,
    ) -> bool:
        """Unlink (audited, announced); True when a link was removed. The minor's guardian
        caps stay while another guardian is linked; without one they go (the minor's own
        limits and the age rules still hold)."""
        if not reason.strip():
            raise ReasonRequired("unlinking a guardian needs a reason")
        connection = await uow.connect()
        if not await repository.delete_link(connection, minor_id, guardian_id):
            return False
        if not await repository.links_of_minor(connection, minor_id):
            await limit_sets.remove_holder(uow, minor_id, Holder.GUARDIAN)
        await audit.record(connection, actor=actor, action="guardian.unlinked",
                           target=f"user:{minor_id}", reason=reason,
                           data={"guardian_id": guardian_id})
        uow.emit(GuardianUnlinked(minor_id, guardian_id))
        return True

    async def guardians_of(self, connection: AsyncConnection, minor_id: str
                           ) -> list[GuardianLink]:
        return [_link(r) for r in await repository.links_of_minor(connection, minor_id)]

    async def links_of_guardian(self, connection: AsyncConnection, guardian_id: str
                                ) -> list[GuardianLink]:
        """The guardian's links to their minors."""
        return [_link(r) for r in await repository.links_of_guardian(connection, guardian_id)]

    async def is_guardian(self, connection: AsyncConnection, guardian_id: str, minor_id: str
                          ) -> bool:
        return any(r.guardian_id == guardian_id
                   for r in await repository.links_of_minor(connection, minor_id))

    async def require_guardian(self, connection: AsyncConnection, guardian_id: str,
                               minor_id: str) -> None:
        """Raises `NotGuardian` unless `guardian_id` is linked to `minor_id`."""
        if not await self.is_guardian(connection, guardian_id, minor_id):
            raise NotGuardian(f"no minor {minor_id!r} is linked to you")

    async def minors(self, connection: AsyncConnection, guardian_id: str) -> list[MinorView]:
        """Every minor linked to the guardian, with their caps."""
        found = []
        for row in await repository.links_of_guardian(connection, guardian_id):
            found.append(await self._minor_view(connection, row))
        return found

    async def minor(self, connection: AsyncConnection, guardian_id: str, minor_id: str
                    ) -> MinorView:
        for row in await repository.links_of_minor(connection, minor_id):
            if row.guardian_id == guardian_id:
                return await self._minor_view(connection, row)
        raise NotGuardian(f"no minor {minor_id!r} is linked to you")

    async def _minor_view(self, connection: AsyncConnection, row: GuardianLinkRow
                          ) -> MinorView:
        user = await users.get(connection, row.minor_id)
        spending = await limit_sets.view(connection, row.minor_id, Holder.GUARDIAN, Kind.SPEND)
        buying = await limit_sets.view(connection, row.minor_id, Holder.GUARDIAN, Kind.BUY)
        return MinorView(user, row.linked_at_ms, spending, buying)

    async def set_caps(
        self, uow: UnitOfWork, *, guardian_id: str, minor_id: str, kind: Kind,
        requested: LimitSet, cooling_off_s: int, idempotency_key: str | None = None,
    ) -> SetView:
        """A guardian sets a linked minor's caps on spending (coins) or buying (money), or
        switches it off (zero in every window). Raises `NotGuardian`."""
        async def run() -> SetView:
            return await self._set_caps(uow, guardian_id, minor_id, kind, requested,
                                        cooling_off_s)

        if idempotency_key is None:
            return await run()
        windows = requested.windows
        request = {"minor_id": minor_id, "kind": kind.value, "currency": requested.currency,
                   "daily": windows.daily_coins, "weekly": windows.weekly_coins,
                   "monthly": windows.monthly_coins}
        answer = await idempotent(uow, CAPS_SCOPE, scoped_key(guardian_id, idempotency_key),
                                  request, run, SetView)
        return answer.value

    async def _set_caps(self, uow: UnitOfWork, guardian_id: str, minor_id: str, kind: Kind,
                        requested: LimitSet, cooling_off_s: int) -> SetView:
        connection = await uow.connect()
        await self.require_guardian(connection, guardian_id, minor_id)
        actor = f"guardian:{guardian_id}"
        view = await limit_sets.put(uow, user_id=minor_id, holder=Holder.GUARDIAN, kind=kind,
                                    requested=requested, actor=actor,
                                    cooling_off_s=cooling_off_s)
        windows = requested.windows
        await audit.record(connection, actor=actor, action="guardian.caps_set",
                           target=f"user:{minor_id}", reason="set by a linked guardian",
                           data={"kind": kind.value, "currency": requested.currency,
                                 "daily": windows.daily_coins, "weekly": windows.weekly_coins,
                                 "monthly": windows.monthly_coins,
                                 "pending_until_s": view.pending.effective_at_s
                                 if view.pending else None})
        return view


guardians = GuardianService()
