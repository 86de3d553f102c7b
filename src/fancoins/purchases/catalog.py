"""Coin packages and regional prices: the economy file's lists, with operators' overrides.

An operator's list for a country and channel replaces the file's list for that pair (or adds
a country). Every change is validated exactly like the economy file (known currency, locale,
fee settings and purchase caps for the currency, packages ascending, net revenue positive)
and audited. Purchases keep a snapshot of their price, so a change never alters one.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.economy.pricing import (
    MoneySplit,
    PricedCatalog,
    UnknownChannel,
    parse_channel,
    plan_price_list,
    split_purchase,
    store_fee_minor,
    tax_minor,
)
from fancoins.economy.rules import (
    Channel,
    EconomyConfig,
    EconomyConfigError,
    PackagePrice,
    PriceList,
)
from fancoins.identity.service import audit
from fancoins.ids import now_ms
from fancoins.ledger import InvariantViolation
from fancoins.purchases import repository
from fancoins.purchases.errors import PriceListInvalid, PriceListNotFound, ProductUnknown

# Package ids are short: the prefix and at most this many ASCII digits.
PRODUCT_COINS_DIGITS_MAX = 9


@dataclass(frozen=True, slots=True)
class Quote:
    """What one purchase costs and how its money splits; snapshotted on the purchase."""

    country: str  # the country whose price list applied (after fallback)
    channel: Channel
    currency: str
    package_coins: int
    quantity: int
    unit_price_minor: int
    split: MoneySplit

    @property
    def coins(self) -> int:
        return self.package_coins * self.quantity


@dataclass(frozen=True, slots=True)
class PriceListChange:
    """A whole price list as an operator sets it."""

    currency: str
    locale: str
    tax_inclusive: bool
    vat_bp: int
    packages: tuple[tuple[int, int], ...]  # (coins, price_minor), smallest first


def product_id(prefix: str, coins: int) -> str:
    return f"{prefix}{coins}"


def coins_of_product(prefix: str, product: str) -> int | None:
    """The coins a store product id names ("coins.500" -> 500), or None. Digits are ASCII
    only: `str.isdigit` also accepts full-width and superscript digits, which `int` reads
    as numbers (or fails on) and no store issues."""
    digits = product.removeprefix(prefix) if product.startswith(prefix) else ""
    if not (digits.isascii() and digits.isdigit()) or len(digits) > PRODUCT_COINS_DIGITS_MAX \
            or digits.startswith("0"):
        return None
    return int(digits)


def _price_list(row: Any) -> PriceList:
    return PriceList(
        country=row.country, channel=parse_channel(row.channel), currency=row.currency,
        tax_inclusive=row.tax_inclusive, vat_bp=row.vat_bp, locale=row.locale,
        packages=tuple(PackagePrice(int(p["coins"]), int(p["price_minor"]))
                       for p in row.packages),
    )


def merged_economy(base: EconomyConfig, overrides: list[PriceList]) -> EconomyConfig:
    """`base` with each override replacing (or adding) its country and channel's list."""
    replaced = {(p.country, p.channel) for p in overrides}
    lists = [p for p in base.price_lists if (p.country, p.channel) not in replaced]
    merged = dataclasses.replace(base, price_lists=(*lists, *overrides))
    for price_list in overrides:
        _check_covers_fees(merged, price_list)
    return merged


def _check_covers_fees(config: EconomyConfig, price_list: PriceList) -> None:
    for index, package in enumerate(price_list.packages):
        gross_minor = package.price_minor
        fee = store_fee_minor(gross_minor, price_list, config.store_fees)
        if gross_minor - fee - tax_minor(gross_minor, price_list) <= 0:
            raise EconomyConfigError(
                f"packages[{index}].price_minor", "leaves nothing after store fee and tax"
            )


