"""Money and counts for people to read, from integer minor units, through Babel (CLDR): the
same figures the browser shows with `Intl.NumberFormat` for the same locale. Display only:
nothing computed from these strings goes back into a balance."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency, format_decimal

DEFAULT_LOCALE = "en_US"


def major(amount_minor: int, exponent: int) -> Decimal:
    """Minor units as an exact decimal of major units (`major(129, 2) == Decimal("1.29")`)."""
    return Decimal(amount_minor).scaleb(-exponent)


def format_money(amount_minor: int, currency: str, exponent: int,
                 locale: str = DEFAULT_LOCALE) -> str:
    """`format_money(129, "USD", 2) == "$1.29"`; `(1999, "EUR", 2, "de_DE")` → "19,99 €"."""
    return format_currency(major(amount_minor, exponent), currency, locale=locale)


def format_count(value: int, locale: str = DEFAULT_LOCALE) -> str:
    """Whole numbers (coins, diamonds) grouped the locale's way: 1,000 / 1.000 / 1 000."""
    return format_decimal(value, locale=locale)
