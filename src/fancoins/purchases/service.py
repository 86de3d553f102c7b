"""Coins in: verified purchases fulfilled once, refunds clawed back once.

Fulfilment posts, in one commit with the purchase row, the coin leg (`platform:coins_issued` →
the buyer's wallet) and the money legs in the price's currency: the gross owed by the store or
processor (`store:<channel>:<currency>`) split into store fee, tax and net revenue
(`economy.pricing.split_purchase`). A purchase row keeps the provider's id; the unique index on
(provider, provider id) makes a replay return the first result and add nothing.

Claw-back (store refund, revocation, voided purchase, card refund or dispute) takes the coins
back even below zero (`ALLOW_OVERDRAFT`: the wallet is then restricted until a purchase repays
it) and reverses the money legs; see `economy.refunds` for the proportional rule and rounding.
Each claw-back is one `purchase_refunds` row, unique per provider refund id. That table is the
hook for clawing back creators' diamonds (issue 6): `purchases.refunds_since(...)` lists each
refunded purchase with its user, coins clawed back and when.

Rules at purchase: the buyer must exist, be 18+ (birth date or age-verified flag) and not be
frozen; and stay within the purchase caps of the price's currency (no exchange rates: each
currency has its own daily and weekly cap in the economy file). Windows are rolling (the last
24 hours, the last 7 days) and count every purchase made, refunded or not, and every open web
checkout (a Stripe session stays payable for 24 hours, so it is real exposure).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.config import Settings
from fancoins.economy.limits import check_purchase_cap, purchase_caps_for
from fancoins.economy.refunds import PurchaseParts, add, plan_clawback
from fancoins.identity.service import User, users, wallet_accounts
from fancoins.ids import new_id, now_ms
from fancoins.journal.idempotency import IdempotencyConflict
from fancoins.journal.service import AccountSpec, journal
from fancoins.ledger import (
    COIN,
    AccountFlags,
    InvariantViolation,
    TransferFlags,
    TransferRequest,
    chart,
)
from fancoins.payouts.service import refund_clawbacks
from fancoins.providers import errors
from fancoins.providers.apple import AppleVerifier
from fancoins.providers.errors import ProviderError, ProviderVerificationError
from fancoins.providers.google import GooglePlayClient, GoogleRtdnReceiver
from fancoins.providers.stripe_checkout import StripeEvent
from fancoins.purchases import repository
from fancoins.purchases.catalog import Quote, catalog, coins_of_product
from fancoins.purchases.clients import Checkout

log = structlog.get_logger(__name__)

PURCHASES_SCOPE = "purchases"
DAY_MS = 86_400_000
WEEK_MS = 7 * DAY_MS
# appAccountToken (Apple) and obfuscatedExternalAccountId (Google) are this UUIDv5 of the
# user id: the app sets it at purchase, we check it, and it says nothing about the user.
STORE_ACCOUNT_NAMESPACE = uuid.UUID("5b0f6c1e-3c1a-4f0e-9f5e-2d7a6c9b8e41")
# Web checkout purchase ids are a UUIDv5 of (user, Idempotency-Key): a retry finds its row.
CHECKOUT_NAMESPACE = uuid.UUID("0c7e2f4a-91d3-4b8a-a6f1-7e5d3c2b1a90")
STRIPE_PAID_EVENTS = frozenset(
    {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
)
APPLE_CLAWBACK_TYPES = frozenset({"REFUND", "REVOKE"})
GOOGLE_PARTIAL_REFUND = 2  # voidedPurchaseNotification.refundType: quantity-based partial

UowFactory = Callable[[], AbstractAsyncContextManager[AsyncConnection]]


class PurchaseRefused(Exception):
    """The buyer may not buy now. `reason` is stable: age_restricted, account_frozen,
    purchase_cap_exceeded."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def store_account_token(user_id: str) -> str:
    return str(uuid.uuid5(STORE_ACCOUNT_NAMESPACE, user_id))


