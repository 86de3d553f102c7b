"""Load the economy configuration from TOML into the typed, validated `EconomyConfig`.

`load_economy` is the only function in `fancoins.economy` that touches a file. Everything
else here is pure: `parse_economy` turns TOML text into a config, refusing missing keys,
unknown keys (typos must not be silently ignored) and bad values, each with one line that
names the dotted key, e.g. `packages.US.web[2].price_minor: must be a positive integer, got -5`.
"""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from fancoins.economy.pricing import store_fee_minor, tax_minor
from fancoins.economy.rules import (
    CHANNELS,
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
    check_country,
    check_gift_tiers,
)

T = TypeVar("T")
_MISSING = object()
_PRICE_LIST_KEYS = ("currency", "locale", "tax_inclusive", "vat_bp")
# Sections added after the first release: an operator's file written before them takes the
# packaged defaults for them (every other section must be in the file).
_LATER_SECTIONS = ("gift_tiers", "messages", "fan_club")
_DEFAULTS_PATH = "fancoins/defaults/economy.toml"


def load_economy(path: Path | None = None) -> EconomyConfig:
    """Read and validate an economy file; `None` loads the packaged defaults."""
    if path is None:
        source = _DEFAULTS_PATH
        text = _defaults_text()
    else:
        source = str(path)
        text = path.read_text("utf-8")
    return parse_economy(text, source)


@functools.cache
def _defaults_text() -> str:
    return (resources.files("fancoins") / "defaults" / "economy.toml").read_text("utf-8")


@functools.cache
def _default_sections() -> dict[str, Any]:
    data = tomllib.loads(_defaults_text())
    return {name: data[name] for name in _LATER_SECTIONS}


@functools.cache
def default_economy() -> EconomyConfig:
    """The packaged defaults, loaded once (the config is immutable, so sharing it is safe)."""
    return load_economy(None)


