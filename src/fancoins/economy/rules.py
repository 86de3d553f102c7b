"""The typed economy configuration: every number the economy runs on, validated once.

The defaults live in one place, `fancoins/defaults/economy.toml` (`fancoins.economy_file`);
these classes deliberately carry no numeric defaults so the two can never drift apart.

Each field declares its check (`field(metadata=rule(...))`); each class runs them, and its
cross-field rules, in `__post_init__`, raising `EconomyConfigError` with a key relative to itself
(`price_minor`, `packages[2].coins`). The economy file loader (`fancoins.economy_file`)
prefixes the file's path, so a message reads
`packages.US.web[2].price_minor: must be a positive integer, got -5`.

Fallback rule: a country with no price list for a channel is served the `fallback_country`
price list for that channel, in that list's currency (by default: the US list, in USD).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any, Literal

from fancoins.ledger.assets import CURRENCY_EXPONENTS

Channel = Literal["ios", "android", "web"]
CHANNELS: tuple[Channel, ...] = ("ios", "android", "web")

BP_MAX = 10_000  # basis points in a whole
LEVEL_MAX = 50  # DESIGN §1: gifter levels 1 to 50
PACKAGES_MAX = 20  # more packs than this is a config mistake, not a catalogue
GIFTS_MAX = 500
NAME_LEN_MAX = 64
URL_LEN_MAX = 2048

_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_COUNTRY = re.compile(r"[A-Z]{2}")


class EconomyConfigError(ValueError):
    """A configuration value is missing or wrong. `str()` is one line: `key: problem`."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}" if key else problem)
        self.key = key
        self.problem = problem

    def under(self, prefix: str) -> EconomyConfigError:
        """The same error with `prefix` prepended to its key (`[2]` joins without a dot)."""
        if not self.key:
            key = prefix
        elif self.key.startswith("["):
            key = f"{prefix}{self.key}"
        else:
            key = f"{prefix}.{self.key}"
        return EconomyConfigError(key, self.problem)


@dataclass(frozen=True, slots=True)
class LocaleFormat:
    """How a locale writes money: separators, grouping and where the symbol goes."""

    group_sep: str
    decimal_sep: str
    indian_grouping: bool  # 12,34,567: groups of two above the first three digits
    symbol_first: bool
    symbol_space: bool  # a no-break space between symbol and number


_NARROW = LocaleFormat(",", ".", indian_grouping=False, symbol_first=True, symbol_space=False)
_INDIAN = LocaleFormat(",", ".", indian_grouping=True, symbol_first=True, symbol_space=False)

# The locales the price formatter knows; a price list must name one of them.
LOCALE_FORMATS: Mapping[str, LocaleFormat] = MappingProxyType(
    {
        "en_US": _NARROW,
        "en_GB": _NARROW,
        "ja_JP": _NARROW,
        "hi_IN": _INDIAN,
        "en_IN": _INDIAN,
        "de_DE": LocaleFormat(
            ".", ",", indian_grouping=False, symbol_first=False, symbol_space=True
        ),
        "pt_BR": LocaleFormat(
            ".", ",", indian_grouping=False, symbol_first=True, symbol_space=True
        ),
    }
)

# Display symbols; a currency missing here is shown by its ISO code ("CHF 12.00").
CURRENCY_SYMBOLS: Mapping[str, str] = MappingProxyType(
    {
        "USD": "$",
        "GBP": "£",
        "EUR": "€",
        "JPY": "¥",
        "INR": "₹",
        "BRL": "R$",
    }
)


def check_int(key: str, value: object, low: int, high: int | None = None) -> int:
    """Return `value` if it is an int (not a bool) in `[low, high]`; otherwise raise."""
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and low <= value
        and (high is None or value <= high)
    ):
        return value
    if high is not None:
        wanted = f"an integer from {low} to {high}"
    elif low == 1:
        wanted = "a positive integer"
    elif low == 0:
        wanted = "a non-negative integer"
    else:
        wanted = f"an integer of at least {low}"
    raise EconomyConfigError(key, f"must be {wanted}, got {value!r}")