@dataclass(frozen=True, slots=True)
class Purchase:
    id: uuid.UUID
    user_id: str
    provider: str
    channel: str
    provider_ref: str | None
    product_id: str
    country: str
    currency: str
    coins: int
    quantity: int
    gross_minor: int
    store_fee_minor: int
    tax_minor: int
    net_minor: int
    status: str
    coins_clawed_back: int
    checkout_url: str | None
    created_at_ms: int
    fulfilled_at_ms: int | None

    @classmethod
    def from_row(cls, row: Any) -> Purchase:
        return cls(
            id=row.id, user_id=row.user_id, provider=row.provider, channel=row.channel,
            provider_ref=row.provider_ref, product_id=row.product_id, country=row.country,
            currency=row.currency, coins=row.coins, quantity=row.quantity,
            gross_minor=row.gross_minor, store_fee_minor=row.store_fee_minor,
            tax_minor=row.tax_minor, net_minor=row.net_minor, status=row.status,
            coins_clawed_back=row.coins_clawed_back, checkout_url=row.checkout_url,
            created_at_ms=row.created_at_ms, fulfilled_at_ms=row.fulfilled_at_ms,
        )


@dataclass(frozen=True, slots=True)
class PurchaseResult:
    purchase: Purchase
    replayed: bool


@dataclass(frozen=True, slots=True)
class RefundRecord:
    """One claw-back, for whoever must follow the coins (diamond claw-back, issue 6)."""

    id: uuid.UUID
    purchase_id: uuid.UUID
    user_id: str
    provider: str
    kind: str
    coins_clawed_back: int
    gross_minor: int
    currency: str
    created_at_ms: int


@dataclass(frozen=True, slots=True)
class _StoreClaim:
    user_id: str
    provider: str
    channel: str
    provider_ref: str
    payment_ref: str | None
    product_id: str
    package_coins: int
    quantity: int
    environment: str | None


def _parts(row: Any) -> PurchaseParts:
    return PurchaseParts(row.coins, row.gross_minor, row.store_fee_minor, row.tax_minor,
                         row.net_minor)


def _refunded(row: Any) -> PurchaseParts:
    return PurchaseParts(row.coins_clawed_back, row.gross_refunded_minor, row.fee_refunded_minor,
                         row.tax_refunded_minor, row.net_refunded_minor)


def _currency_accounts(channel: str, currency: str) -> list[AccountSpec]:
    return [
        AccountSpec(chart.store_receivable(channel, currency), currency, "store",
                    AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS),
        AccountSpec(chart.store_fees(currency), currency, "platform"),
        AccountSpec(chart.taxes(currency), currency, "platform"),
        AccountSpec(chart.revenue(currency), currency, "platform"),
    ]


def _leg(code: str, debit: str, credit: str, asset: str, amount: int,
         user_data: Mapping[str, str | int | bool | None],
         flags: TransferFlags = TransferFlags.NONE) -> list[TransferRequest]:
    """One transfer, turned around for a negative amount; none for zero."""
    if amount == 0:
        return []
    if amount < 0:
        debit, credit, amount = credit, debit, -amount
    return [TransferRequest(id=new_id(), code=code, debit_account_id=debit,
                            credit_account_id=credit, asset=asset, amount=amount,
                            flags=flags, user_data=user_data)]


def fulfilment_transfers(row: Any) -> list[TransferRequest]:
    data = {"purchase_id": str(row.id), "provider": row.provider, "product_id": row.product_id}
    cur, receivable = row.currency, chart.store_receivable(row.channel, row.currency)
    return [
        *_leg("purchase", chart.COINS_ISSUED, chart.user_coins(row.user_id), COIN, row.coins,
              data),
        *_leg("purchase_fee", receivable, chart.store_fees(cur), cur, row.store_fee_minor, data),
        *_leg("purchase_tax", receivable, chart.taxes(cur), cur, row.tax_minor, data),
        *_leg("purchase_revenue", receivable, chart.revenue(cur), cur, row.net_minor, data),
    ]


