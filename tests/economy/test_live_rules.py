"""The pure rules behind LIVE's battles, goals, fan clubs, gift tiers and messages, and the
economy file's new sections (an older operator file takes their defaults)."""

from __future__ import annotations

import pytest

from fancoins.economy.contests import (
    TeamsInvalid,
    goal_amount,
    plan_battle_result,
    plan_goal_step,
    plan_teams,
)
from fancoins.economy.fan_club import (
    MS_PER_DAY,
    ClubGift,
    Membership,
    active_level,
    club_level,
    plan_club_gifts,
)
from fancoins.economy.messages import blocked_term, tier_of
from fancoins.economy.rules import EconomyConfigError
from fancoins.economy_file import default_economy, parse_economy
from tests.economy.test_loader import DEFAULTS_TEXT

ECONOMY = default_economy()
CLUB = ECONOMY.fan_club


def test_tiers_by_coins() -> None:
    tiers = ECONOMY.gift_tiers
    assert [tier_of(c, tiers).name for c in (1, 24, 25, 499, 500, 10**6)] == [
        "pop", "pop", "banner", "banner", "stage", "stage"]
    assert [t.message_chars_max for t in tiers] == [40, 100, 200]


@pytest.mark.parametrize(("message", "found"), [
    ("free coins!", "free coins"), ("FREE   Coins", "free coins"), ("free-coins", "free coins"),
    ("ＦＲＥＥ coins", "free coins"), ("carefree coinsurance", None), ("hello", None)])
def test_blocked_terms_ignore_case_spacing_and_width(message: str, found: str | None) -> None:
    assert blocked_term(message, ECONOMY.messages.blocked_terms) == found


def test_club_levels_and_lapse() -> None:
    assert [club_level(p, CLUB) for p in (0, 9, 10, 49, 50, 40000, 10**9)] == [
        1, 1, 2, 2, 3, 10, 10]
    member = Membership("maya", "alice", "Alice", 0, 0, 12, 12, 0)
    assert active_level(member, CLUB.lapse_days * MS_PER_DAY - 1, CLUB) == 2
    assert active_level(member, CLUB.lapse_days * MS_PER_DAY, CLUB) is None


def test_club_gifts_join_earn_and_rejoin_after_a_lapse() -> None:
    def gift(gift_id: str, coins: int, at_ms: int) -> ClubGift:
        return ClubGift("maya", "alice", "Alice", gift_id, coins, at_ms)

    outcome = plan_club_gifts([gift("rose", 1, 0), gift(CLUB.gift_id, 5, 1),
                               gift("rose", 3, 2)], {}, CLUB)
    member = outcome.changed[("maya", "alice")]
    assert [m.member_id for m in outcome.joined] == ["alice"]
    assert (member.points, member.joined_at_ms, member.last_active_ms) == (8, 1, 2)
    later = CLUB.lapse_days * MS_PER_DAY + 2
    held = {("maya", "alice"): member}
    assert plan_club_gifts([gift("rose", 9, later)], held, CLUB).changed == {}
    back = plan_club_gifts([gift(CLUB.gift_id, 5, later)], held, CLUB)
    assert back.changed[("maya", "alice")].points == 5 and len(back.joined) == 1


def test_teams_results_and_goal_steps() -> None:
    assert plan_teams("a", ["b"], ["c", "d"]) == {"a": "a", "b": "a", "c": "b", "d": "b"}
    for teammates, opponents in (([], []), (["b"], ["a"]), (["b", "c"], ["d", "e"])):
        with pytest.raises(TeamsInvalid):
            plan_teams("a", teammates, opponents)
    assert plan_battle_result({"a": 3, "b": 5}).winner_side == "b"
    assert plan_battle_result({"a": 4, "b": 4}).winner_side is None
    assert goal_amount("coins", None, "rose", 3, 3) == 3
    assert goal_amount("gift_count", "panda", "rose", 3, 3) == 0
    assert goal_amount("gift_count", "panda", "panda", 2, 10) == 2
    assert plan_goal_step(8, 10, 2).completed and not plan_goal_step(7, 10, 2).completed


def test_an_older_economy_file_takes_the_new_sections_defaults() -> None:
    head = DEFAULTS_TEXT.split("# --- LIVE gift tiers")[0]
    older = parse_economy(head, "operator.toml")
    assert older.gift_tiers == ECONOMY.gift_tiers and older.fan_club == CLUB


@pytest.mark.parametrize(("change", "key"), [
    (('name = "banner"', 'name = "big"'), "gift_tiers[1].name"),
    (("message_chars_max = 200", "message_chars_max = 20"), "gift_tiers[2].message_chars_max"),
    (('gift_id = "italian_hand"', 'gift_id = "nope"'), "fan_club.gift_id"),
    (("lapse_days = 7", "lapse_days = 0"), "fan_club.lapse_days"),
    (("level_points = [10, 50", "level_points = [50, 10"), "fan_club.level_points[1]"),
])
def test_bad_new_sections_name_their_key(change: tuple[str, str], key: str) -> None:
    text = DEFAULTS_TEXT.replace(*change)
    assert text != DEFAULTS_TEXT
    with pytest.raises(EconomyConfigError) as raised:
        parse_economy(text, "operator.toml")
    assert raised.value.key == key, str(raised.value)