def check_not_below(key: str, value: object, floor_key: str, floor: int) -> None:
    """`value` is an integer of at least `floor`, the value of the setting `floor_key`."""
    if check_int(key, value, 0) < floor:
        raise EconomyConfigError(key, f"must be at least {floor_key} ({floor}), got {value!r}")


def check_bool(key: str, value: object) -> None:
    if not isinstance(value, bool):
        raise EconomyConfigError(key, f"must be true or false, got {value!r}")


def check_text(
    key: str,
    value: object,
    pattern: re.Pattern[str] | None,
    wanted: str,
    len_max: int = NAME_LEN_MAX,
) -> None:
    """`value` must be a non-empty string (matching `pattern` in full, when given)."""
    if (
        isinstance(value, str)
        and 0 < len(value) <= len_max
        and (pattern is None or pattern.fullmatch(value) is not None)
    ):
        return
    raise EconomyConfigError(key, f"must be {wanted}, got {value!r}")


def check_country(key: str, value: object) -> None:
    check_text(key, value, _COUNTRY, "an ISO 3166-1 alpha-2 code (two capital letters)")


def check_currency(key: str, value: object) -> None:
    if not isinstance(value, str) or value not in CURRENCY_EXPONENTS:
        raise EconomyConfigError(key, f"must be a known ISO 4217 currency code, got {value!r}")


def check_slug(key: str, value: object) -> None:
    check_text(key, value, _SLUG, "a lowercase id of letters, digits, '_' or '-'")


def check_int_map(key: str, value: object, low: int) -> Mapping[str, int]:
    """A currency → integer mapping, copied into a read-only view."""
    if not isinstance(value, Mapping):
        raise EconomyConfigError(key, f"must be a table of currency = integer, got {value!r}")
    for currency, amount in value.items():
        check_currency(f"{key}.{currency}", currency)
        check_int(f"{key}.{currency}", amount, low)
    return MappingProxyType(dict(value))


def check_unique_texts(key: str, value: object) -> None:
    """A non-empty tuple of distinct non-empty strings."""
    if not isinstance(value, tuple) or not value:
        raise EconomyConfigError(key, f"must be a non-empty list, got {value!r}")
    for index, item in enumerate(value):
        check_text(f"{key}[{index}]", item, None, "a non-empty string")
        if item in value[:index]:
            raise EconomyConfigError(f"{key}[{index}]", f"duplicate {item!r}")


# --- declared checks: each field says how its value is checked --------------------------

# `check(key, value)` raises `EconomyConfigError`, or returns a normalised value (or None).
Check = Callable[[str, object], object]


def rule(check: Check) -> Mapping[str, Check]:
    """Field metadata declaring how the field's value is checked: `field(metadata=rule(...))`
    (see `check_fields`). The economy file loader reads the same check to word a mistyped
    value's error."""
    return MappingProxyType({"check": check})


def field_check(cls: type[Any], name: str) -> Check | None:
    for item in fields(cls):
        if item.name == name:
            check: Check | None = item.metadata.get("check")
            return check
    return None


def check_fields(instance: Any) -> None:
    """Run every field's declared check, in field order (a normalised value replaces it)."""
    for item in fields(instance):
        check = item.metadata.get("check")
        if check is None:
            continue
        normalised = check(item.name, getattr(instance, item.name))
        if normalised is not None:
            object.__setattr__(instance, item.name, normalised)


def ints(low: int, high: int | None = None) -> Check:
    def check(key: str, value: object) -> None:
        check_int(key, value, low, high)
    return check


def int_maps(low: int) -> Check:
    return lambda key, value: check_int_map(key, value, low)


def texts(wanted: str, len_max: int = NAME_LEN_MAX) -> Check:
    return lambda key, value: check_text(key, value, None, wanted, len_max)


def one_of(choices: Collection[str]) -> Check:
    def check(key: str, value: object) -> None:
        if value not in choices:
            raise EconomyConfigError(key, f"must be one of {', '.join(choices)}, got {value!r}")
    return check


def _channel(key: str, value: object) -> None:
    if value not in CHANNELS:
        raise EconomyConfigError(key, f"must be one of {CHANNELS}, got {value!r}")


