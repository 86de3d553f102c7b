"""May this user do this now? Old enough for the action in their country (`economy.age`) and
not frozen or banned from it (`safety.restrictions`). Every domain asks here before it
buys, gifts, hosts, promotes or withdraws for a user; the gift writer asks for a whole batch
at once (`gift_standing`).

A minor whose country lets minors with a guardian act younger may, when a guardian is linked
and, for buying and sending, has set caps on it: the caps are what bound them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.economy.age import AgeAction, AgeVerdict, age_verdict
from fancoins.economy.restrictions import blocked
from fancoins.economy.rules import EconomyConfig
from fancoins.identity.service import User, users
from fancoins.kit.clock import now_ms, utc_day
from fancoins.kit.errors import FancoinsError
from fancoins.safety import repository
from fancoins.safety.errors import AgeRestricted
from fancoins.safety.limits import Holder, Kind, limit_sets
from fancoins.safety.restrictions import Restriction, refusal_for, restrictions

# What a guardian's caps must cover before a minor may act through the guardian rule.
_CAPPED_BY: dict[AgeAction, Kind] = {AgeAction.BUY: Kind.BUY, AgeAction.SEND: Kind.SPEND}
GIFT_ACTIONS = (AgeAction.SEND, AgeAction.RECEIVE, AgeAction.VIDEO_GIFT)


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a user stands for one action: their age's verdict and what blocks them."""

    user: User
    action: AgeAction
    age: AgeVerdict
    restriction: Restriction | None

    @property
    def allowed(self) -> bool:
        return self.age.allowed and self.restriction is None


@dataclass(slots=True)  # one per person of a gift batch: not frozen (a cheaper __init__)
class GiftStanding:
    """What the gift writer needs of a person: the gift actions their age allows, and
    whether a freeze or gifting ban stops them sending and receiving."""

    old_enough: frozenset[AgeAction]
    frozen: bool


def age_refusal(user: User, verdict: AgeVerdict) -> AgeRestricted:
    return AgeRestricted(verdict.sentence(user.country), action=verdict.action.value,
                         min_age_years=verdict.min_age_years, country=user.country,
                         of_age_on=verdict.of_age_on.isoformat() if verdict.of_age_on else None)


class EligibilityService:
    async def age(
        self, connection: AsyncConnection, user: User, action: AgeAction,
        economy: EconomyConfig, at_ms: int | None = None,
    ) -> AgeVerdict:
        """The age verdict, the guardian rule included (its links and caps read only when
        the person is too young without it)."""
        today = utc_day(now_ms() if at_ms is None else at_ms)
        verdict = age_verdict(economy.age, action, user.country, user.birth_date,
                              user.age_verified, today)
        if verdict.allowed or economy.age.min_age_with_guardian(action.value,
                                                                user.country) is None:
            return verdict
        if not await self._guarded_for(connection, user.id, action):
            return verdict
        return age_verdict(economy.age, action, user.country, user.birth_date,
                           user.age_verified, today, has_guardian=True)

    async def _guarded_for(self, connection: AsyncConnection, user_id: str,
                           action: AgeAction) -> bool:
        if not await repository.guarded(connection, [user_id]):
            return False
        kind = _CAPPED_BY.get(action)
        if kind is None:
            return True
        caps = await limit_sets.view(connection, user_id, Holder.GUARDIAN, kind)
        return not caps.effective.empty

    async def standing(
        self, connection: AsyncConnection, user: User, action: AgeAction,
        economy: EconomyConfig, at_ms: int | None = None,
    ) -> Standing:
        at = now_ms() if at_ms is None else at_ms
        return Standing(user, action, await self.age(connection, user, action, economy, at),
                        await restrictions.blocking(connection, user.id, action, at))

    async def require(
        self, connection: AsyncConnection, user_id: str, action: AgeAction,
        economy: EconomyConfig, at_ms: int | None = None,
    ) -> User:
        """The user, if they may do `action` now. Raises `UserNotFound`, `AccountFrozen`
        (a freeze or ban: until when and why) or `AgeRestricted` (which age, where)."""
        user = await users.get(connection, user_id)
        standing = await self.standing(connection, user, action, economy, at_ms)
        if standing.restriction is not None:
            raise refusal_for(standing.restriction, action)
        if not standing.age.allowed:
            raise age_refusal(user, standing.age)
        return user

    async def require_many(
        self, connection: AsyncConnection, user_ids: Collection[str], action: AgeAction,
        economy: EconomyConfig, at_ms: int,
    ) -> dict[str, User | FancoinsError]:
        """`require` for many users, each answered its user or its refusal. Two reads for
        them all (the users, the restrictions in force); whoever is not plainly allowed
        (unknown, restricted, too young without a guardian) is decided by `require` itself,
        so every refusal is the one `require` gives."""
        people = {p.id: p for p in await users.get_many(connection, user_ids)}
        stopped = await self.any_blocked(connection, list(people), action, at_ms)
        today = utc_day(at_ms)
        answers: dict[str, User | FancoinsError] = {}
        for user_id in user_ids:
            person = people.get(user_id)
            if person is not None and user_id not in stopped and age_verdict(
                    economy.age, action, person.country, person.birth_date,
                    person.age_verified, today).allowed:
                answers[user_id] = person
                continue
            try:
                answers[user_id] = await self.require(connection, user_id, action, economy,
                                                      at_ms)
            except FancoinsError as refused:
                answers[user_id] = refused
        return answers

    async def gift_standing(
        self, connection: AsyncConnection, people: Sequence[User], economy: EconomyConfig,
        at_ms: int,
    ) -> dict[str, GiftStanding]:
        """Every person of a gift batch in two reads at most: restrictions in force (one
        query), and guardian links only for minors whose country has a guardian rule."""
        scopes = await restrictions.scopes_in_force(connection, [p.id for p in people], at_ms)
        today = utc_day(at_ms)
        alike: dict[tuple[object, bool, str], frozenset[AgeAction]] = {}
        ages: dict[str, frozenset[AgeAction]] = {}
        younger: list[User] = []
        for person in people:
            like = (person.birth_date, person.age_verified, person.country)
            allowed = alike.get(like)
            if allowed is None:
                allowed = alike[like] = frozenset(
                    a for a in GIFT_ACTIONS if age_verdict(economy.age, a, person.country,
                                                           person.birth_date,
                                                           person.age_verified, today).allowed)
            ages[person.id] = allowed
            if len(allowed) < len(GIFT_ACTIONS) and any(
                    economy.age.min_age_with_guardian(a.value, person.country) is not None
                    for a in GIFT_ACTIONS):
                younger.append(person)
        for person in younger:  # rare: only where a guardian rule exists
            ages[person.id] = frozenset([
                a for a in GIFT_ACTIONS
                if (await self.age(connection, person, a, economy, at_ms)).allowed])
        # Most people have no restriction: no scan of an empty list for each of them.
        return {p.id: GiftStanding(ages[p.id], p.id in scopes and blocked(scopes[p.id],
                                                                          AgeAction.SEND))
                for p in people}

    async def any_blocked(self, connection: AsyncConnection, user_ids: Collection[str],
                          action: AgeAction, at_ms: int) -> set[str]:
        """Those of `user_ids` a restriction in force blocks from `action`."""
        scopes = await restrictions.scopes_in_force(connection, user_ids, at_ms)
        return {u for u, found in scopes.items() if blocked(found, action)}


eligibility = EligibilityService()
