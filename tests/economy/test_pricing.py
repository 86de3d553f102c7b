"""Package pricing per country and channel, locale formatting, and exact money splits."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fancoins.economy.pricing import (
    NBSP,
    MoneySplit,
    UnknownChannel,
    UnknownLocale,
    div_round_half_up,
    format_price,
    plan_price_list,
    split_purchase,
)
from fancoins.economy.rules import CHANNELS, PackagePrice, PriceList, StoreFees
from fancoins.economy_file import default_economy
from fancoins.ledger.invariants import InvariantViolation

CONFIG = default_economy()


@pytest.mark.parametrize(
    ("country", "channel", "first_text", "last_text"),
    [
        ("US", "ios", "$1.29", "$134.99"),
        ("US", "web", "$0.99", "$99.99"),
        ("GB", "web", "£0.99", "£99.99"),
        ("GB", "android", "£1.29", "£129.99"),
        ("DE", "web", f"0,99{NBSP}€", f"99,99{NBSP}€"),
        ("DE", "ios", f"1,39{NBSP}€", f"139,99{NBSP}€"),
        ("JP", "ios", "¥200", "¥20,000"),
        ("JP", "web", "¥160", "¥16,000"),
        ("IN", "web", "₹99.00", "₹9,999.00"),
        ("IN", "ios", "₹109.00", "₹10,999.00"),
        ("BR", "web", f"R${NBSP}5,90", f"R${NBSP}599,90"),
        ("BR", "android", f"R${NBSP}7,90", f"R${NBSP}799,90"),
    ],
)
def test_each_country_formats_for_its_locale(
    country: str, channel: str, first_text: str, last_text: str
) -> None:
    catalog = plan_price_list(CONFIG, country, channel)
    assert not catalog.fell_back
    assert catalog.packages[0].price_text == first_text
    assert catalog.packages[-1].price_text == last_text


@pytest.mark.parametrize("country", ["US", "GB", "DE", "JP", "IN", "BR", "FR", "ZZ"])
@pytest.mark.parametrize("channel", CHANNELS)
def test_exactly_one_best_value_package(country: str, channel: str) -> None:
    catalog = plan_price_list(CONFIG, country, channel)
    assert sum(p.best_value for p in catalog.packages) == 1


def test_best_value_is_the_lowest_price_per_coin() -> None:
    us_store = plan_price_list(CONFIG, "US", "ios")
    # The seed store prices make the 100-coin pack the cheapest per coin ($1.29 per 100).
    assert [p.coins for p in us_store.packages if p.best_value] == [100]
    assert [p.price_per_100_coins_minor for p in us_store.packages] == [129, 130, 135, 134, 135]


def test_best_value_tie_goes_to_the_larger_pack() -> None:
    jp_store = plan_price_list(CONFIG, "JP", "ios")  # every JP pack is ¥2 a coin
    assert {p.price_per_100_coins_minor for p in jp_store.packages} == {200}
    assert [p.coins for p in jp_store.packages if p.best_value] == [10_000]


def test_unconfigured_country_falls_back_to_us_in_usd() -> None:
    catalog = plan_price_list(CONFIG, "fr", "web")
    assert catalog.fell_back
    assert (catalog.requested_country, catalog.country, catalog.currency) == ("FR", "US", "USD")
    assert catalog.packages[0].price_text == "$0.99"
    assert not plan_price_list(CONFIG, "us", "web").fell_back


def test_country_missing_one_channel_falls_back_for_that_channel_only() -> None:
    lists = tuple(
        pl for pl in CONFIG.price_lists if not (pl.country == "DE" and pl.channel == "ios")
    )
    config = dataclasses.replace(CONFIG, price_lists=lists)
    assert plan_price_list(config, "DE", "ios").currency == "USD"
    assert plan_price_list(config, "DE", "web").currency == "EUR"


def test_unknown_channel_is_refused() -> None:
    with pytest.raises(UnknownChannel):
        plan_price_list(CONFIG, "US", "tv")


@pytest.mark.parametrize(
    ("amount_minor", "currency", "locale", "text"),
    [
        (123_456_789, "USD", "en_US", "$1,234,567.89"),
        (123_456_789, "EUR", "de_DE", f"1.234.567,89{NBSP}€"),
        (1_234_567_800, "INR", "hi_IN", "₹1,23,45,678.00"),
        (100_000_00, "INR", "en_IN", "₹1,00,000.00"),
        (1_000_000, "JPY", "ja_JP", "¥1,000,000"),
        (123_456, "BRL", "pt_BR", f"R${NBSP}1.234,56"),
        (5, "USD", "en_US", "$0.05"),
        (0, "GBP", "en_GB", "£0.00"),
        (-129, "USD", "en_US", "-$1.29"),
        (1_234_500, "CHF", "en_US", f"CHF{NBSP}12,345.00"),
        (1_234, "KWD", "en_US", f"KWD{NBSP}1.234"),
    ],
)
def test_format_price(amount_minor: int, currency: str, locale: str, text: str) -> None:
    assert format_price(amount_minor, currency, locale) == text


def test_format_price_refuses_an_unknown_locale() -> None:
    with pytest.raises(UnknownLocale):
        format_price(100, "USD", "xx_XX")


def test_div_round_half_up() -> None:
    assert [div_round_half_up(n, 4) for n in range(8)] == [0, 0, 1, 1, 1, 1, 2, 2]
    assert div_round_half_up(13495, 100) == 135


def _list(channel: str, currency: str, vat_bp: int) -> PriceList:
    return PriceList(
        country="DE",
        channel=channel,  # type: ignore[arg-type]
        currency=currency,
        tax_inclusive=vat_bp > 0,
        vat_bp=vat_bp,
        locale="de_DE",
        packages=(PackagePrice(100, 99),),
    )


def test_split_of_a_us_web_purchase() -> None:
    split = split_purchase(99, _us("web"), CONFIG.store_fees)
    # 2.9% of 99 = 2.871 -> 3, plus 30 fixed; no tax in a tax-exclusive list.
    assert split == MoneySplit(gross_minor=99, store_fee_minor=33, tax_minor=0, net_minor=66)


def test_split_of_a_us_ios_purchase() -> None:
    split = split_purchase(129, _us("ios"), CONFIG.store_fees)
    assert split == MoneySplit(gross_minor=129, store_fee_minor=39, tax_minor=0, net_minor=90)


def test_split_of_a_german_store_purchase_takes_commission_net_of_vat() -> None:
    price_list = CONFIG.price_list("DE", "ios")
    assert price_list is not None
    split = split_purchase(139, price_list, CONFIG.store_fees)
    # 139 / 1.19 = 116.81 -> 117 net of VAT, so VAT 22; 30% of 117 = 35.1 -> 35.
    assert split == MoneySplit(gross_minor=139, store_fee_minor=35, tax_minor=22, net_minor=82)


def _us(channel: str) -> PriceList:
    price_list = CONFIG.price_list("US", channel)  # type: ignore[arg-type]
    assert price_list is not None
    return price_list


@given(
    price_minor=st.integers(min_value=1, max_value=10**12),
    channel=st.sampled_from(CHANNELS),
    vat_bp=st.integers(min_value=0, max_value=10_000),
    fee_bp=st.integers(min_value=0, max_value=10_000),
    fixed_minor=st.integers(min_value=0, max_value=1_000),
)
def test_money_split_always_sums_exactly(
    price_minor: int, channel: str, vat_bp: int, fee_bp: int, fixed_minor: int
) -> None:
    fees = StoreFees(fee_bp, fee_bp, fee_bp, MappingProxyType({"EUR": fixed_minor}))
    price_list = _list(channel, "EUR", vat_bp)
    try:
        split = split_purchase(price_minor, price_list, fees)
    except InvariantViolation:
        # Only the web processor's cut is on the whole charge (plus a fixed fee), so only it
        # can leave a negative net; the loader refuses such prices in a config.
        assert channel == "web"
        return
    assert split.gross_minor == price_minor
    assert split.store_fee_minor + split.tax_minor + split.net_minor == split.gross_minor
    assert min(split.store_fee_minor, split.tax_minor, split.net_minor) >= 0
    if vat_bp == 0:
        assert split.tax_minor == 0


@given(price_minor=st.integers(min_value=1, max_value=10**9))
def test_vat_inside_a_19_percent_price_is_within_half_a_minor_unit(price_minor: int) -> None:
    split = split_purchase(price_minor, _list("ios", "EUR", 1900), CONFIG.store_fees)
    net_of_tax = price_minor - split.tax_minor
    # |net_of_tax * 1.19 - gross| <= 0.5 * 1.19, in integer arithmetic
    assert abs(net_of_tax * 11_900 - price_minor * 10_000) <= 5_950


def test_every_configured_package_splits_with_a_positive_net() -> None:
    for price_list in CONFIG.price_lists:
        for package in price_list.packages:
            split = split_purchase(package.price_minor, price_list, CONFIG.store_fees)
            assert split.net_minor > 0


def test_split_refuses_a_non_positive_price() -> None:
    with pytest.raises(ValueError):
        split_purchase(0, _us("web"), CONFIG.store_fees)