# --- prices -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PackagePrice:
    """One coin package: `coins` for `price_minor` (minor units of the list's currency)."""

    coins: int = field(metadata=rule(ints(1)))
    price_minor: int = field(metadata=rule(ints(1)))

    def __post_init__(self) -> None:
        check_fields(self)


@dataclass(frozen=True, slots=True)
class PriceList:
    """The packages a country sees on one channel, in one currency.

    `tax_inclusive` lists include VAT/GST at `vat_bp` (1900 = 19%); tax-exclusive lists (the
    US: sales tax is added and remitted by the store) must have `vat_bp == 0`.
    """

    country: str = field(metadata=rule(check_country))
    channel: Channel = field(metadata=rule(_channel))
    currency: str = field(metadata=rule(check_currency))
    tax_inclusive: bool = field(metadata=rule(check_bool))
    vat_bp: int = field(metadata=rule(ints(0, BP_MAX)))
    locale: str = field(metadata=rule(one_of(LOCALE_FORMATS)))
    packages: tuple[PackagePrice, ...] = field()

    def __post_init__(self) -> None:
        check_fields(self)
        if not self.tax_inclusive and self.vat_bp != 0:
            raise EconomyConfigError("vat_bp", "must be 0 when tax_inclusive is false")
        self._check_packages()

    def _check_packages(self) -> None:
        count = len(self.packages)
        if not 1 <= count <= PACKAGES_MAX:
            raise EconomyConfigError("packages", f"must hold 1 to {PACKAGES_MAX} packages")
        for index, package in enumerate(self.packages):
            if not isinstance(package, PackagePrice):
                raise EconomyConfigError(f"packages[{index}]", "must be a PackagePrice")
            if index and package.coins <= self.packages[index - 1].coins:
                raise EconomyConfigError(
                    f"packages[{index}].coins",
                    f"must be greater than the previous package's {self.packages[index - 1].coins}"
                    " (list packages from smallest to largest)",
                )


@dataclass(frozen=True, slots=True)
class StoreFees:
    """What each channel's store or processor keeps, in basis points of the charge.

    Apple and Google take their commission on the price net of VAT; the web processor
    charges `web_bp` of the whole charge plus a fixed fee in the charge's currency.
    """

    apple_bp: int = field(metadata=rule(ints(0, BP_MAX)))
    google_bp: int = field(metadata=rule(ints(0, BP_MAX)))
    web_bp: int = field(metadata=rule(ints(0, BP_MAX)))
    web_fixed_minor: Mapping[str, int] = field(metadata=rule(int_maps(0)))

    def __post_init__(self) -> None:
        check_fields(self)

    def channel_bp(self, channel: Channel) -> int:
        return {"ios": self.apple_bp, "android": self.google_bp, "web": self.web_bp}[channel]


# --- gifts ------------------------------------------------------------------------------


def _countries(key: str, value: object) -> None:
    if value is None:
        return
    if not isinstance(value, tuple) or not value:
        raise EconomyConfigError(key, "must be a non-empty list (omit it for all)")
    for index, country in enumerate(value):
        check_country(f"{key}[{index}]", country)


@dataclass(frozen=True, slots=True)
class GiftSpec:
    """A gift in the catalogue. `countries=None` offers it everywhere."""

    id: str = field(metadata=rule(check_slug))
    name: str = field(metadata=rule(texts(f"a name of 1 to {NAME_LEN_MAX} characters")))
    price_coins: int = field(metadata=rule(ints(1)))
    streakable: bool = field(metadata=rule(check_bool))
    image: str = field(metadata=rule(texts("a non-empty image path or URL", URL_LEN_MAX)))
    active: bool = field(metadata=rule(check_bool))
    countries: tuple[str, ...] | None = field(metadata=rule(_countries))

    def __post_init__(self) -> None:
        check_fields(self)