class CatalogService:
    async def economy(self, connection: AsyncConnection, base: EconomyConfig) -> EconomyConfig:
        rows = await repository.list_overrides(connection)
        if not rows:
            return base
        return merged_economy(base, [_price_list(row) for row in rows])

    async def price_list(
        self, connection: AsyncConnection, base: EconomyConfig, country: str, channel: str
    ) -> PricedCatalog:
        """Raises `UnknownChannel` for a channel other than ios, android, web."""
        return plan_price_list(await self.economy(connection, base), country, channel)

    async def quote(
        self, connection: AsyncConnection, base: EconomyConfig, *, country: str, channel: str,
        coins: int, quantity: int = 1,
    ) -> Quote:
        """The price today of `quantity` packages of `coins` for a buyer in `country`."""
        return quote_in(await self.economy(connection, base), country=country,
                        channel=channel, coins=coins, quantity=quantity)

    async def put_price_list(
        self, connection: AsyncConnection, base: EconomyConfig, *, actor: str, country: str,
        channel: str, change: PriceListChange, reason: str,
    ) -> PricedCatalog:
        """Set an override. Raises `PriceListInvalid` (one line naming the key)."""
        try:
            return await self._put_price_list(connection, base, actor=actor, country=country,
                                              channel=channel, change=change, reason=reason)
        except (EconomyConfigError, UnknownChannel) as error:
            raise PriceListInvalid(str(error)) from None

    async def _put_price_list(
        self, connection: AsyncConnection, base: EconomyConfig, *, actor: str, country: str,
        channel: str, change: PriceListChange, reason: str,
    ) -> PricedCatalog:
        price_list = PriceList(
            country=country, channel=parse_channel(channel), currency=change.currency,
            tax_inclusive=change.tax_inclusive, vat_bp=change.vat_bp, locale=change.locale,
            packages=tuple(PackagePrice(coins, price) for coins, price in change.packages),
        )
        current = await self.economy(connection, base)
        merged_economy(current, [price_list])  # validates it against the whole economy
        await repository.upsert_override(connection, {
            "country": country, "channel": channel, "currency": change.currency,
            "locale": change.locale, "tax_inclusive": change.tax_inclusive,
            "vat_bp": change.vat_bp, "updated_by": actor, "updated_at_ms": now_ms(),
            "packages": [{"coins": c, "price_minor": p} for c, p in change.packages],
        })
        await audit.record(
            connection, actor=actor, action="prices.changed", target=f"prices:{country}:{channel}",
            reason=reason, data={"currency": change.currency,
                                 "packages": [list(p) for p in change.packages]},
        )
        return await self.price_list(connection, base, country, channel)

    async def current_change(
        self, connection: AsyncConnection, base: EconomyConfig, country: str, channel: str
    ) -> PriceListChange:
        """The list in force for exactly this pair (no fallback), as a change to edit."""
        config = await self.economy(connection, base)
        price_list = config.price_list(country, parse_channel(channel))
        if price_list is None:
            raise PriceListNotFound(f"{country} {channel}")
        return PriceListChange(
            currency=price_list.currency, locale=price_list.locale,
            tax_inclusive=price_list.tax_inclusive, vat_bp=price_list.vat_bp,
            packages=tuple((p.coins, p.price_minor) for p in price_list.packages),
        )

    async def delete_override(
        self, connection: AsyncConnection, *, actor: str, country: str, channel: str, reason: str
    ) -> None:
        if not await repository.delete_override(connection, country, channel):
            raise PriceListNotFound(f"{country} {channel}")
        await audit.record(connection, actor=actor, action="prices.reset",
                           target=f"prices:{country}:{channel}", reason=reason)


def quote_in(config: EconomyConfig, *, country: str, channel: str, coins: int,
             quantity: int = 1) -> Quote:
    """`CatalogService.quote` in an economy already read (its overrides merged)."""
    catalog = plan_price_list(config, country, channel)
    price_list = config.price_list(catalog.country, catalog.channel)
    if price_list is None:
        raise InvariantViolation("a planned catalogue always has its price list")
    package = next((p for p in price_list.packages if p.coins == coins), None)
    if package is None or quantity < 1:
        raise ProductUnknown(f"no {coins}-coin package on {channel} in {catalog.country}",
                             reason="product_unknown")
    gross_minor = package.price_minor * quantity
    return Quote(
        country=catalog.country, channel=catalog.channel, currency=catalog.currency,
        package_coins=coins, quantity=quantity, unit_price_minor=package.price_minor,
        split=split_purchase(gross_minor, price_list, config.store_fees),
    )


catalog = CatalogService()
