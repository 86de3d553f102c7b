"""The browser's money and counts (the app's one formatter, Intl.NumberFormat) read the same as
the server's (Babel, `fancoins.kit.money`) for the same amount, currency and locale."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from fancoins.kit.money import format_count, format_money
from fancoins.ledger.assets import CURRENCY_EXPONENTS
from tests.web.browser import Demo

pytestmark = pytest.mark.browser

# (amount in minor units, currency, CLDR locale): the demo's countries, no-decimal and
# three-decimal currencies, negatives and amounts past 2**53.
MONEY = [
    (129, "USD", "en_US"), (1999, "EUR", "de_DE"), (1999, "GBP", "en_GB"),
    (160_000, "JPY", "ja_JP"), (9_900, "INR", "en_IN"), (12_345_678, "INR", "en_IN"),
    (2_990, "BRL", "pt_BR"), (5, "KWD", "ar_KW"), (1_234_567, "KWD", "ar_KW"),
    (-250, "EUR", "fr_FR"), (99_999, "CHF", "de_CH"), (100_000_000, "KRW", "ko_KR"),
    (123_456, "MXN", "es_MX"), (75_000, "TRY", "tr_TR"),
    (900_719_925_474_099_312, "USD", "en_US"), (49_999, "EUR", "es_ES"),
]
COUNTS = [(0, "en_US"), (2_000, "de_DE"), (1_234_567, "fr_FR"), (12_345_678, "en_IN"),
          (10_000, "es_ES"), (-5_000, "pt_BR"), (123_456_789_012_345_678, "en_US")]


# Where the two differ, written down so a change on either side is seen: CLDR's currency
# spacing (a space between a currency *code* and a digit) is applied by ICU and not by Babel;
# Babel rounds IDR to CLDR's 0 digits while the ledger (and the browser) keep ISO 4217's 2.
KNOWN_DIFFERENCES = [
    ((1_234_567, "KWD", "en_US"), "KWD\u00a01,234.567", "KWD1,234.567"),
    ((99, "IDR", "id_ID"), "Rp\u00a00,99", "Rp1"),
]


def test_browser_money_matches_the_servers(page: Page, demo: Demo) -> None:
    page.goto(demo.base_url + "/app/")
    shown = page.evaluate("""async ([money, counts]) => {
        const m = await import('/app/js/money.js');
        return {
          money: money.map(([amount, currency, locale]) =>
            m.formatMoney(String(amount), currency, {locale})),
          counts: counts.map(([value, locale]) => m.formatCount(String(value), locale)),
        };
    }""", [[(str(a), c, loc) for a, c, loc in MONEY], [(str(v), loc) for v, loc in COUNTS]])
    server_money = [format_money(amount, currency, CURRENCY_EXPONENTS[currency], locale)
                    for amount, currency, locale in MONEY]
    server_counts = [format_count(value, locale) for value, locale in COUNTS]
    assert list(zip(MONEY, shown["money"], strict=True)) == list(
        zip(MONEY, server_money, strict=True))
    assert list(zip(COUNTS, shown["counts"], strict=True)) == list(
        zip(COUNTS, server_counts, strict=True))

    for (amount, currency, locale), browser, server in KNOWN_DIFFERENCES:
        assert format_money(amount, currency, CURRENCY_EXPONENTS[currency], locale) == server
        assert page.evaluate("""async ([amount, currency, locale]) => {
            const m = await import('/app/js/money.js');
            return m.formatMoney(String(amount), currency, {locale});
        }""", [str(amount), currency, locale]) == browser
