"""The economy file is validated by pydantic over the pure core's dataclasses: a mistyped
value, an unknown key or a missing one anywhere is one line naming its dotted key, worded by
the field's own declared check."""

from __future__ import annotations

from importlib import resources

import pytest

from fancoins.economy.rules import EconomyConfigError
from fancoins.economy_file import parse_economy

DEFAULTS_TEXT = (resources.files("fancoins") / "defaults" / "economy.toml").read_text("utf-8")


@pytest.mark.parametrize(("old", "new", "message"), [
    ("combo_window_s = 5", 'combo_window_s = "5"',
     "gifting.combo_window_s: must be an integer from 1 to 3600, got '5'"),
    ("1, 2, 3, 4,", '1, 2, "3", 4,',
     "levels.thresholds_coins[2]: must be a positive integer, got '3'"),
    ('id = "panda"', 'id = "panda"\nprize = 1', "gifts[1].prize: unknown key"),
    ("USD = 30", "USD = -1",
     "store_fees.web_fixed_minor.USD: must be a non-negative integer, got -1"),
    ('fallback_country = "US"', "fallback_country = 5",
     "fallback_country: must be an ISO 3166-1 alpha-2 code (two capital letters), got 5"),
    ("min_age_years = 18", "min_age_years = true",
     "age.min_age_years: must be an integer from 0 to 150, got True"),
    ("min_age_years = 18", "min_age_years = 18\ncolour = 1", "age.colour: unknown key"),
    ("hold_days = 7", "hold_days = 7.5",
     "payouts.hold_days: must be an integer from 0 to 365, got 7.5"),
])
def test_mistakes_anywhere_are_one_line_naming_the_key(old: str, new: str, message: str) -> None:
    assert old in DEFAULTS_TEXT, old
    with pytest.raises(EconomyConfigError) as caught:
        parse_economy(DEFAULTS_TEXT.replace(old, new, 1))
    assert str(caught.value) == message

