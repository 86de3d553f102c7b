"""The packaged defaults load to the exact DESIGN.md §1 numbers; bad values fail clearly."""

from __future__ import annotations

import itertools
from importlib import resources
from pathlib import Path

import pytest

from fancoins.economy.rules import CHANNELS, EconomyConfigError, PackagePrice
from fancoins.economy_file import default_economy, load_economy, parse_economy

DEFAULTS_TEXT = (resources.files("fancoins") / "defaults" / "economy.toml").read_text("utf-8")


def _prices(country: str, channel: str) -> list[tuple[int, int]]:
    price_list = default_economy().price_list(country, channel)  # type: ignore[arg-type]
    assert price_list is not None
    return [(p.coins, p.price_minor) for p in price_list.packages]


def test_us_store_and_web_prices_are_the_seed_numbers() -> None:
    store = [(100, 129), (500, 649), (2000, 2699), (5000, 6699), (10000, 13499)]
    web = [(100, 99), (500, 499), (2000, 1999), (5000, 4999), (10000, 9999)]
    assert _prices("US", "ios") == store
    assert _prices("US", "android") == store
    assert _prices("US", "web") == web


def test_every_seed_country_is_priced_on_every_channel() -> None:
    config = default_economy()
    expected = {"US": "USD", "GB": "GBP", "DE": "EUR", "JP": "JPY", "IN": "INR", "BR": "BRL"}
    for country, currency in expected.items():
        for channel in CHANNELS:
            price_list = config.price_list(country, channel)
            assert price_list is not None, (country, channel)
            assert price_list.currency == currency
    de = config.price_list("DE", "web")
    assert de is not None and de.tax_inclusive and de.vat_bp == 1900
    assert _prices("JP", "ios")[0] == (100, 200)
    assert _prices("JP", "web")[0] == (100, 160)


def test_fees_limits_payouts_age_and_promotions_are_the_seed_numbers() -> None:
    config = default_economy()
    fees = config.store_fees
    assert (fees.apple_bp, fees.google_bp, fees.web_bp) == (3000, 3000, 290)
    assert fees.web_fixed_minor["USD"] == 30
    assert config.limits.purchase_cap_daily_minor["USD"] == 100_000
    assert config.limits.spend_limit_raise_cooling_off_s == 86_400
    payouts = config.payouts
    assert (payouts.currency, payouts.cash_minor_per_1000_diamonds) == ("USD", 500)
    assert (payouts.hold_days, payouts.min_withdrawal_minor, payouts.daily_cap_minor) == (
        7,
        10_000,
        100_000,
    )
    assert config.age.min_age_years == 18
    promotions = config.promotions
    assert (promotions.min_budget_coins, promotions.max_budget_coins) == (500, 707_000)
    assert (promotions.min_days, promotions.max_days) == (1, 30)
    assert promotions.objectives == ("views", "followers", "profile_visits")
    assert config.fallback_country == "US"
    assert config.gifting.combo_window_s == 5
    assert (
        config.gifting.diamonds_per_coin_numerator,
        config.gifting.diamonds_per_coin_denominator,
    ) == (1, 1)


def test_gifts_are_the_seed_catalogue() -> None:
    gifts = {gift.name: (gift.price_coins, gift.streakable) for gift in default_economy().gifts}
    assert gifts == {
        "Rose": (1, True),
        "Panda": (5, True),
        "Italian Hand": (5, True),
        "Love Bang": (25, True),
        "Sun Cream": (50, True),
        "Rainbow Puke": (100, True),
        "Concert": (500, False),
        "I'm Very Rich": (1000, False),
        "Drama Queen": (5000, False),
    }


def test_levels_have_49_increasing_thresholds() -> None:
    thresholds = default_economy().levels.thresholds_coins
    assert len(thresholds) == 49
    assert thresholds[0] == 1 and thresholds[-1] == 20_000_000
    assert all(a < b for a, b in itertools.pairwise(thresholds))


def test_load_from_a_path_equals_the_packaged_defaults(tmp_path: Path) -> None:
    path = tmp_path / "economy.toml"
    path.write_text(DEFAULTS_TEXT, "utf-8")
    assert load_economy(path) == load_economy(None) == default_economy()


def test_config_is_immutable() -> None:
    config = default_economy()
    with pytest.raises(AttributeError):
        config.fallback_country = "DE"  # type: ignore[misc]
    with pytest.raises(TypeError):
        config.store_fees.web_fixed_minor["USD"] = 0  # type: ignore[index]


def _error_for(old: str, new: str) -> str:
    assert old in DEFAULTS_TEXT, old
    with pytest.raises(EconomyConfigError) as caught:
        parse_economy(DEFAULTS_TEXT.replace(old, new, 1))
    message = str(caught.value)
    assert "\n" not in message
    return message