def clawback_transfers(row: Any, share: PurchaseParts, refund_id: uuid.UUID,
                       kind: str) -> list[TransferRequest]:
    data = {"purchase_id": str(row.id), "refund_id": str(refund_id), "kind": kind}
    cur, receivable = row.currency, chart.store_receivable(row.channel, row.currency)
    return [
        *_leg("purchase_clawback", chart.user_coins(row.user_id), chart.COINS_ISSUED, COIN,
              share.coins, data, TransferFlags.ALLOW_OVERDRAFT),
        *_leg("refund_fee", chart.store_fees(cur), receivable, cur, share.store_fee_minor, data),
        *_leg("refund_tax", chart.taxes(cur), receivable, cur, share.tax_minor, data),
        *_leg("refund_revenue", chart.revenue(cur), receivable, cur, share.net_minor, data),
    ]


class PurchaseService:
    # --- rules at purchase ---

    async def check_buyer(
        self, connection: AsyncConnection, settings: Settings, user_id: str
    ) -> User:
        """Raises `UserNotFound` or `PurchaseRefused`."""
        user = await users.get(connection, user_id)
        if user.frozen:
            raise PurchaseRefused("account_frozen", "a frozen account cannot buy coins")
        today = dt.datetime.now(dt.UTC).date()
        if not user.is_adult(today, settings.economy.age.min_age_years):
            raise PurchaseRefused(
                "age_restricted",
                f"buying coins needs age {settings.economy.age.min_age_years} or over",
            )
        return user

    async def check_caps(
        self, connection: AsyncConnection, settings: Settings, user_id: str, quote: Quote
    ) -> None:
        caps = purchase_caps_for(settings.economy.limits, quote.currency)
        at_ms = now_ms()
        day = await repository.bought_since_minor(connection, user_id, quote.currency,
                                                  at_ms - DAY_MS)
        week = await repository.bought_since_minor(connection, user_id, quote.currency,
                                                   at_ms - WEEK_MS)
        window = check_purchase_cap(caps, day, week, quote.split.gross_minor)
        if window is not None:
            raise PurchaseRefused(
                "purchase_cap_exceeded",
                f"this purchase would pass your {window} purchase cap in {quote.currency}",
            )

    # --- store purchases ---

    async def buy_apple(
        self, uow: UowFactory, verifier: AppleVerifier, settings: Settings, *, user_id: str,
        signed_transaction: str,
    ) -> PurchaseResult:
        """Raises `ProviderVerificationError`, `PurchaseRefused`, `ProductUnknown`,
        `UserNotFound`."""
        transaction = verifier.verify_transaction(signed_transaction)
        if transaction.app_account_token != store_account_token(user_id):
            raise ProviderVerificationError(errors.ACCOUNT_MISMATCH, "appAccountToken")
        coins = coins_of_product(settings.store_product_id_prefix, transaction.product_id)
        if coins is None:
            raise ProviderVerificationError(errors.PRODUCT_UNKNOWN, transaction.product_id)
        claim = _StoreClaim(
            user_id=user_id, provider="apple", channel="ios",
            provider_ref=transaction.transaction_id,
            payment_ref=transaction.original_transaction_id, product_id=transaction.product_id,
            package_coins=coins, quantity=transaction.quantity,
            environment=transaction.environment,
        )
        async with uow() as connection:
            return await self._fulfil_store(connection, settings, claim)

    async def buy_google(
        self, uow: UowFactory, client: GooglePlayClient, settings: Settings, *, user_id: str,
        product_id: str, purchase_token: str,
    ) -> PurchaseResult:
        """Verify with the Play API, fulfil, then consume (after the commit)."""
        coins = coins_of_product(settings.store_product_id_prefix, product_id)
        if coins is None:
            raise ProviderVerificationError(errors.PRODUCT_UNKNOWN, product_id)
        bought = await asyncio.to_thread(client.get_product_purchase, product_id, purchase_token)
        if bought.obfuscated_external_account_id != store_account_token(user_id):
            raise ProviderVerificationError(errors.ACCOUNT_MISMATCH, "obfuscatedExternalAccountId")
        if not bought.is_purchased:
            raise ProviderVerificationError(errors.NOT_PURCHASED, f"state {bought.purchase_state}")
        is_test = bought.purchase_type == 0
        if is_test and not settings.google_accept_test_purchases:
            raise ProviderVerificationError(errors.ENVIRONMENT_MISMATCH, "a test purchase")
        claim = _StoreClaim(
            user_id=user_id, provider="google", channel="android",
            provider_ref=bought.order_id or f"token:{purchase_token}"[:255],
            payment_ref=purchase_token[:255], product_id=product_id, package_coins=coins,
            quantity=bought.quantity, environment="test" if is_test else "production",
        )
        async with uow() as connection:
            result = await self._fulfil_store(connection, settings, claim)
        if bought.consumption_state == 0:
            try:
                await asyncio.to_thread(client.consume, product_id, purchase_token)
            except ProviderError as error:
                # Fulfilled and committed; the app retries this call (a replay consumes again).
                log.warning("google.consume_failed", purchase_id=str(result.purchase.id),
                            error=str(error))
        return result

    async def _fulfil_store(
        self, connection: AsyncConnection, settings: Settings, claim: _StoreClaim
    ) -> PurchaseResult:
        existing = await repository.find_by_provider_ref(
            connection, claim.provider, claim.provider_ref
        )
        if existing is not None:
            return self._replay(existing, claim.user_id)
        user = await self.check_buyer(connection, settings, claim.user_id)
        quote = await catalog.quote(
            connection, settings.economy, country=user.country, channel=claim.channel,
            coins=claim.package_coins, quantity=claim.quantity,
        )
        await self.check_caps(connection, settings, claim.user_id, quote)
        purchase_id, at_ms = new_id(), now_ms()
        row_values = _purchase_values(purchase_id, claim.user_id, claim.provider, quote,
                                      product_id=claim.product_id, at_ms=at_ms)
        row_values.update(provider_ref=claim.provider_ref, payment_ref=claim.payment_ref,
                          environment=claim.environment, status="fulfilled",
                          fulfilled_at_ms=at_ms)
        if not await repository.insert_purchase(connection, row_values):
            # Fulfilled by a concurrent request that committed first: answer as a replay.
            raced = await repository.find_by_provider_ref(
                connection, claim.provider, claim.provider_ref
            )
            if raced is None:
                raise ProviderVerificationError(errors.PAYLOAD_INVALID, "purchase id collision")
            return self._replay(raced, claim.user_id)
        row = _found(await repository.get_purchase(connection, purchase_id))
        await self._post_fulfilment(connection, row)
        log.info("purchase.fulfilled", purchase_id=str(purchase_id), provider=claim.provider)
        return PurchaseResult(Purchase.from_row(row), replayed=False)

    def _replay(self, row: Any, user_id: str) -> PurchaseResult:
        if row.user_id != user_id:
            raise ProviderVerificationError(errors.ACCOUNT_MISMATCH,
                                            "fulfilled for another account")
        return PurchaseResult(Purchase.from_row(row), replayed=True)

    async def _post_fulfilment(self, connection: AsyncConnection, row: Any) -> None:
        await journal.open_accounts(
            connection, [*wallet_accounts(row.user_id),
                         *_currency_accounts(row.channel, row.currency)]
        )
        await journal.record(connection, fulfilment_transfers(row),
                             idempotency_key=f"purchase:{row.id}", scope=PURCHASES_SCOPE)

    # --- web checkout ---

    async def open_checkout(
        self, uow: UowFactory, checkout: Checkout, settings: Settings, *, user_id: str,
        coins: int, idempotency_key: str,
    ) -> PurchaseResult:
        """A Stripe Checkout session for one web package. The same key returns the same
        session; the same key for another package is an `IdempotencyConflict`."""
        purchase_id = uuid.uuid5(CHECKOUT_NAMESPACE, f"{user_id}\n{idempotency_key}")
        async with uow() as connection:
            existing = await repository.get_purchase(connection, purchase_id)
            if existing is not None:
                return self._checkout_replay(existing, coins, idempotency_key)
            user = await self.check_buyer(connection, settings, user_id)
            quote = await catalog.quote(connection, settings.economy, country=user.country,
                                        channel="web", coins=coins)
            await self.check_caps(connection, settings, user_id, quote)
        # Outside any transaction: no database lock is held while Stripe answers.
        session = await checkout.create_session(
            idempotency_key=f"fancoins-checkout-{purchase_id}",
            price_minor=quote.unit_price_minor, currency=quote.currency,
            product_name=f"{coins:,} coins", quantity=1, client_reference_id=str(purchase_id),
            metadata={"purchase_id": str(purchase_id), "user_id": user_id},
        )
        values = _purchase_values(purchase_id, user_id, "stripe", quote,
                                  product_id=f"web.{coins}", at_ms=now_ms())
        values.update(provider_ref=session.id, status="open", checkout_url=session.url)
        async with uow() as connection:
            inserted = await repository.insert_purchase(connection, values)
            row = await repository.get_purchase(connection, purchase_id)
        if row is None:  # the session id belongs to another purchase: never ours to reuse
            raise IdempotencyConflict("checkout", idempotency_key)
        if not inserted:
            return self._checkout_replay(row, coins, idempotency_key)
        return PurchaseResult(Purchase.from_row(row), replayed=False)

    def _checkout_replay(self, row: Any, coins: int, idempotency_key: str) -> PurchaseResult:
        if row.package_coins != coins:
            raise IdempotencyConflict("checkout", idempotency_key)
        return PurchaseResult(Purchase.from_row(row), replayed=True)

    async def handle_stripe_event(self, uow: UowFactory, event: StripeEvent) -> str:
        """Apply a verified Stripe event once; a redelivery answers the first outcome."""
        async with uow() as connection:
            if not await repository.claim_event(connection, "stripe", event.id, event.type,
                                                now_ms()):
                return await repository.event_outcome(connection, "stripe", event.id)
            outcome, purchase_id = await self._stripe_event(connection, event)
            await repository.finish_event(connection, "stripe", event.id, outcome, purchase_id)
        log.info("stripe.event", event_id=event.id, type=event.type, outcome=outcome)
        return outcome

    async def _stripe_event(
        self, connection: AsyncConnection, event: StripeEvent
    ) -> tuple[str, uuid.UUID | None]:
        obj = event.object
        if event.type in STRIPE_PAID_EVENTS:
            return await self._stripe_paid(connection, obj)
        if event.type not in ("charge.refunded", "charge.dispute.created"):
            return "ignored", None
        row = await self._stripe_purchase(connection, obj)
        if row is None:
            return "unknown_purchase", None
        if event.type == "charge.refunded":
            charged_minor = _int_field(obj, "amount") or row.gross_minor
            # Scaled to the purchase in case the charge covered more (never, today).
            total = _int_field(obj, "amount_refunded") * row.gross_minor // charged_minor
            outcome = await self.claw_back(connection, row.id, provider="stripe",
                                           refund_ref=f"refund:{event.id}", kind="refund",
                                           refunded_total_minor=total)
        else:
            total = row.gross_refunded_minor + _int_field(obj, "amount")
            outcome = await self.claw_back(connection, row.id, provider="stripe",
                                           refund_ref=f"dispute:{obj.get('id')}",
                                           kind="dispute", refunded_total_minor=total)
        return outcome, row.id

    async def _stripe_paid(
        self, connection: AsyncConnection, session: dict[str, Any]
    ) -> tuple[str, uuid.UUID | None]:
        if session.get("payment_status") != "paid":
            return "not_paid", None
        found = await repository.find_by_provider_ref(connection, "stripe",
                                                      str(session.get("id")))
        if found is None:
            return "unknown_purchase", None
        row = _found(await repository.get_purchase(connection, found.id, lock=True))
        if row.status != "open":
            return "already_fulfilled", row.id
        paid_currency = str(session.get("currency", "")).upper()
        if _int_field(session, "amount_total") != row.gross_minor or paid_currency != row.currency:
            log.error("stripe.amount_mismatch", purchase_id=str(row.id))
            return "amount_mismatch", row.id
        intent = session.get("payment_intent")
        await repository.mark_fulfilled(connection, row.id, now_ms(),
                                        intent if isinstance(intent, str) else None)
        await self._post_fulfilment(connection, row)
        return "fulfilled", row.id

    async def _stripe_purchase(self, connection: AsyncConnection, obj: dict[str, Any]) -> Any:
        """The purchase a charge or dispute belongs to: by payment intent, else our metadata."""
        intent = obj.get("payment_intent")
        if isinstance(intent, str) and intent:
            row = await repository.find_by_payment_ref(connection, "stripe", intent)
            if row is not None:
                return row
        metadata = obj.get("metadata")
        raw_id = metadata.get("purchase_id") if isinstance(metadata, dict) else None
        try:
            purchase_id = uuid.UUID(str(raw_id))
        except ValueError:
            return None
        row = await repository.get_purchase(connection, purchase_id)
        return row if row is not None and row.provider == "stripe" else None

    # --- claw-back ---

    async def claw_back(
        self, connection: AsyncConnection, purchase_id: uuid.UUID, *, provider: str,
        refund_ref: str, kind: str, refunded_total_minor: int,
    ) -> str:
        """Claw back what `refunded_total_minor` (cumulative) calls for, once per refund_ref."""
        row = await repository.get_purchase(connection, purchase_id, lock=True)
        if row is None or row.status == "open":
            return "not_fulfilled"
        if await repository.refund_exists(connection, provider, refund_ref):
            return "duplicate"
        share = plan_clawback(_parts(row), _refunded(row), refunded_total_minor,
                              fee_returned=row.channel != "web")
        if share.gross_minor == 0:
            return "nothing_to_claw_back"
        refund_id = new_id()
        inserted = await repository.insert_refund(connection, {
            "id": refund_id, "purchase_id": row.id, "user_id": row.user_id,
            "provider": provider, "refund_ref": refund_ref[:255], "kind": kind,
            "coins_clawed_back": share.coins, "gross_minor": share.gross_minor,
            "currency": row.currency, "created_at_ms": now_ms(),
        })
        if not inserted:
            return "duplicate"
        await journal.record(connection, clawback_transfers(row, share, refund_id, kind),
                             idempotency_key=f"refund:{refund_id}", scope=PURCHASES_SCOPE)
        await refund_clawbacks.clawback_diamonds_for_refund(  # issue 6: diamonds follow
            connection, user_id=row.user_id, coins_clawed=share.coins, refund_id=refund_id,
            since_ms=row.fulfilled_at_ms or row.created_at_ms)
        total = add(_refunded(row), share)
        await repository.set_refunded_totals(connection, row.id, {
            "coins_clawed_back": total.coins, "gross_refunded_minor": total.gross_minor,
            "fee_refunded_minor": total.store_fee_minor, "tax_refunded_minor": total.tax_minor,
            "net_refunded_minor": total.net_minor,
            "status": "refunded" if total.gross_minor == row.gross_minor
            else "partially_refunded",
        })
        log.info("purchase.clawed_back", purchase_id=str(row.id), coins=share.coins, kind=kind)
        return "clawed_back"

    async def handle_apple_notification(
        self, uow: UowFactory, verifier: AppleVerifier, signed_payload: str
    ) -> str:
        """App Store Server Notification V2: REFUND and REVOKE claw back; others recorded."""
        notification = verifier.verify_notification(signed_payload)
        event_id, kind = notification.notification_uuid, notification.notification_type
        async with uow() as connection:
            if not await repository.claim_event(connection, "apple", event_id, kind, now_ms()):
                return await repository.event_outcome(connection, "apple", event_id)
            outcome, purchase_id = "recorded", None
            transaction = notification.transaction
            if kind in APPLE_CLAWBACK_TYPES and transaction is not None:
                row = await repository.find_by_provider_ref(connection, "apple",
                                                            transaction.transaction_id)
                outcome = "unknown_purchase"
                if row is not None:
                    purchase_id = row.id
                    # REFUND and REVOKE of one transaction share a ref: clawed back once.
                    outcome = await self.claw_back(
                        connection, row.id, provider="apple",
                        refund_ref=f"revoke:{transaction.transaction_id}", kind=kind.lower(),
                        refunded_total_minor=row.gross_minor,
                    )
            await repository.finish_event(connection, "apple", event_id, outcome, purchase_id)
        log.info("apple.notification", type=kind, outcome=outcome)
        return outcome

    async def handle_google_notification(
        self, uow: UowFactory, receiver: GoogleRtdnReceiver, bearer_token: str, body: bytes
    ) -> str:
        """A Play real-time developer notification, pushed by Pub/Sub with an OIDC token."""
        await asyncio.to_thread(receiver.verify_push_token, bearer_token)
        rtdn = receiver.parse_rtdn(body)
        voided = rtdn.voided_purchase_notification
        async with uow() as connection:
            if not await repository.claim_event(connection, "google", rtdn.message_id,
                                                "rtdn", now_ms()):
                return await repository.event_outcome(connection, "google", rtdn.message_id)
            outcome = "recorded"
            if voided is not None and voided.refund_type == GOOGLE_PARTIAL_REFUND:
                # The notification does not say how many units: the voided-purchases poll
                # (which does) claws back the partial refund.
                outcome = "partial_left_to_poll"
            elif voided is not None:
                outcome = await self.claw_back_google(
                    connection, order_id=voided.order_id, purchase_token=voided.purchase_token,
                    voided_quantity=None,
                )
            await repository.finish_event(connection, "google", rtdn.message_id, outcome, None)
        log.info("google.notification", message_id=rtdn.message_id, outcome=outcome)
        return outcome

    async def claw_back_google(
        self, connection: AsyncConnection, *, order_id: str | None, purchase_token: str,
        voided_quantity: int | None,
    ) -> str:
        """A voided Google purchase (from a notification or the poll): all of it, or
        `voided_quantity` units of it."""
        row = None
        if order_id:
            row = await repository.find_by_provider_ref(connection, "google", order_id)
        if row is None:
            row = await repository.find_by_payment_ref(connection, "google", purchase_token)
        if row is None:
            return "unknown_purchase"
        units = row.quantity if voided_quantity is None else min(voided_quantity, row.quantity)
        return await self.claw_back(
            connection, row.id, provider="google",
            refund_ref=f"void:{row.provider_ref}:{voided_quantity or 'all'}", kind="void",
            refunded_total_minor=row.gross_minor * units // row.quantity,
        )

    # --- reads ---

    async def get(self, connection: AsyncConnection, purchase_id: uuid.UUID) -> Purchase | None:
        row = await repository.get_purchase(connection, purchase_id)
        return None if row is None else Purchase.from_row(row)

    async def find_open_checkout(
        self, connection: AsyncConnection, session_id: str
    ) -> Purchase | None:
        row = await repository.find_by_provider_ref(connection, "stripe", session_id)
        return None if row is None else Purchase.from_row(row)

    async def refunds_since(
        self, connection: AsyncConnection, since_ms: int, after_id: uuid.UUID | None = None,
        limit: int = 500,
    ) -> list[RefundRecord]:
        """Claw-backs recorded since `since_ms`, oldest id first; page with `after_id`."""
        rows = await repository.refunds_since(connection, since_ms, after_id, limit)
        return [
            RefundRecord(id=r.id, purchase_id=r.purchase_id, user_id=r.user_id,
                         provider=r.provider, kind=r.kind, coins_clawed_back=r.coins_clawed_back,
                         gross_minor=r.gross_minor, currency=r.currency,
                         created_at_ms=r.created_at_ms)
            for r in rows
        ]