def parse_economy(text: str, source: str = "economy.toml") -> EconomyConfig:
    """Parse and validate economy TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise EconomyConfigError(source, f"invalid TOML: {error}") from None
    if source != _DEFAULTS_PATH:
        data = {**_default_sections(), **data}
    root = _Table(data, "")
    gifting = _gifting(root.table("gifting"))
    config = EconomyConfig(
        fallback_country=root.take("fallback_country"),
        price_lists=_price_lists(root.table("packages")),
        store_fees=_store_fees(root.table("store_fees")),
        gifts=_gifts(root.array("gifts"), gifting),
        gifting=gifting,
        limits=_limits(root.table("limits")),
        payouts=_build("payouts", Payouts, **root.table("payouts").take_fields(Payouts)),
        levels=_levels(root.table("levels")),
        promotions=_promotions(root.table("promotions")),
        age=_build("age", Age, **root.table("age").take_fields(Age)),
        gift_tiers=_gift_tiers(root.array("gift_tiers")),
        messages=_messages(root.table("messages")),
        fan_club=_fan_club(root.table("fan_club")),
    )
    root.done()
    _check_packages_cover_fees(config)
    _check_club_gift(config)
    return config


class _Table:
    """A TOML table being consumed: remembers its dotted path and which keys were read."""

    def __init__(self, data: object, path: str) -> None:
        if not isinstance(data, Mapping):
            raise EconomyConfigError(path, f"must be a table, got {data!r}")
        self._data: Mapping[str, Any] = data
        self._path = path
        self._taken: set[str] = set()

    @property
    def path(self) -> str:
        return self._path

    def key(self, name: str) -> str:
        return f"{self._path}.{name}" if self._path else name

    def take(self, name: str, default: Any = _MISSING) -> Any:
        self._taken.add(name)
        if name in self._data:
            return self._data[name]
        if default is _MISSING:
            raise EconomyConfigError(self.key(name), "missing")
        return default

    def table(self, name: str) -> _Table:
        return _Table(self.take(name), self.key(name))

    def array(self, name: str) -> list[Any]:
        value = self.take(name)
        if not isinstance(value, list):
            raise EconomyConfigError(self.key(name), f"must be a list, got {value!r}")
        return value

    def names(self) -> list[str]:
        return list(self._data)

    def take_fields(self, cls: Any) -> dict[str, Any]:
        """Every field of dataclass `cls`, for tables whose keys match its fields one to one."""
        values = {field.name: self.take(field.name) for field in dataclasses.fields(cls)}
        self.done()
        return values

    def done(self) -> None:
        for name in self._data:
            if name not in self._taken:
                raise EconomyConfigError(self.key(name), "unknown key")


@contextmanager
def _at(prefix: str) -> Iterator[None]:
    """Re-raise a config error from inside with `prefix` on its key."""
    try:
        yield
    except EconomyConfigError as error:
        raise error.under(prefix) from None


def _build(prefix: str, factory: Callable[..., T], **fields: Any) -> T:
    with _at(prefix):
        return factory(**fields)


def _price_lists(packages: _Table) -> tuple[PriceList, ...]:
    price_lists: list[PriceList] = []
    for country in packages.names():
        check_country(packages.key(country), country)
        table = packages.table(country)
        common = {name: table.take(name) for name in _PRICE_LIST_KEYS}
        channels = [channel for channel in CHANNELS if channel in table.names()]
        if not channels:
            raise EconomyConfigError(table.key("ios"), "missing: price at least one channel")
        for channel in channels:
            price_lists.append(_price_list(country, channel, common, table.array(channel)))
        table.done()
    return tuple(price_lists)


def _price_list(
    country: str, channel: Channel, common: dict[str, Any], items: list[Any]
) -> PriceList:
    base = f"packages.{country}"
    prices = []
    for index, item in enumerate(items):
        row = _Table(item, f"{base}.{channel}[{index}]")
        prices.append(_build(row.path, PackagePrice, **row.take_fields(PackagePrice)))
    try:
        return PriceList(country=country, channel=channel, packages=tuple(prices), **common)
    except EconomyConfigError as error:
        if error.key.startswith("packages"):  # the channel's array in the TOML
            raise EconomyConfigError(
                f"{base}.{channel}{error.key.removeprefix('packages')}", error.problem
            ) from None
        raise error.under(base) from None


def _store_fees(table: _Table) -> StoreFees:
    return _build("store_fees", StoreFees, **table.take_fields(StoreFees))


def _gifts(items: list[Any], gifting: Gifting) -> tuple[GiftSpec, ...]:
    gifts = []
    for index, item in enumerate(items):
        row = _Table(item, f"gifts[{index}]")
        price_coins = row.take("price_coins")
        streakable_default = (
            isinstance(price_coins, int) and price_coins <= gifting.streakable_price_max_coins
        )
        countries = row.take("countries", None)
        gift = _build(
            f"gifts[{index}]",
            GiftSpec,
            id=row.take("id"),
            name=row.take("name"),
            price_coins=price_coins,
            streakable=row.take("streakable", streakable_default),
            image=row.take("image"),
            active=row.take("active", True),
            countries=tuple(countries) if isinstance(countries, list) else countries,
        )
        row.done()
        gifts.append(gift)
    return tuple(gifts)


def _gifting(table: _Table) -> Gifting:
    return _build("gifting", Gifting, **table.take_fields(Gifting))


def _limits(table: _Table) -> Limits:
    return _build("limits", Limits, **table.take_fields(Limits))


def _levels(table: _Table) -> Levels:
    thresholds = table.array("thresholds_coins")
    tiers = []
    for index, item in enumerate(table.array("badge_tiers")):
        row = _Table(item, f"levels.badge_tiers[{index}]")
        tiers.append(_build(row.path, BadgeTier, **row.take_fields(BadgeTier)))
    table.done()
    return _build("levels", Levels, thresholds_coins=tuple(thresholds), badge_tiers=tuple(tiers))


def _promotions(table: _Table) -> Promotions:
    reach = {}
    reach_table = table.table("reach_per_100_coins")
    for objective in reach_table.names():
        row = reach_table.table(objective)
        reach[objective] = _build(row.path, ReachRange, **row.take_fields(ReachRange))
    reach_table.done()
    fields = table.take_fields(Promotions)
    fields["reach_per_100_coins"] = reach
    for name in ("objectives", "age_bands", "genders"):
        if isinstance(fields.get(name), list):
            fields[name] = tuple(fields[name])
    return _build("promotions", Promotions, **fields)


def _gift_tiers(items: list[Any]) -> tuple[GiftTier, ...]:
    tiers = []
    for index, item in enumerate(items):
        row = _Table(item, f"gift_tiers[{index}]")
        tiers.append(_build(row.path, GiftTier, **row.take_fields(GiftTier)))
    result = tuple(tiers)
    with _at("gift_tiers"):
        check_gift_tiers(result)
    return result


def _messages(table: _Table) -> Messages:
    fields = table.take_fields(Messages)
    if isinstance(fields["blocked_terms"], list):
        fields["blocked_terms"] = tuple(fields["blocked_terms"])
    return _build("messages", Messages, **fields)


def _fan_club(table: _Table) -> FanClub:
    fields = table.take_fields(FanClub)
    if isinstance(fields["level_points"], list):
        fields["level_points"] = tuple(fields["level_points"])
    return _build("fan_club", FanClub, **fields)


def _check_club_gift(config: EconomyConfig) -> None:
    """The fan club is joined with a gift of the catalog."""
    if config.gift(config.fan_club.gift_id) is None:
        raise EconomyConfigError("fan_club.gift_id",
                                 f"{config.fan_club.gift_id!r} is not in the gifts")


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
