"""Why a battle could not be created or answered, each with its one problem type."""

from __future__ import annotations

from fancoins.kit.errors import Conflict, InvalidRequest, NotFound


class BattleNotFound(NotFound):
    """No such battle, or not one the caller is part of."""

    slug = "battle-not-found"
    title = "Battle not found"


class BattleTeamsInvalid(InvalidRequest):
    slug = "battle-teams-invalid"
    title = "Invalid battle teams"


class BattleDurationInvalid(InvalidRequest):
    slug = "battle-duration-invalid"
    title = "Invalid battle duration"


class BattleCreatorNotLive(Conflict):
    """Every creator of a battle must be LIVE: to be invited, and when the battle starts."""

    slug = "battle-creator-not-live"
    title = "A creator of the battle is not LIVE"


class CreatorInBattle(Conflict):
    """A creator takes part in one open battle (invited or running) at a time."""

    slug = "creator-in-battle"
    title = "A creator is already in a battle"


class BattleNotOpen(Conflict):
    """The invitation was already declined, expired, or the battle started or ended."""

    slug = "battle-not-open"
    title = "The battle invitation is no longer open"
    stored = False