def _purchase_values(
    purchase_id: uuid.UUID, user_id: str, provider: str, quote: Quote, *, product_id: str,
    at_ms: int,
) -> dict[str, Any]:
    split = quote.split
    return {
        "id": purchase_id, "user_id": user_id, "provider": provider, "channel": quote.channel,
        "provider_ref": None, "payment_ref": None, "product_id": product_id[:64],
        "environment": None, "country": quote.country, "currency": quote.currency,
        "package_coins": quote.package_coins, "quantity": quote.quantity, "coins": quote.coins,
        "gross_minor": split.gross_minor, "store_fee_minor": split.store_fee_minor,
        "tax_minor": split.tax_minor, "net_minor": split.net_minor, "status": "open",
        "coins_clawed_back": 0, "gross_refunded_minor": 0, "fee_refunded_minor": 0,
        "tax_refunded_minor": 0, "net_refunded_minor": 0, "checkout_url": None,
        "created_at_ms": at_ms, "fulfilled_at_ms": None,
    }


def _found(row: Any) -> Any:
    if row is None:
        raise InvariantViolation("a purchase row read back in its own transaction is missing")
    return row


def _int_field(obj: Mapping[str, Any], key: str) -> int:
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, f"{key} is not an amount")
    return value


purchases = PurchaseService()
