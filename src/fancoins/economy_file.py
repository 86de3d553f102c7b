"""The economy file: TOML read into the typed `EconomyConfig`, validated by pydantic over the
same standard-library dataclasses the pure core defines (`fancoins.economy.rules`), so the
core stays free of frameworks and the rules are written once.

Pydantic checks the shape (missing keys, unknown keys: typos are never silently ignored,
types, nesting); each dataclass checks its values and cross-field rules. Every mistake is one
line naming the dotted key, e.g. `packages.US.web[2].price_minor: must be a positive integer,
got -5`, worded by the field's own declared check even when pydantic caught it first.
"""

from __future__ import annotations

import dataclasses
import functools
import tomllib
import typing
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from importlib import resources
from pathlib import Path
from types import NoneType, UnionType
from typing import Any

import orjson
from pydantic import ConfigDict, TypeAdapter, ValidationError

from fancoins.economy.pricing import store_fee_minor, tax_minor
from fancoins.economy.rules import (
    CHANNELS,
    ActionAges,
    Age,
    BadgeTier,
    Channel,
    EconomyConfig,
    EconomyConfigError,
    FanClub,
    Gifting,
    GiftSpec,
    GiftTier,
    Levels,
    Limits,
    Messages,
    PackagePrice,
    Payouts,
    PriceList,
    Promotions,
    ReachRange,
    StoreFees,
    check_gift_tiers,
    field_check,
)

DEFAULT_SOURCE = "fancoins/defaults/economy.toml"
_STRICT_DATACLASS = ConfigDict(extra="forbid")


@dataclass(frozen=True, slots=True)
class CountryPrices:
    """`packages.<COUNTRY>`: one currency and tax rule, the packages of each channel."""

    currency: str
    locale: str
    tax_inclusive: bool
    vat_bp: int
    ios: tuple[PackagePrice, ...] | None = None
    android: tuple[PackagePrice, ...] | None = None
    web: tuple[PackagePrice, ...] | None = None


@dataclass(frozen=True, slots=True)
class GiftEntry:
    """`gifts[i]`: a gift as written, `streakable` and `active` optional."""

    id: str
    name: str
    price_coins: int
    image: str
    streakable: bool | None = None
    active: bool = True
    countries: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class AgeFile:
    """`age`: the minimum age for every action and country not named in `age_by_country`."""

    min_age_years: int


@dataclass(frozen=True, slots=True)
class EconomyFile:
    fallback_country: str
    packages: dict[str, CountryPrices]
    store_fees: StoreFees
    gifts: tuple[GiftEntry, ...]
    gifting: Gifting
    limits: Limits
    payouts: Payouts
    levels: Levels
    promotions: Promotions
    age: AgeFile
    age_by_country: dict[str, ActionAges] = dataclasses.field(default_factory=dict)
    age_with_guardian: dict[str, ActionAges] = dataclasses.field(default_factory=dict)
    # Sections added after the first release: a file written before them takes the packaged
    # defaults for them (every other section must be in the file).
    gift_tiers: tuple[GiftTier, ...] | None = None
    messages: Messages | None = None
    fan_club: FanClub | None = None


# The file's tables refuse keys they do not know: a typo must not be silently ignored.
for _table in (CountryPrices, GiftEntry, EconomyFile, PackagePrice, StoreFees, Gifting, Limits,
               Payouts, BadgeTier, Levels, ReachRange, Promotions, AgeFile, ActionAges,
               GiftTier, Messages, FanClub):
    setattr(_table, "__pydantic_config__", _STRICT_DATACLASS)  # noqa: B010 - pydantic's hook

# A mistyped value is worded by the check of the field it was meant for.
_WORDED_BY: dict[type[Any], type[Any]] = {
    CountryPrices: PriceList, GiftEntry: GiftSpec, EconomyFile: EconomyConfig, AgeFile: Age}


@functools.cache
def _adapter() -> TypeAdapter[EconomyFile]:
    return TypeAdapter(EconomyFile)


