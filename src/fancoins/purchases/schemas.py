"""Packages, purchases and provider notifications as the API shows and takes them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StringConstraints

from fancoins.accounts.schemas import iso
from fancoins.economy.pricing import PricedCatalog, format_price
from fancoins.economy.rules import BP_MAX, PACKAGES_MAX
from fancoins.identity.schemas import UserId
from fancoins.purchases.catalog import product_id
from fancoins.purchases.service import Purchase

ChannelName = Literal["ios", "android", "web"]
CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=500)]
# A StoreKit 2 JWS with its three-certificate chain is a few kilobytes.
SIGNED_JWS_MAX_CHARS = 64_000
COINS_MAX = 100_000_000


class PackageOut(BaseModel):
    product_id: str  # the store product id (ios/android) or web package id
    coins: int
    price_minor: int
    currency: str
    price_text: str
    price_per_100_coins_minor: int
    price_per_100_coins_text: str
    best_value: bool


class PackagesOut(BaseModel):
    requested_country: str
    country: str
    fell_back: bool  # no list for the requested country: the fallback country's list is shown
    channel: str
    currency: str
    locale: str
    packages: list[PackageOut]

    @classmethod
    def from_catalog(cls, catalog: PricedCatalog, prefix: str) -> PackagesOut:
        return cls(
            requested_country=catalog.requested_country, country=catalog.country,
            fell_back=catalog.fell_back, channel=catalog.channel, currency=catalog.currency,
            locale=catalog.locale,
            packages=[
                PackageOut(
                    product_id=product_id(prefix, p.coins), coins=p.coins,
                    price_minor=p.price_minor, currency=p.currency, price_text=p.price_text,
                    price_per_100_coins_minor=p.price_per_100_coins_minor,
                    price_per_100_coins_text=format_price(
                        p.price_per_100_coins_minor, p.currency, catalog.locale),
                    best_value=p.best_value,
                )
                for p in catalog.packages
            ],
        )


class PackageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    coins: StrictInt = Field(ge=1, le=COINS_MAX)
    price_minor: StrictInt = Field(ge=1, le=10**12)


class PriceListIn(BaseModel):
    """A whole price list for one country and channel (replaces the current one)."""

    model_config = ConfigDict(extra="forbid")

    currency: CurrencyCode
    locale: Annotated[str, StringConstraints(min_length=2, max_length=16)]
    tax_inclusive: StrictBool
    vat_bp: StrictInt = Field(ge=0, le=BP_MAX)
    packages: list[PackageIn] = Field(min_length=1, max_length=PACKAGES_MAX)
    reason: Reason


class PriceListPatch(BaseModel):
    """Change some of a list: any header field, package prices (added or replaced by coins),
    packages removed by coins."""

    model_config = ConfigDict(extra="forbid")

    currency: CurrencyCode | None = None
    locale: Annotated[str, StringConstraints(min_length=2, max_length=16)] | None = None
    tax_inclusive: StrictBool | None = None
    vat_bp: StrictInt | None = Field(default=None, ge=0, le=BP_MAX)
    packages: list[PackageIn] | None = Field(default=None, max_length=PACKAGES_MAX)
    remove_coins: list[StrictInt] | None = Field(default=None, max_length=PACKAGES_MAX)
    reason: Reason


class ApplePurchaseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    signed_transaction: Annotated[str, StringConstraints(min_length=1,
                                                          max_length=SIGNED_JWS_MAX_CHARS)]
    user_id: UserId | None = None  # only for an API key acting for a user


class GooglePurchaseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    product_id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._]{0,63}$")]
    purchase_token: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._\-]{1,1024}$")]
    user_id: UserId | None = None


class CheckoutIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    coins: StrictInt = Field(ge=1, le=COINS_MAX)
    user_id: UserId | None = None


class AppleNotificationIn(BaseModel):
    signedPayload: Annotated[str, StringConstraints(
        min_length=1, max_length=SIGNED_JWS_MAX_CHARS)]


class NotificationOut(BaseModel):
    outcome: str  # fulfilled, clawed_back, duplicate, recorded, unknown_purchase, ignored, ...


class PurchaseOut(BaseModel):
    id: str
    user_id: str
    provider: str
    channel: str
    product_id: str
    coins: int
    quantity: int
    price_minor: int
    currency: str
    status: str  # open, fulfilled, partially_refunded, refunded
    coins_clawed_back: int
    created_at: dt.datetime
    fulfilled_at: dt.datetime | None
    replayed: bool  # true: this answers a request already fulfilled; nothing was added

    @classmethod
    def from_purchase(cls, purchase: Purchase, replayed: bool) -> PurchaseOut:
        return cls(
            id=str(purchase.id), user_id=purchase.user_id, provider=purchase.provider,
            channel=purchase.channel, product_id=purchase.product_id, coins=purchase.coins,
            quantity=purchase.quantity, price_minor=purchase.gross_minor,
            currency=purchase.currency, status=purchase.status,
            coins_clawed_back=purchase.coins_clawed_back, created_at=iso(purchase.created_at_ms),
            fulfilled_at=iso(purchase.fulfilled_at_ms) if purchase.fulfilled_at_ms else None,
            replayed=replayed,
        )


class CheckoutOut(PurchaseOut):
    session_id: str
    checkout_url: str