@dataclass(frozen=True, slots=True)
class Gifting:
    """How gifts turn into diamonds and when repeated gifts form a combo.

    A gift of N coins credits `floor(N * diamonds_per_coin_numerator /
    diamonds_per_coin_denominator)` diamonds (an exact ratio, never a float).
    Gifts that do not say `streakable` in the config are streakable when they cost at most
    `streakable_price_max_coins`.
    """

    diamonds_per_coin_numerator: int = field(metadata=rule(ints(1)))
    diamonds_per_coin_denominator: int = field(metadata=rule(ints(1)))
    combo_window_s: int = field(metadata=rule(ints(1, 3600)))
    # A combo that would pass this starts a new one: bounded counters.
    combo_count_max: int = field(metadata=rule(ints(1)))
    # The largest "x N" a single send may carry.
    count_per_send_max: int = field(metadata=rule(ints(1)))
    streakable_price_max_coins: int = field(metadata=rule(ints(0)))

    def __post_init__(self) -> None:
        check_fields(self)
        check_not_below(
            "combo_count_max", self.combo_count_max, "count_per_send_max", self.count_per_send_max
        )


# --- limits, payouts, levels, promotions, age ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-user purchase caps, per currency (no FX: each currency has its own cap), and the
    cooling-off before a raised spending limit takes effect."""

    purchase_cap_daily_minor: Mapping[str, int] = field(metadata=rule(int_maps(0)))
    purchase_cap_weekly_minor: Mapping[str, int] = field(metadata=rule(int_maps(0)))
    spend_limit_raise_cooling_off_s: int = field(metadata=rule(ints(0)))

    def __post_init__(self) -> None:
        check_fields(self)
        daily, weekly = self.purchase_cap_daily_minor, self.purchase_cap_weekly_minor
        for currency, cap_minor in daily.items():
            if currency not in weekly:
                raise EconomyConfigError(f"purchase_cap_weekly_minor.{currency}", "missing")
            if weekly[currency] < cap_minor:
                raise EconomyConfigError(
                    f"purchase_cap_weekly_minor.{currency}",
                    f"must be at least the daily cap {cap_minor}, got {weekly[currency]}",
                )


@dataclass(frozen=True, slots=True)
class Payouts:
    """Diamond cash value and withdrawal rules.

    The value is an exact ratio: `cash_minor_per_1000_diamonds` minor units of `currency`
    per 1,000 diamonds (500 = $5.00 per 1,000 = $0.005 per diamond).
    """

    currency: str = field(metadata=rule(check_currency))
    cash_minor_per_1000_diamonds: int = field(metadata=rule(ints(1)))
    hold_days: int = field(metadata=rule(ints(0, 365)))
    min_withdrawal_minor: int = field(metadata=rule(ints(1)))
    daily_cap_minor: int = field(metadata=rule(ints(0)))

    def __post_init__(self) -> None:
        check_fields(self)
        check_not_below(
            "daily_cap_minor",
            self.daily_cap_minor,
            "min_withdrawal_minor",
            self.min_withdrawal_minor,
        )


@dataclass(frozen=True, slots=True)
class BadgeTier:
    """The badge a gifter shows from `min_level` up (until the next tier)."""

    min_level: int = field(metadata=rule(ints(1, LEVEL_MAX)))
    badge: str = field(metadata=rule(check_slug))

    def __post_init__(self) -> None:
        check_fields(self)


def _thresholds(key: str, value: object) -> None:
    wanted = LEVEL_MAX - 1
    if not isinstance(value, tuple) or len(value) != wanted:
        raise EconomyConfigError(key, f"must list exactly {wanted} thresholds")
    previous = 0
    for index, threshold in enumerate(value):
        item = f"{key}[{index}]"
        check_int(item, threshold, 1)
        if threshold <= previous:
            raise EconomyConfigError(item, f"must be above the previous threshold {previous}")
        previous = threshold


@dataclass(frozen=True, slots=True)
class Levels:
    """Gifter levels. `thresholds_coins[i]` lifetime coins spent reach level `i + 2`."""

    thresholds_coins: tuple[int, ...] = field(metadata=rule(_thresholds))
    badge_tiers: tuple[BadgeTier, ...] = field()

    def __post_init__(self) -> None:
        check_fields(self)
        for index, tier in enumerate(self.badge_tiers):
            previous_level = self.badge_tiers[index - 1].min_level if index else 0
            if tier.min_level <= previous_level:
                raise EconomyConfigError(
                    f"badge_tiers[{index}].min_level",
                    f"must be above the previous tier's {previous_level}, got {tier.min_level}",
                )


@dataclass(frozen=True, slots=True)
class ReachRange:
    """Estimated views per 100 coins of budget (per 100 so that rates below 1 stay integers)."""

    low_views: int = field(metadata=rule(ints(0)))
    high_views: int = field(metadata=rule(ints(0)))

    def __post_init__(self) -> None:
        check_fields(self)
        check_not_below("high_views", self.high_views, "low_views", self.low_views)


def _unique_texts(key: str, value: object) -> None:
    check_unique_texts(key, value)


@dataclass(frozen=True, slots=True)
class Promotions:
    """Bounds and estimates for coin-paid video promotions."""

    min_budget_coins: int = field(metadata=rule(ints(1)))
    max_budget_coins: int = field(metadata=rule(ints(0)))
    min_days: int = field(metadata=rule(ints(1)))
    max_days: int = field(metadata=rule(ints(0)))
    objectives: tuple[str, ...] = field(metadata=rule(_unique_texts))
    reach_per_100_coins: Mapping[str, ReachRange] = field()
    # A custom audience is narrower: reach scaled by this.
    custom_audience_reach_bp: int = field(metadata=rule(ints(0, BP_MAX)))
    age_bands: tuple[str, ...] = field(metadata=rule(_unique_texts))
    genders: tuple[str, ...] = field(metadata=rule(_unique_texts))
    interests_max: int = field(metadata=rule(ints(0, 1000)))
    locations_max: int = field(metadata=rule(ints(0, 1000)))

    def __post_init__(self) -> None:
        check_fields(self)
        check_not_below(
            "max_budget_coins", self.max_budget_coins, "min_budget_coins", self.min_budget_coins
        )
        check_not_below("max_days", self.max_days, "min_days", self.min_days)
        for objective in self.objectives:
            if objective not in self.reach_per_100_coins:
                raise EconomyConfigError(f"reach_per_100_coins.{objective}", "missing")
        for objective in self.reach_per_100_coins:
            if objective not in self.objectives:
                raise EconomyConfigError(f"reach_per_100_coins.{objective}", "not an objective")
        object.__setattr__(
            self, "reach_per_100_coins", MappingProxyType(dict(self.reach_per_100_coins))
        )


AGE_YEARS_MAX = 150
# What an age rule can be about: buying coins, sending and receiving gifts, hosting a LIVE,
# promoting a video, withdrawing, and gifts on videos (a stricter rule in some countries,
# on top of sending or receiving).
AGE_ACTIONS = ("buy", "send", "receive", "host", "promote", "withdraw", "video_gift")


def _age_years(key: str, value: object) -> None:
    if value is not None:
        check_int(key, value, 0, AGE_YEARS_MAX)


@dataclass(frozen=True, slots=True)
class ActionAges:
    """One country's minimum ages, per action; an action left out keeps the default."""

    buy: int | None = field(default=None, metadata=rule(_age_years))
    send: int | None = field(default=None, metadata=rule(_age_years))
    receive: int | None = field(default=None, metadata=rule(_age_years))
    host: int | None = field(default=None, metadata=rule(_age_years))
    promote: int | None = field(default=None, metadata=rule(_age_years))
    withdraw: int | None = field(default=None, metadata=rule(_age_years))
    video_gift: int | None = field(default=None, metadata=rule(_age_years))

    def __post_init__(self) -> None:
        check_fields(self)

    def for_action(self, action: str) -> int | None:
        value: int | None = getattr(self, action)
        return value