def load_economy(path: Path | None = None) -> EconomyConfig:
    """Read and validate an economy file; `None` loads the packaged defaults."""
    if path is None:
        text = (resources.files("fancoins") / "defaults" / "economy.toml").read_text("utf-8")
        return parse_economy(text, DEFAULT_SOURCE)
    return parse_economy(path.read_text("utf-8"), str(path))


@functools.cache
def default_economy() -> EconomyConfig:
    """The packaged defaults, loaded once (the config is immutable, so sharing it is safe)."""
    return load_economy(None)


def parse_economy(text: str, source: str = "economy.toml") -> EconomyConfig:
    """Parse and validate economy TOML text; raises `EconomyConfigError` (one line)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise EconomyConfigError(source, f"invalid TOML: {error}") from None
    try:
        document = _adapter().validate_json(orjson.dumps(data), strict=True)
    except ValidationError as invalid:
        raise _one_line(invalid, data) from None
    config = EconomyConfig(
        fallback_country=document.fallback_country,
        price_lists=_price_lists(document.packages),
        store_fees=document.store_fees,
        gifts=tuple(_gift(index, entry, document.gifting)
                    for index, entry in enumerate(document.gifts)),
        gifting=document.gifting, limits=document.limits, payouts=document.payouts,
        levels=document.levels, promotions=document.promotions, age=_age(document),
        **_later_sections(document, source),
    )
    _check_packages_cover_fees(config)
    _check_club_gift(config)
    return config


# Where the file writes what `Age` calls `countries` and `with_guardian`.
_AGE_SECTIONS = {"countries": "age_by_country", "with_guardian": "age_with_guardian"}


def _age(document: EconomyFile) -> Age:
    try:
        return Age(document.age.min_age_years, document.age_by_country,
                   document.age_with_guardian)
    except EconomyConfigError as error:
        head, _, rest = error.key.partition(".")
        if head in _AGE_SECTIONS:
            raise EconomyConfigError(f"{_AGE_SECTIONS[head]}.{rest}", error.problem) from None
        raise error.under("age") from None


def _later_sections(document: EconomyFile, source: str) -> dict[str, Any]:
    """The LIVE sections, from the file or (a file written before them) the defaults."""
    taken: dict[str, Any] = {}
    for name in ("gift_tiers", "messages", "fan_club"):
        value = getattr(document, name)
        if value is None:
            if source == DEFAULT_SOURCE:
                raise EconomyConfigError(name, "missing")
            value = getattr(default_economy(), name)
        taken[name] = value
    try:
        check_gift_tiers(taken["gift_tiers"])
    except EconomyConfigError as error:
        raise error.under("gift_tiers") from None
    return taken


def _check_club_gift(config: EconomyConfig) -> None:
    """The fan club is joined with a gift of the catalog."""
    if config.gift(config.fan_club.gift_id) is None:
        raise EconomyConfigError("fan_club.gift_id",
                                 f"{config.fan_club.gift_id!r} is not in the gifts")


def _price_lists(packages: Mapping[str, CountryPrices]) -> tuple[PriceList, ...]:
    price_lists: list[PriceList] = []
    for country, prices in packages.items():
        channels = [channel for channel in CHANNELS if getattr(prices, channel) is not None]
        if not channels:
            raise EconomyConfigError(f"packages.{country}.ios",
                                     "missing: price at least one channel")
        price_lists.extend(_price_list(country, channel, prices) for channel in channels)
    return tuple(price_lists)


def _price_list(country: str, channel: Channel, prices: CountryPrices) -> PriceList:
    base = f"packages.{country}"
    try:
        return PriceList(country=country, channel=channel, currency=prices.currency,
                         tax_inclusive=prices.tax_inclusive, vat_bp=prices.vat_bp,
                         locale=prices.locale, packages=getattr(prices, channel))
    except EconomyConfigError as error:
        if error.key == "country":
            raise EconomyConfigError(base, error.problem) from None
        if error.key.startswith("packages"):  # the channel's array in the file
            raise EconomyConfigError(f"{base}.{channel}{error.key.removeprefix('packages')}",
                                     error.problem) from None
        raise error.under(base) from None


def _gift(index: int, entry: GiftEntry, gifting: Gifting) -> GiftSpec:
    streakable = entry.streakable
    if streakable is None:
        streakable = entry.price_coins <= gifting.streakable_price_max_coins
    try:
        return GiftSpec(id=entry.id, name=entry.name, price_coins=entry.price_coins,
                        streakable=streakable, image=entry.image, active=entry.active,
                        countries=entry.countries)
    except EconomyConfigError as error:
        raise error.under(f"gifts[{index}]") from None


def _check_packages_cover_fees(config: EconomyConfig) -> None:
    """A package priced below its store fee and tax would book a negative net: refuse it."""
    for price_list in config.price_lists:
        for index, package in enumerate(price_list.packages):
            gross_minor = package.price_minor
            fee_minor = store_fee_minor(gross_minor, price_list, config.store_fees)
            net_minor = gross_minor - fee_minor - tax_minor(gross_minor, price_list)
            if net_minor <= 0:
                key = f"packages.{price_list.country}.{price_list.channel}[{index}].price_minor"
                raise EconomyConfigError(
                    key, f"leaves nothing after store fee and tax (net {net_minor})"
                )


# --- one line for pydantic's first error ------------------------------------------------


def _key(loc: tuple[int | str, ...]) -> str:
    key = ""
    for part in loc:
        key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else str(part))
    return key


def _one_line(invalid: ValidationError, data: object) -> EconomyConfigError:
    first = invalid.errors()[0]
    loc = tuple(first["loc"])
    kind = first["type"]
    if kind == "missing":
        return EconomyConfigError(_key(loc), "missing")
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        return EconomyConfigError(_key(loc), "unknown key")
    cause = (first.get("ctx") or {}).get("error")
    if isinstance(cause, EconomyConfigError):  # a dataclass's own check, relative to it
        return cause.under(_key(loc)) if loc else cause
    worded = _worded(loc, data)
    return worded or EconomyConfigError(_key(loc), str(first["msg"]).lower())


def _worded(loc: tuple[int | str, ...], data: object) -> EconomyConfigError | None:
    """The error that the check declared on the innermost field along `loc` gives for the
    value written there (a list item's error comes from its list's check)."""
    for end in range(len(loc), 0, -1):
        owner, name = _owner_of(loc[:end])
        if owner is None or not isinstance(name, str):
            continue
        check = field_check(_WORDED_BY.get(owner, owner), name)
        if check is None:
            return None
        value: Any = data
        for part in loc[:end]:
            value = value[part]
        try:
            check(name, tuple(value) if isinstance(value, list) else value)
        except EconomyConfigError as error:
            return error.under(_key(loc[:end - 1])) if end > 1 else error
        return None
    return None


def _owner_of(loc: tuple[int | str, ...]) -> tuple[type[Any] | None, int | str | None]:
    """The dataclass whose field the last part of `loc` names, walking the file's types."""
    current: Any = EconomyFile
    for depth, part in enumerate(loc):
        current = _unwrap(current)
        if isinstance(current, type) and is_dataclass(current) and isinstance(part, str):
            if depth == len(loc) - 1:
                return current, part
            hints = typing.get_type_hints(current)
            if part not in {f.name for f in fields(current)}:
                return None, None
            current = hints[part]
        else:
            args = typing.get_args(current)
            if not args:
                return None, None
            current = args[-1] if not isinstance(part, int) or len(args) != 2 else args[0]
    return None, None


def _unwrap(annotation: Any) -> Any:
    """`X | None` is X."""
    if isinstance(annotation, UnionType) or typing.get_origin(annotation) is typing.Union:
        options = [arg for arg in typing.get_args(annotation) if arg is not NoneType]
        return options[0] if len(options) == 1 else annotation
    return annotation
