"""Packages, purchases and provider notifications as the API shows and takes them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from babel import Locale
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
)

from fancoins.accounts.schemas import iso
from fancoins.economy.pricing import PricedCatalog, format_price
from fancoins.economy.rules import BP_MAX, PACKAGES_MAX
from fancoins.identity.schemas import UserId
from fancoins.purchases.catalog import product_id
from fancoins.purchases.models import ClaimView, HeldPurchase, Purchase

ChannelName = Literal["ios", "android", "web"]
# CLDR's codes that name no country (unknown, pseudo-locales, groupings).
_NOT_COUNTRIES = frozenset({"ZZ", "XA", "XB", "EU", "EZ", "UN", "QO"})
COUNTRIES = frozenset(code for code in map(str, Locale("en").territories)
                      if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES)


def _known_country(code: str) -> str:
    if code not in COUNTRIES:
        raise ValueError(f"{code} is not an ISO 3166-1 country code")
    return code


# An ISO 3166-1 alpha-2 country (upper case); an unknown one is refused, not ignored.
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$"),
                    AfterValidator(_known_country)]
CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=500)]
# A StoreKit 2 JWS with its three-certificate chain is a few kilobytes, a notification with
# its nested transaction and renewal JWS about 15 KB. Bounded well under the notification
# body limit even as JSON-escaped text, so an overlong one is a 422, not a 413.
SIGNED_JWS_MAX_CHARS = 40_000
# A compact JWS is base64url and dots: anything else cannot be one.
SignedJws = Annotated[str, StringConstraints(min_length=1, max_length=SIGNED_JWS_MAX_CHARS,
                                             pattern=r"^[A-Za-z0-9_\-.=]+$")]
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

    signed_transaction: SignedJws
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
    signedPayload: SignedJws


class NotificationOut(BaseModel):
    # fulfilled, held (paid, held for review), already_fulfilled, already_held, hold_ended,
    # clawed_back, restored, nothing_to_claw_back, duplicate, not_fulfilled, unknown_purchase
    # (remembered), recorded, consumption_sent, ignored, ...
    outcome: str


class PurchaseOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    user_id: str
    provider: str
    channel: str
    product_id: str
    coins: int
    quantity: int
    price_minor: int  # what the store charged (see revenue_source), in `currency`
    currency: str
    country: str
    storefront: str | None  # the store's own name for its country, when it says
    # held: paid, and held for review by a velocity rule (not failed): the coins are credited
    # when an operator releases it; declined: the hold ended without credit (the payment is
    # refunded).
    status: Literal["open", "fulfilled", "partially_refunded", "refunded", "reversed", "held",
                    "declined"]
    coins_clawed_back: int  # clawed back now (refunds less reversals)
    # store: the store's own figures; quoted: the price list's (the store gave none);
    # grant / test: nobody paid, no revenue.
    revenue_source: Literal["store", "quoted", "grant", "test"]
    quoted_price_minor: int  # the price list's price for it, in `quoted_currency`
    quoted_currency: str
    price_mismatch: bool  # the store charged something else than the price list says
    created_at: dt.datetime
    fulfilled_at: dt.datetime | None
    replayed: bool = False  # true: this answers a request already fulfilled; nothing added

    @classmethod
    def of(cls, purchase: Purchase, replayed: bool = False) -> PurchaseOut:
        return cls.model_validate(purchase).model_copy(update={"replayed": replayed})


class PurchasePage(BaseModel):
    items: list[PurchaseOut]
    next_cursor: str | None


class CheckoutOut(PurchaseOut):
    session_id: str = Field(validation_alias="provider_ref")
    checkout_url: str

    @classmethod
    def of(cls, purchase: Purchase, replayed: bool = False) -> CheckoutOut:
        return cls.model_validate(purchase).model_copy(update={"replayed": replayed})


class HoldOut(BaseModel):
    """Why a purchase was held, and what became of the hold."""

    model_config = ConfigDict(from_attributes=True)

    rule: Literal["purchases", "coins", "amount"]
    reason: str
    held_at: dt.datetime
    # null while it waits for review; released (credited), declined (by an operator),
    # refunded (the store's refund or chargeback ended it)
    decision: Literal["released", "declined", "refunded"] | None
    decided_by: str | None
    decision_reason: str | None
    decided_at: dt.datetime | None


class HeldPurchaseOut(BaseModel):
    purchase: PurchaseOut
    hold: HoldOut

    @classmethod
    def of(cls, held: HeldPurchase) -> HeldPurchaseOut:
        return cls(purchase=PurchaseOut.of(held.purchase),
                   hold=HoldOut.model_validate(held.hold))


class HeldPurchasePage(BaseModel):
    items: list[HeldPurchaseOut]
    next_cursor: str | None


class HoldDecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason


ClaimKindName = Literal["refund", "revocation", "void", "dispute"]
ClaimStateName = Literal["pending", "withdrawn", "applied", "reversed"]


class ClaimEffectsOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    coins_clawed_back: int  # taken from the buyer's wallet by this claim
    coins_restored: int  # given back by its reversal
    gross_refunded_minor: int  # of the purchase's money, in its currency
    gross_restored_minor: int
    diamonds_clawed_back: int  # creators' diamonds taken back with the coins
    counted: bool = Field(description="Counted as a refund or chargeback against the buyer "
                                      "(refund abuse).")
    restriction_id: uuid.UUID | None = Field(
        description="The buying block that count placed, if it placed one.")


class ClaimOut(BaseModel):
    id: uuid.UUID
    provider: str
    kind: ClaimKindName = Field(description="refund (Stripe), revocation (Apple), void "
                                            "(Google), dispute (a chargeback)")
    state: ClaimStateName = Field(
        description="pending: recorded, not applied yet (its purchase unknown or not "
                    "credited); withdrawn: reversed before it applied; applied: in force; "
                    "reversed: applied, then reversed (a dispute won, a refund reversed)")
    claim_ref: str = Field(description="the store's id of the claim")
    purchase_ref: str = Field(description="the store's id of the purchase it is against")
    amount_minor: int | None = Field(description="gross claimed; null: the whole purchase")
    reversal_seen: bool
    user_id: str | None  # the buyer, once the purchase is known
    purchase: PurchaseOut | None
    effects: ClaimEffectsOut
    created_at: dt.datetime
    updated_at: dt.datetime

    @classmethod
    def of(cls, view: ClaimView) -> ClaimOut:
        c = view.claim
        return cls(
            id=c.id, provider=c.provider, kind=c.kind, state=view.state,
            claim_ref=c.claim_ref, purchase_ref=c.purchase_ref, amount_minor=c.amount_minor,
            reversal_seen=c.reversal_seen,
            user_id=None if view.purchase is None else view.purchase.user_id,
            purchase=None if view.purchase is None else PurchaseOut.of(view.purchase),
            effects=ClaimEffectsOut.model_validate(view.effects),
            created_at=iso(c.created_at_ms), updated_at=iso(c.updated_at_ms))


class ClaimPage(BaseModel):
    items: list[ClaimOut]
    next_cursor: str | None
