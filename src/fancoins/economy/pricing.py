"""Coin package prices: what a viewer is shown, and how a purchase's money splits.

Rounding is explicit and integer-only: `div_round_half_up` (halves go up) for fees, tax and
the per-100-coins figure; nothing here ever touches a float.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from fancoins.economy.rules import (
    BP_MAX,
    CHANNELS,
    CURRENCY_SYMBOLS,
    LOCALE_FORMATS,
    Channel,
    EconomyConfig,
    PackagePrice,
    PriceList,
    StoreFees,
)
from fancoins.ledger.assets import asset
from fancoins.ledger.invariants import InvariantViolation, invariant

NBSP = "\u00a0"  # between number and symbol, as CLDR does, so a price never wraps
PER_COINS = 100  # the unit for the per-coin value shown next to each pack


class UnknownChannel(ValueError):
    """The channel is not one of ios, android, web."""


class UnknownLocale(ValueError):
    """No number format is defined for this locale."""


@dataclass(frozen=True, slots=True)
class PricedPackage:
    coins: int
    price_minor: int
    currency: str
    price_text: str  # formatted for the list's locale: "$1.29", "0,99 €"
    price_per_100_coins_minor: int  # price_minor * 100 / coins, rounded half up
    best_value: bool  # lowest price per coin; exactly one package per catalogue


@dataclass(frozen=True, slots=True)
class PricedCatalog:
    requested_country: str
    country: str  # the country whose list is shown: the requested one or the fallback
    channel: Channel
    currency: str
    locale: str
    fell_back: bool
    packages: tuple[PricedPackage, ...]


@dataclass(frozen=True, slots=True)
class MoneySplit:
    """Where a purchase's gross goes. Always `gross == store_fee + tax + net`."""

    gross_minor: int
    store_fee_minor: int
    tax_minor: int
    net_minor: int


def parse_channel(channel: str) -> Channel:
    """`channel` as a `Channel`, or `UnknownChannel`."""
    for known in CHANNELS:
        if channel == known:
            return known
    raise UnknownChannel(channel)


def div_round_half_up(numerator: int, denominator: int) -> int:
    """`numerator / denominator` rounded to the nearest integer, halves up (both non-negative)."""
    invariant(numerator >= 0 and denominator > 0, "div_round_half_up takes n >= 0, d > 0")
    return (2 * numerator + denominator) // (2 * denominator)


def plan_price_list(config: EconomyConfig, country: str, channel: str) -> PricedCatalog:
    """The packages a viewer in `country` sees on `channel`, formatted and marked.

    A country without a list for this channel gets the fallback country's list (in its
    currency); `fell_back` says so. Country codes are matched upper-cased.
    """
    checked_channel = parse_channel(channel)
    requested = country.upper()
    price_list = config.price_list(requested, checked_channel) or config.price_list(
        config.fallback_country, checked_channel
    )
    if price_list is None:
        raise InvariantViolation("EconomyConfig guarantees the fallback country every channel")
    best = _best_value(price_list.packages)
    packages = tuple(
        PricedPackage(
            coins=package.coins,
            price_minor=package.price_minor,
            currency=price_list.currency,
            price_text=format_price(package.price_minor, price_list.currency, price_list.locale),
            price_per_100_coins_minor=div_round_half_up(
                package.price_minor * PER_COINS, package.coins
            ),
            best_value=package is best,
        )
        for package in price_list.packages
    )
    return PricedCatalog(
        requested_country=requested,
        country=price_list.country,
        channel=price_list.channel,
        currency=price_list.currency,
        locale=price_list.locale,
        fell_back=price_list.country != requested,
        packages=packages,
    )


def _best_value(packages: tuple[PackagePrice, ...]) -> PackagePrice:
    """Lowest exact price per coin; on a tie the larger pack (more coins for the same rate)."""
    return min(packages, key=lambda p: (Fraction(p.price_minor, p.coins), -p.coins))


def tax_minor(gross_minor: int, price_list: PriceList) -> int:
    """The VAT/GST inside a tax-inclusive price: gross - round(gross / (1 + vat)); else 0."""
    if not price_list.tax_inclusive or price_list.vat_bp == 0:
        return 0
    net_of_tax_minor = div_round_half_up(gross_minor * BP_MAX, BP_MAX + price_list.vat_bp)
    return gross_minor - net_of_tax_minor