WEB_US_2000 = "{ coins = 2000, price_minor = 1999 }"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            WEB_US_2000,
            "{ coins = 2000, price_minor = -5 }",
            "packages.US.web[2].price_minor: must be a positive integer, got -5",
        ),
        (
            WEB_US_2000,
            "{ coins = 2000, price_minor = 19.99 }",
            "packages.US.web[2].price_minor: must be a positive integer, got 19.99",
        ),
        (
            WEB_US_2000,
            "{ coins = 2000, price_minor = 1999, prize = 1 }",
            "packages.US.web[2].prize: unknown key",
        ),
        (WEB_US_2000, "{ coins = 2000 }", "packages.US.web[2].price_minor: missing"),
        (
            WEB_US_2000,
            "{ coins = 400, price_minor = 1999 }",
            "packages.US.web[2].coins: must be greater than the previous package's 500"
            " (list packages from smallest to largest)",
        ),
        (
            'currency = "GBP"',
            'currency = "QQQ"',
            "packages.GB.currency: must be a known ISO 4217 currency code, got 'QQQ'",
        ),
        (
            "vat_bp = 0\nios",
            "vat_bp = 700\nios",
            "packages.US.vat_bp: must be 0 when tax_inclusive is false",
        ),
        ("apple_bp = 3000", "apple_bp = 3000\napple_pb = 1", "store_fees.apple_pb: unknown key"),
        (
            "apple_bp = 3000",
            "apple_bp = 10001",
            "store_fees.apple_bp: must be an integer from 0 to 10000, got 10001",
        ),
        ('id = "panda"', 'id = "rose"', "gifts[1].id: duplicate gift id 'rose'"),
        (
            "price_coins = 5000",
            'price_coins = "5000"',
            "gifts[8].price_coins: must be a positive integer, got '5000'",
        ),
        (
            "BRL = 39\n",
            "",
            "store_fees.web_fixed_minor.BRL: missing (packages.BR.web is priced in it)",
        ),
        (
            "1, 2, 3, 4,",
            "1, 2, 2, 4,",
            "levels.thresholds_coins[2]: must be above the previous threshold 2",
        ),
        (
            "min_withdrawal_minor = 10000",
            "min_withdrawal_minor = 200000",
            "payouts.daily_cap_minor: must be at least min_withdrawal_minor (200000), got 100000",
        ),
        ("[age]\nmin_age_years = 18", "", "age: missing"),
        (
            "{ coins = 100, price_minor = 99 },\n    { coins = 500, price_minor = 499 },\n"
            "    { coins = 2000, price_minor = 1999 },\n    { coins = 5000, price_minor = 4999 },\n"
            "    { coins = 10000, price_minor = 9999 },\n]\n\n[packages.GB]",
            "{ coins = 100, price_minor = 31 },\n    { coins = 500, price_minor = 499 },\n"
            "    { coins = 2000, price_minor = 1999 },\n    { coins = 5000, price_minor = 4999 },\n"
            "    { coins = 10000, price_minor = 9999 },\n]\n\n[packages.GB]",
            "packages.US.web[0].price_minor: leaves nothing after store fee and tax (net 0)",
        ),
    ],
)
def test_a_bad_value_names_its_key_in_one_line(old: str, new: str, message: str) -> None:
    assert _error_for(old, new) == message


def test_fallback_country_must_be_priced_on_every_channel() -> None:
    text = DEFAULTS_TEXT.replace('fallback_country = "US"', 'fallback_country = "FR"')
    with pytest.raises(EconomyConfigError, match=r"^fallback_country: FR must be priced"):
        parse_economy(text)


def test_invalid_toml_is_a_config_error() -> None:
    with pytest.raises(EconomyConfigError, match=r"^economy\.toml: invalid TOML"):
        parse_economy("[age")


def test_gift_streakable_defaults_from_its_price() -> None:
    text = DEFAULTS_TEXT.replace("streakable = true\n", "").replace("streakable = false\n", "")
    config = parse_economy(text)
    assert {g.id for g in config.gifts if g.streakable} == {
        "rose",
        "panda",
        "italian_hand",
        "love_bang",
        "sun_cream",
        "rainbow_puke",
    }


def test_dataclasses_validate_when_built_in_code() -> None:
    with pytest.raises(EconomyConfigError) as caught:
        PackagePrice(coins=0, price_minor=1)
    assert str(caught.value) == "coins: must be a positive integer, got 0"
    with pytest.raises(EconomyConfigError):
        PackagePrice(coins=True, price_minor=1)