def _country_ages(key: str, value: object) -> Mapping[str, ActionAges]:
    if not isinstance(value, Mapping):
        raise EconomyConfigError(key, f"must be a table of country = ages, got {value!r}")
    for country, ages in value.items():
        check_country(f"{key}.{country}", country)
        if not isinstance(ages, ActionAges):
            raise EconomyConfigError(f"{key}.{country}", "must be a table of action = age")
    return MappingProxyType(dict(value))


@dataclass(frozen=True, slots=True)
class Age:
    """Minimum ages: `min_age_years` for every action everywhere, unless `countries` names
    another for an action there (by law or the host's policy). `with_guardian` is where the
    local law lets a minor with a linked guardian act younger (the guardian's caps then bound
    what they buy and spend); by default no country does, so 18+ holds."""

    min_age_years: int = field(metadata=rule(ints(0, AGE_YEARS_MAX)))
    countries: Mapping[str, ActionAges] = field(
        default_factory=lambda: MappingProxyType({}), metadata=rule(_country_ages))
    with_guardian: Mapping[str, ActionAges] = field(
        default_factory=lambda: MappingProxyType({}), metadata=rule(_country_ages))

    def __post_init__(self) -> None:
        check_fields(self)
        for country, ages in self.with_guardian.items():
            for action in AGE_ACTIONS:
                younger = ages.for_action(action)
                if younger is not None and younger > self.min_age(action, country):
                    raise EconomyConfigError(
                        f"with_guardian.{country}.{action}",
                        f"must not be above the age without a guardian "
                        f"({self.min_age(action, country)}), got {younger}")

    def min_age(self, action: str, country: str) -> int:
        """The minimum age for `action` in `country` (without a guardian)."""
        ages = self.countries.get(country)
        named = ages.for_action(action) if ages is not None else None
        return self.min_age_years if named is None else named

    def min_age_with_guardian(self, action: str, country: str) -> int | None:
        """How young a minor with a guardian may do `action` in `country` (None: no younger
        than without one)."""
        ages = self.with_guardian.get(country)
        return ages.for_action(action) if ages is not None else None


