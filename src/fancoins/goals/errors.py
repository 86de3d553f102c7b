"""Why a goal could not be set or changed, each with its one problem type."""

from __future__ import annotations

from fancoins.kit.errors import Conflict, InvalidRequest, NotFound


class GoalNotFound(NotFound):
    slug = "goal-not-found"
    title = "Goal not found"


class GoalInvalid(InvalidRequest):
    slug = "goal-invalid"
    title = "Invalid goal"


class GoalQueueFull(Conflict):
    """The stream holds as many goals (active and queued) as it may."""

    slug = "goal-queue-full"
    title = "Too many goals for this LIVE"
