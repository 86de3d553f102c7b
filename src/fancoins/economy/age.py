"""Who is old enough for what, where: the age rules per action and country (`rules.Age`).

Pure: the caller knows the person's birth date (or that their age was verified), country,
whether a guardian is linked to them, and today's date. A known birth date decides; without
one, only an age verified by the host counts. A minor whose country lets minors with a
guardian act younger (`Age.with_guardian`) may, when a guardian is linked (the guardian's caps
then bound them: see `fancoins.safety`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from fancoins.economy.limits import age_years
from fancoins.economy.rules import Age


class AgeAction(enum.StrEnum):
    BUY = "buy"
    SEND = "send"
    RECEIVE = "receive"
    HOST = "host"
    PROMOTE = "promote"
    WITHDRAW = "withdraw"
    VIDEO_GIFT = "video_gift"


# How each action reads in a sentence ("buying coins needs age 19 in KR").
ACTION_WORDS: dict[AgeAction, str] = {
    AgeAction.BUY: "buying coins",
    AgeAction.SEND: "sending gifts",
    AgeAction.RECEIVE: "receiving gifts",
    AgeAction.HOST: "hosting a LIVE",
    AgeAction.PROMOTE: "promoting a video",
    AgeAction.WITHDRAW: "withdrawing",
    AgeAction.VIDEO_GIFT: "gifts on videos",
}


@dataclass(frozen=True, slots=True)
class AgeVerdict:
    action: AgeAction
    allowed: bool
    min_age_years: int  # without a guardian, in the person's country
    age_known: bool
    # Allowed only because a guardian is linked (their caps bound the minor).
    through_guardian: bool = False
    # When a refused minor reaches `min_age_years` (None: age not known).
    of_age_on: date | None = None

    def sentence(self, country: str) -> str:
        words = ACTION_WORDS[self.action]
        if not self.age_known:
            return f"{words} needs a known age of {self.min_age_years} or over"
        return f"{words} needs age {self.min_age_years} or over in {country}"


def birthday(birth_date: date, years: int) -> date:
    """The day someone born on `birth_date` turns `years` (29 February: 1 March)."""
    year = birth_date.year + years
    try:
        return birth_date.replace(year=year)
    except ValueError:  # 29 February in a year without one
        return date(year, 3, 1)


def age_verdict(
    age: Age, action: AgeAction, country: str, birth_date: date | None, age_verified: bool,
    today: date, *, has_guardian: bool = False,
) -> AgeVerdict:
    required = age.min_age(action.value, country)
    if birth_date is None or birth_date > today:
        return AgeVerdict(action, age_verified, required, age_known=age_verified)
    years = age_years(birth_date, today)
    if years >= required:
        return AgeVerdict(action, True, required, age_known=True)
    younger = age.min_age_with_guardian(action.value, country)
    if has_guardian and younger is not None and years >= younger:
        return AgeVerdict(action, True, required, age_known=True, through_guardian=True)
    return AgeVerdict(action, False, required, age_known=True,
                      of_age_on=birthday(birth_date, required))


def gift_actions(*, on_video: bool, sending: bool) -> tuple[AgeAction, ...]:
    """The actions a gift needs its sender (or recipient) to be old enough for."""
    main = AgeAction.SEND if sending else AgeAction.RECEIVE
    return (main, AgeAction.VIDEO_GIFT) if on_video else (main,)