# --- LIVE: gift tiers, messages, fan clubs -----------------------------------------------

GIFT_TIER_NAMES = ("pop", "banner", "stage")  # the three animations the room and overlay know
MESSAGE_CHARS_MAX = 500  # no tier may allow more: the API parses no longer message
BLOCKED_TERMS_MAX = 10_000
FAN_CLUB_LEVELS_MAX = 50


@dataclass(frozen=True, slots=True)
class GiftTier:
    """How big a LIVE gift of at least `min_coins` (price x count) looks, how long a message it
    may carry, and how long that message stays pinned."""

    name: str = field(metadata=rule(one_of(GIFT_TIER_NAMES)))
    min_coins: int = field(metadata=rule(ints(1)))
    message_chars_max: int = field(metadata=rule(ints(0, MESSAGE_CHARS_MAX)))
    message_pin_s: int = field(metadata=rule(ints(0, 3600)))

    def __post_init__(self) -> None:
        check_fields(self)


def check_gift_tiers(tiers: tuple[GiftTier, ...]) -> None:
    """Exactly the three tiers, in order, from 1 coin up, each allowing at least as much."""
    if tuple(t.name for t in tiers) != GIFT_TIER_NAMES:
        raise EconomyConfigError("", f"must list the tiers {GIFT_TIER_NAMES} in this order")
    if tiers[0].min_coins != 1:
        raise EconomyConfigError("[0].min_coins", "must be 1: every gift has a tier")
    for index in range(1, len(tiers)):
        before, tier = tiers[index - 1], tiers[index]
        if tier.min_coins <= before.min_coins:
            raise EconomyConfigError(f"[{index}].min_coins",
                                     f"must be above {before.min_coins}, got {tier.min_coins}")
        check_not_below(f"[{index}].message_chars_max", tier.message_chars_max,
                        f"[{index - 1}].message_chars_max", before.message_chars_max)
        check_not_below(f"[{index}].message_pin_s", tier.message_pin_s,
                        f"[{index - 1}].message_pin_s", before.message_pin_s)


def _blocked_terms(key: str, value: object) -> None:
    if not isinstance(value, tuple) or len(value) > BLOCKED_TERMS_MAX:
        raise EconomyConfigError(key, f"must be a list of at most {BLOCKED_TERMS_MAX} terms")
    for index, term in enumerate(value):
        check_text(f"{key}[{index}]", term, None, "a non-empty term", 200)


