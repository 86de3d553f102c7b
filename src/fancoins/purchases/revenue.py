"""Revenue from the store's own figures, with the price list's quote kept beside it.

A purchase's money legs are booked from what the store (or processor) says it charged: Apple
signs the price, currency and storefront into the transaction; Google's Orders API reports
the order's total and tax; Stripe reports the session's amount. The price list's quote is
stored beside it; when the two differ the purchase is flagged (`price_mismatch`, and the
`fancoins_purchase_price_mismatches_total` counter), never silently replaced. Only when the
store reports no usable figure is the quote booked, marked `revenue_source = "quoted"`.
"""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import Counter

from fancoins.economy.pricing import NO_MONEY, MoneySplit, split_charge
from fancoins.economy.rules import Channel, EconomyConfig
from fancoins.ledger.assets import is_known_asset
from fancoins.observability import REGISTRY
from fancoins.purchases.catalog import Quote

PRICE_MISMATCHES = Counter(
    "fancoins_purchase_price_mismatches_total",
    "Purchases whose store-reported price or currency differs from the price list's quote",
    ["provider", "channel"], registry=REGISTRY,
)

STORE = "store"  # booked from the store's own figures
QUOTED = "quoted"  # the store reported nothing usable: the price list's quote is booked
GRANT = "grant"  # nobody paid (a promotional purchase accepted by setting): no money
TEST = "test"  # a store test purchase accepted by setting: no money


@dataclass(frozen=True, slots=True)
class StoreCharge:
    """What the store says it charged, as far as it says it."""

    currency: str | None
    gross_minor: int | None
    tax_minor: int | None = None  # when the store reports the tax inside the gross
    country: str | None = None  # ISO 3166-1 alpha-2 of the store's country, when known
    storefront: str | None = None  # the store's own name for its country ("GBR")


@dataclass(frozen=True, slots=True)
class Booking:
    country: str
    currency: str
    split: MoneySplit
    revenue_source: str
    price_mismatch: bool
    storefront: str | None


def plan_booking(config: EconomyConfig, quote: Quote, charge: StoreCharge | None, *,
                 unpaid: str | None = None) -> Booking:
    """What to book for a purchase quoted at `quote` that the store says cost `charge`.
    `unpaid` ("grant" or "test") books no money at all."""
    storefront = charge.storefront if charge else None
    mismatch = charge is not None and _differs(quote, charge)
    if unpaid is not None:
        return Booking(quote.country, quote.currency, NO_MONEY, unpaid, False, storefront)
    if charge is None or not _bookable(charge):
        return Booking(quote.country, quote.currency, quote.split, QUOTED, mismatch,
                       storefront)
    currency, gross_minor = str(charge.currency), int(charge.gross_minor or 0)
    country = charge.country or quote.country
    channel: Channel = quote.channel
    split = split_charge(gross_minor, channel=channel, currency=currency,
                         fees=config.store_fees, price_list=config.price_list(country, channel),
                         reported_tax_minor=charge.tax_minor)
    return Booking(country, currency, split, STORE, mismatch, storefront)


def _bookable(charge: StoreCharge) -> bool:
    return (charge.currency is not None and is_known_asset(charge.currency)
            and charge.gross_minor is not None and charge.gross_minor > 0)


def _differs(quote: Quote, charge: StoreCharge) -> bool:
    """The store reported another currency, or another price in the quote's currency."""
    if charge.currency is None:
        return False  # the store said nothing to compare
    if charge.currency != quote.currency:
        return True
    return charge.gross_minor is not None and charge.gross_minor != quote.split.gross_minor


def count_mismatch(provider: str, channel: str) -> None:
    PRICE_MISMATCHES.labels(provider, channel).inc()
