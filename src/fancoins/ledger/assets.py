"""Assets held in the ledger: the two in-app units and ISO 4217 currencies."""

from __future__ import annotations

from dataclasses import dataclass

COIN = "COIN"
DIAMOND = "DIAMOND"

# ISO 4217 minor-unit exponents for the currencies we price in. Most have two; a few have
# none (JPY, KRW) or three (KWD, BHD). Amounts are always integers of the minor unit.
CURRENCY_EXPONENTS: dict[str, int] = {
    "USD": 2, "EUR": 2, "GBP": 2, "CAD": 2, "AUD": 2, "NZD": 2, "CHF": 2, "SEK": 2,
    "NOK": 2, "DKK": 2, "PLN": 2, "CZK": 2, "HUF": 2, "RON": 2, "TRY": 2, "BRL": 2,
    "MXN": 2, "ARS": 2, "COP": 2, "CLP": 0, "PEN": 2, "INR": 2, "IDR": 2, "PHP": 2,
    "THB": 2, "MYR": 2, "SGD": 2, "HKD": 2, "TWD": 2, "CNY": 2, "JPY": 0, "KRW": 0,
    "VND": 0, "ZAR": 2, "NGN": 2, "EGP": 2, "SAR": 2, "AED": 2, "ILS": 2, "KWD": 3,
    "BHD": 3, "OMR": 3, "JOD": 3, "PKR": 2, "BDT": 2, "UAH": 2,
}


class UnknownAsset(ValueError):
    """The asset code is neither COIN, DIAMOND nor a configured ISO 4217 currency."""


@dataclass(frozen=True, slots=True)
class Asset:
    code: str
    exponent: int

    @property
    def is_currency(self) -> bool:
        return self.code not in (COIN, DIAMOND)


def asset(code: str) -> Asset:
    """Look up an asset by code: `COIN`, `DIAMOND` or an ISO 4217 currency."""
    if code in (COIN, DIAMOND):
        return Asset(code, 0)
    exponent = CURRENCY_EXPONENTS.get(code)
    if exponent is None:
        raise UnknownAsset(code)
    return Asset(code, exponent)


def is_known_asset(code: str) -> bool:
    return code in (COIN, DIAMOND) or code in CURRENCY_EXPONENTS


def format_minor(amount_minor: int, currency: str) -> str:
    """`format_minor(129, "USD") == "1.29"`; exact, no floats."""
    exponent = asset(currency).exponent
    sign = "-" if amount_minor < 0 else ""
    whole, frac = divmod(abs(amount_minor), 10**exponent)
    if exponent == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole}.{frac:0{exponent}d}"