def _level_points(key: str, value: object) -> None:
    if not isinstance(value, tuple) or not 1 <= len(value) < FAN_CLUB_LEVELS_MAX:
        raise EconomyConfigError(key, f"must list 1 to {FAN_CLUB_LEVELS_MAX - 1} thresholds")
    previous = 0
    for index, points in enumerate(value):
        check_int(f"{key}[{index}]", points, previous + 1)
        previous = points


@dataclass(frozen=True, slots=True)
class Messages:
    """Messages on LIVE gifts: terms that refuse a message outright (matched without regard
    to case or spacing), before the host's moderation hook is asked."""

    blocked_terms: tuple[str, ...] = field(metadata=rule(_blocked_terms))

    def __post_init__(self) -> None:
        check_fields(self)


@dataclass(frozen=True, slots=True)
class FanClub:
    """A creator's fan club: joined by sending `gift_id` to the creator; activity points from
    coins gifted to the creator and minutes watching their LIVE; `level_points[i]` points reach
    level `i + 2`; a membership lapses after `lapse_days` without activity."""

    gift_id: str = field(metadata=rule(check_slug))
    lapse_days: int = field(metadata=rule(ints(1, 365)))
    points_per_coin: int = field(metadata=rule(ints(0, 1000)))
    points_per_watch_minute: int = field(metadata=rule(ints(0, 1000)))
    level_points: tuple[int, ...] = field(metadata=rule(_level_points))

    def __post_init__(self) -> None:
        check_fields(self)


# --- the whole economy ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EconomyConfig:
    fallback_country: str = field(metadata=rule(check_country))
    price_lists: tuple[PriceList, ...]
    store_fees: StoreFees
    gifts: tuple[GiftSpec, ...]
    gifting: Gifting
    limits: Limits
    payouts: Payouts
    levels: Levels
    promotions: Promotions
    age: Age
    gift_tiers: tuple[GiftTier, ...]
    messages: Messages
    fan_club: FanClub

    def __post_init__(self) -> None:
        check_fields(self)
        self._check_price_lists()
        self._check_gifts()

    def _check_price_lists(self) -> None:
        seen: set[tuple[str, str]] = set()
        for price_list in self.price_lists:
            key = f"packages.{price_list.country}.{price_list.channel}"
            if (price_list.country, price_list.channel) in seen:
                raise EconomyConfigError(key, "priced twice")
            seen.add((price_list.country, price_list.channel))
            self._check_currency_settings(key, price_list.currency, price_list.channel)
        for channel in CHANNELS:
            if (self.fallback_country, channel) not in seen:
                raise EconomyConfigError(
                    "fallback_country",
                    f"{self.fallback_country} must be priced on every channel, missing {channel}",
                )

    def _check_currency_settings(self, key: str, currency: str, channel: Channel) -> None:
        if channel == "web" and currency not in self.store_fees.web_fixed_minor:
            raise EconomyConfigError(
                f"store_fees.web_fixed_minor.{currency}", f"missing ({key} is priced in it)"
            )
        if currency not in self.limits.purchase_cap_daily_minor:
            raise EconomyConfigError(
                f"limits.purchase_cap_daily_minor.{currency}", f"missing ({key} is priced in it)"
            )

    def _check_gifts(self) -> None:
        if len(self.gifts) > GIFTS_MAX:
            raise EconomyConfigError("gifts", f"must hold at most {GIFTS_MAX} gifts")
        seen: set[str] = set()
        for index, gift in enumerate(self.gifts):
            if gift.id in seen:
                raise EconomyConfigError(f"gifts[{index}].id", f"duplicate gift id {gift.id!r}")
            seen.add(gift.id)

    def price_list(self, country: str, channel: Channel) -> PriceList | None:
        """The list configured for exactly this country and channel, if any."""
        for price_list in self.price_lists:
            if price_list.country == country and price_list.channel == channel:
                return price_list
        return None

    def gift(self, gift_id: str) -> GiftSpec | None:
        for gift in self.gifts:
            if gift.id == gift_id:
                return gift
        return None