def store_fee_minor(gross_minor: int, price_list: PriceList, fees: StoreFees) -> int:
    """The store's or processor's cut of one charge, rounded half up.

    Apple and Google take commission on the price net of VAT; a card processor charges a
    percentage of the whole charge plus a fixed fee.
    """
    bp = fees.channel_bp(price_list.channel)
    if price_list.channel != "web":
        base_minor = gross_minor - tax_minor(gross_minor, price_list)
        return div_round_half_up(base_minor * bp, BP_MAX)
    fixed_minor = fees.web_fixed_minor.get(price_list.currency)
    if fixed_minor is None:
        raise ValueError(f"no store_fees.web_fixed_minor for {price_list.currency}")
    return div_round_half_up(gross_minor * bp, BP_MAX) + fixed_minor


def split_purchase(price_minor: int, price_list: PriceList, fees: StoreFees) -> MoneySplit:
    """Split one purchase of `price_minor` (in the list's currency) into fee, tax and net."""
    if price_minor <= 0:
        raise ValueError(f"price_minor must be positive, got {price_minor}")
    fee_minor = store_fee_minor(price_minor, price_list, fees)
    tax = tax_minor(price_minor, price_list)
    split = MoneySplit(
        gross_minor=price_minor,
        store_fee_minor=fee_minor,
        tax_minor=tax,
        net_minor=price_minor - fee_minor - tax,
    )
    invariant(
        split.gross_minor == split.store_fee_minor + split.tax_minor + split.net_minor,
        f"money split does not add up: {split}",
    )
    invariant(
        split.tax_minor >= 0 and split.store_fee_minor >= 0 and split.net_minor >= 0,
        f"negative leg in money split {split} (the loader refuses prices below fee and tax)",
    )
    return split


def format_price(amount_minor: int, currency: str, locale: str) -> str:
    """Format an amount for display: `$1.29`, `£0.99`, `0,99 €`, `¥160`, `₹99.00`, `R$ 5,90`.

    Separators and symbol placement come from `LOCALE_FORMATS`; the number of decimals from
    the currency's ISO 4217 exponent. A no-break space separates symbol and number where the
    locale puts a space. Currencies without a symbol are shown by their code.
    """
    shape = LOCALE_FORMATS.get(locale)
    if shape is None:
        raise UnknownLocale(locale)
    exponent = asset(currency).exponent
    whole, fraction = divmod(abs(amount_minor), 10**exponent)
    digits = _group(str(whole), shape.group_sep, shape.indian_grouping)
    if exponent:
        digits = f"{digits}{shape.decimal_sep}{fraction:0{exponent}d}"
    symbol = CURRENCY_SYMBOLS.get(currency)
    space = NBSP if shape.symbol_space or symbol is None else ""
    symbol = symbol or currency
    text = f"{symbol}{space}{digits}" if shape.symbol_first else f"{digits}{space}{symbol}"
    return f"-{text}" if amount_minor < 0 else text


def _group(digits: str, separator: str, indian: bool) -> str:
    """Insert thousands separators: 1,234,567 or, Indian style, 12,34,567."""
    head, tail = digits[:-3], digits[-3:]
    size = 2 if indian else 3
    groups: list[str] = []
    while head:
        groups.insert(0, head[-size:])
        head = head[:-size]
    return separator.join([*groups, tail])


NO_MONEY = MoneySplit(0, 0, 0, 0)  # a purchase nobody paid for (an audited grant)


def split_charge(
    gross_minor: int, *, channel: Channel, currency: str, fees: StoreFees,
    price_list: PriceList | None = None, reported_tax_minor: int | None = None,
) -> MoneySplit:
    """Split what a store or processor reports it charged (in `currency`) into fee, tax and
    net. Tax is what the store reports, else the rule of `price_list` (the storefront
    country's list, when it is priced in the same currency), else none. The fee follows the
    channel's rule (`store_fee_minor`) and never exceeds what the tax leaves."""
    if gross_minor <= 0:
        raise ValueError(f"gross_minor must be positive, got {gross_minor}")
    if reported_tax_minor is not None:
        tax = min(max(reported_tax_minor, 0), gross_minor)
    elif price_list is not None and price_list.currency == currency:
        tax = tax_minor(gross_minor, price_list)
    else:
        tax = 0
    bp = fees.channel_bp(channel)
    if channel == "web":
        fee = div_round_half_up(gross_minor * bp, BP_MAX) + fees.web_fixed_minor.get(currency, 0)
    else:
        fee = div_round_half_up((gross_minor - tax) * bp, BP_MAX)
    fee = min(fee, gross_minor - tax)
    split = MoneySplit(gross_minor, fee, tax, gross_minor - fee - tax)
    invariant(split.net_minor >= 0, f"negative net in {split}")
    return split
