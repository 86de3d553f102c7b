"""Coins in: verified store purchases and web checkouts, fulfilled once, each retry answered
with its first answer.

Every purchase write goes through `journal.idempotency.idempotent` under the caller's key
(scoped to the buyer; by default the store's own proof of purchase). A store is asked —
Apple's signature and online checks, Google's Play API, Stripe — before the unit's transaction
begins, so no database lock is held while a store answers; a key already answered is found
first (read-only) and answered again without asking the store.

Rules at purchase: the buyer must exist, be 18+ (birth date or age-verified flag) and not be
frozen; and stay within the purchase caps of the price list's currency (no exchange rates:
each currency has its own daily and weekly cap in the economy file), counted at the quoted
price over rolling windows (the last 24 hours, the last 7 days), every purchase made and every
open web checkout included (a Stripe session stays payable for 24 hours: real exposure).

Fulfilment books the money from the store's own figures (`purchases.revenue`), posts the legs
(`purchases.legs`), then settles any refund or revocation the store told us about first
(`purchases.claims`): such a purchase is clawed back in the same commit.
"""

from __future__ import annotations

import dataclasses
import hashlib
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

import structlog
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from fancoins.config import Mode, Settings
from fancoins.db import outbox
from fancoins.db.engine import read_only
from fancoins.db.uow import UnitOfWork
from fancoins.economy.age import AgeAction
from fancoins.economy.limits import PurchaseCaps, check_purchase_cap, purchase_caps_for
from fancoins.economy.rules import EconomyConfig
from fancoins.identity.service import User, audit, wallet_accounts
from fancoins.ids import new_id, now_ms
from fancoins.journal.idempotency import Answer, idempotent, recorded
from fancoins.journal.service import Recorded, journal
from fancoins.kit.clock import MS_PER_DAY
from fancoins.kit.errors import FancoinsError
from fancoins.ledger import InvariantViolation
from fancoins.ledger.assets import CURRENCY_EXPONENTS
from fancoins.providers import errors
from fancoins.providers.apple import AppleTransaction
from fancoins.providers.errors import ProviderError, ProviderRejected, ProviderVerificationError
from fancoins.providers.google import PURCHASE_STATE_PURCHASED, GoogleProductPurchase
from fancoins.purchases import legs, repository, revenue
from fancoins.purchases.catalog import Quote, catalog, coins_of_product, quote_in
from fancoins.purchases.claims import PURCHASES_SCOPE, ClaimEvent, claims
from fancoins.purchases.clients import PurchaseClients
from fancoins.purchases.errors import (
    ProductUnknown,
    PurchaseAccountMismatch,
    PurchaseCapExceeded,
    PurchaseNotCompleted,
    PurchaseNotPaid,
    PurchaseRevoked,
    ReceiptWrongEnvironment,
    provider_error,
)
from fancoins.purchases.events import PurchaseCompleted, told
from fancoins.purchases.models import ClaimView, Purchase
from fancoins.purchases.revenue import StoreCharge
from fancoins.purchases.states import Claim, ClaimKind, PurchaseStatus, check_transition
from fancoins.safety.eligibility import eligibility
from fancoins.safety.limits import limit_sets, window_starts
from fancoins.safety.refund_abuse import RefundAbusePolicy

log = structlog.get_logger(__name__)
P = ParamSpec("P")
T = TypeVar("T")

APPLE_SCOPE = "purchase_apple"
GOOGLE_SCOPE = "purchase_google"
CHECKOUT_SCOPE = "checkout"
WEEK_MS = 7 * MS_PER_DAY
# appAccountToken (Apple) and obfuscatedExternalAccountId (Google) are this UUIDv5 of the
# user id: the app sets it at purchase, we check it, and it says nothing about the user.
STORE_ACCOUNT_NAMESPACE = uuid.UUID("5b0f6c1e-3c1a-4f0e-9f5e-2d7a6c9b8e41")
# Web checkout purchase ids are a UUIDv5 of (user, Idempotency-Key): a retry finds its row.
CHECKOUT_NAMESPACE = uuid.UUID("0c7e2f4a-91d3-4b8a-a6f1-7e5d3c2b1a90")
APPLE_SANDBOX = "Sandbox"
GOOGLE_TEST, GOOGLE_PROMO, GOOGLE_REWARDED = 0, 1, 2  # ProductPurchase.purchaseType
GOOGLE_UNPAID_TYPES = frozenset({GOOGLE_PROMO, GOOGLE_REWARDED})
REVOCATION_REF = "revocation"  # Apple: one claim per transaction, refunded or revoked


def store_account_token(user_id: str) -> str:
    return str(uuid.uuid5(STORE_ACCOUNT_NAMESPACE, user_id))


def scoped_key(owner: str, key: str) -> str:
    # Keys are per buyer; hashed so owner id + key always fit the key column.
    return hashlib.sha256(f"{owner}\x00{key}".encode()).hexdigest()


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class PurchaseResult:
    """A purchase as it stood when this request was answered."""

    purchase: Purchase
    replayed: bool  # it had been fulfilled before (by another request): nothing was added


@dataclass(frozen=True, slots=True)
class StorePurchase:
    """A store purchase, verified with the store, as fulfilment needs it."""

    user_id: str
    provider: str
    channel: str
    provider_ref: str
    payment_ref: str | None
    product_id: str
    package_coins: int
    quantity: int
    environment: str | None
    charge: StoreCharge | None
    unpaid: str | None = None  # revenue.GRANT or revenue.TEST: booked with no money
    grant_reason: str | None = None  # the audit entry's reason for a grant


@dataclass(frozen=True, slots=True)
class BuyingUse:
    """Bought in one price-list currency (minor units, at the quote): the platform's rolling
    24 hours and 7 days (its caps), and the calendar UTC day, week and month (the buyer's
    own and a guardian's buying limits)."""

    currency: str
    last_24h_minor: int
    last_7d_minor: int
    today_minor: int
    this_week_minor: int
    this_month_minor: int
    cap_daily_minor: int | None
    cap_weekly_minor: int | None


class PurchaseService:
    # --- rules at purchase ---

    async def check_buyer(
        self, connection: AsyncConnection, settings: Settings, user_id: str
    ) -> User:
        """Old enough to buy where they live, and not frozen or banned from buying. Raises
        `UserNotFound`, `AccountFrozen` (until when and why) or `AgeRestricted`."""
        return await eligibility.require(connection, user_id, AgeAction.BUY, settings.economy)

    async def check_caps(
        self, connection: AsyncConnection, settings: Settings, user_id: str, quote: Quote
    ) -> None:
        """Raises `PurchaseCapExceeded` (the platform's caps), `SpendingLimitExceeded` (the
        buyer's own buying limit or a guardian's cap: which window, how much is left) or
        `LimitCurrencyMismatch`."""
        caps = purchase_caps_for(settings.economy.limits, quote.currency)
        at_ms = now_ms()
        # The platform's rolling day and week, then the buyer's own buying limits and a
        # guardian's caps per UTC day, week and month: five sums, one query.
        day, week, *calendar = await repository.bought_since_minor(
            connection, user_id, quote.currency,
            [at_ms - MS_PER_DAY, at_ms - WEEK_MS, *window_starts(at_ms)])
        window = check_purchase_cap(caps, day, week, quote.split.gross_minor)
        if window is not None:
            raise PurchaseCapExceeded(
                f"this purchase would pass your {window} purchase cap in {quote.currency}",
                window=window)
        await limit_sets.check_buy(connection, user_id, quote.currency,
                                   quote.split.gross_minor,
                                   (calendar[0], calendar[1], calendar[2]), at_ms)

    async def _quote(
        self, connection: AsyncConnection, settings: Settings, user_id: str, *, channel: str,
        coins: int, quantity: int = 1, country: str | None = None,
    ) -> Quote:
        """The buyer checked, the price list's quote (for `country`, else the buyer's) and
        the caps checked against it."""
        user = await self.check_buyer(connection, settings, user_id)
        quote = await catalog.quote(connection, settings.economy,
                                    country=country or user.country, channel=channel,
                                    coins=coins, quantity=quantity)
        await self.check_caps(connection, settings, user_id, quote)
        return quote

    # --- Apple ---

    async def buy_apple(
        self, uow: UnitOfWork, engine: AsyncEngine, clients: PurchaseClients,
        settings: Settings, *, user_id: str, signed_transaction: str,
        idempotency_key: str | None,
    ) -> Answer[PurchaseResult]:
        """Fulfil a StoreKit 2 signed transaction once. A revoked one is never credited: its
        revocation is recorded (and claws back the transaction if it is fulfilled later)."""
        clients.need_apple()  # 503 before anything else when Apple is not configured
        digest = digest_of(signed_transaction)
        key = scoped_key(user_id, idempotency_key or f"apple:{digest}")
        request = {"user": user_id, "signed_transaction": digest}
        stored = await answered(engine, APPLE_SCOPE, key, request)
        if stored is not None:
            return stored
        transaction = await self._verified_apple(clients, settings, signed_transaction)
        purchase = self._apple_purchase(settings, user_id, transaction)
        connection = await uow.connect()
        if transaction.revocation_date_ms is not None:
            await claims.record(connection, _revocation(transaction, claimed=True))

        async def run() -> PurchaseResult:
            if transaction.revocation_date_ms is not None:
                raise PurchaseRevoked(f"the App Store revoked transaction "
                                      f"{transaction.transaction_id}")
            return await self.fulfil_store(connection, uow, settings, purchase)

        return await idempotent(uow, APPLE_SCOPE, key, request, run, PurchaseResult)

    async def _verified_apple(
        self, clients: PurchaseClients, settings: Settings, signed: str
    ) -> AppleTransaction:
        verifier = clients.need_apple()
        try:
            return await clients.calls.run("Apple verification", settings.apple.timeout_s,
                                           verifier.verify_transaction, signed)
        except ProviderVerificationError as error:
            sandbox = clients.apple_sandbox
            if sandbox is None or error.reason != errors.ENVIRONMENT_MISMATCH:
                raise provider_error(error) from error
        except ProviderError as error:
            raise provider_error(error) from error
        try:
            return await clients.calls.run("Apple verification", settings.apple.timeout_s,
                                           sandbox.verify_transaction, signed)
        except ProviderError as error:
            raise provider_error(error) from error

    def _apple_purchase(self, settings: Settings, user_id: str,
                        transaction: AppleTransaction) -> StorePurchase:
        if transaction.app_account_token != store_account_token(user_id):
            raise PurchaseAccountMismatch("appAccountToken", reason=errors.ACCOUNT_MISMATCH)
        coins = coins_of_product(settings.purchases.store_product_id_prefix, transaction.product_id)
        if coins is None:
            raise ProductUnknown(transaction.product_id, reason=errors.PRODUCT_UNKNOWN)
        unpaid = None
        if settings.mode is Mode.PRODUCTION and transaction.environment == APPLE_SANDBOX:
            # Only reachable with apple.accept_sandbox_in_production: free, so no revenue.
            log.warning("apple.sandbox_accepted", transaction_id=transaction.transaction_id,
                        user_id=user_id)
            unpaid = revenue.TEST
        return StorePurchase(
            user_id=user_id, provider="apple", channel="ios",
            provider_ref=transaction.transaction_id,
            payment_ref=transaction.original_transaction_id, product_id=transaction.product_id,
            package_coins=coins, quantity=transaction.quantity,
            environment=transaction.environment, charge=_apple_charge(transaction),
            unpaid=unpaid,
        )

    # --- Google ---

    async def buy_google(
        self, uow: UnitOfWork, engine: AsyncEngine, clients: PurchaseClients,
        settings: Settings, *, user_id: str, product_id: str, purchase_token: str,
        idempotency_key: str | None,
    ) -> Answer[PurchaseResult]:
        """Verify a Play purchase with Google, fulfil it once, then consume it (after the
        commit; a retry consumes again if that failed)."""
        client = clients.need_google()
        coins = coins_of_product(settings.purchases.store_product_id_prefix, product_id)
        if coins is None:
            raise ProductUnknown(product_id, reason=errors.PRODUCT_UNKNOWN)
        token_digest = digest_of(purchase_token)
        key = scoped_key(user_id, idempotency_key or f"google:{product_id}:{token_digest}")
        request = {"user": user_id, "product": product_id, "token": token_digest}
        consume = self._consumer(clients, settings, product_id, purchase_token)
        stored = await answered(engine, GOOGLE_SCOPE, key, request)
        if stored is not None:
            uow.after_commit(consume)
            return stored
        bought = await self._google_call(clients, settings, client.get_product_purchase,
                                         product_id, purchase_token)
        purchase = await self._google_purchase(clients, settings, user_id, product_id,
                                               purchase_token, coins, bought)
        connection = await uow.connect()

        async def run() -> PurchaseResult:
            return await self.fulfil_store(connection, uow, settings, purchase)

        answer = await idempotent(uow, GOOGLE_SCOPE, key, request, run, PurchaseResult)
        if bought.consumption_state == 0:
            uow.after_commit(consume)
        return answer

    async def _google_purchase(
        self, clients: PurchaseClients, settings: Settings, user_id: str, product_id: str,
        token: str, coins: int, bought: GoogleProductPurchase,
    ) -> StorePurchase:
        if bought.obfuscated_external_account_id != store_account_token(user_id):
            raise PurchaseAccountMismatch("obfuscatedExternalAccountId",
                                          reason=errors.ACCOUNT_MISMATCH)
        if bought.purchase_state != PURCHASE_STATE_PURCHASED:
            raise PurchaseNotCompleted(f"state {bought.purchase_state}",
                                       reason=errors.NOT_PURCHASED)
        unpaid, reason = self._google_unpaid(settings, user_id, bought)
        return StorePurchase(
            user_id=user_id, provider="google", channel="android",
            provider_ref=bought.order_id or f"token:{digest_of(token)}",
            payment_ref=repository.stored_ref(token), product_id=product_id,
            package_coins=coins, quantity=bought.quantity,
            environment="test" if bought.purchase_type == GOOGLE_TEST else "production",
            charge=None if unpaid else await self._google_charge(clients, settings, bought),
            unpaid=unpaid, grant_reason=reason,
        )

    def _google_unpaid(self, settings: Settings, user_id: str,
                       bought: GoogleProductPurchase) -> tuple[str | None, str | None]:
        """Test, promo-code and rewarded purchases are not paid for: refused unless a
        setting accepts them, and then booked with no money."""
        kind = bought.purchase_type
        if kind == GOOGLE_TEST:
            if not settings.google.accept_test_purchases:
                raise ReceiptWrongEnvironment("a test purchase",
                                              reason=errors.ENVIRONMENT_MISMATCH)
            if settings.mode is Mode.PRODUCTION:
                log.warning("google.test_purchase_accepted", order_id=bought.order_id,
                            user_id=user_id)
            return revenue.TEST, None
        if kind in GOOGLE_UNPAID_TYPES:
            what = "promo code" if kind == GOOGLE_PROMO else "rewarded"
            if not settings.google.accept_promo_purchases:
                raise PurchaseNotPaid(f"a Google Play {what} purchase is not paid for")
            return revenue.GRANT, f"Google Play {what} purchase (no payment)"
        return None, None

    async def _google_charge(self, clients: PurchaseClients, settings: Settings,
                             bought: GoogleProductPurchase) -> StoreCharge | None:
        """What Google's Orders API says the order cost; None (the quote is booked, marked
        "quoted") when Google has no order for it or its figures cannot be booked."""
        client = clients.need_google()
        if bought.order_id is None:
            return None
        try:
            order = await clients.calls.run("Google Play", settings.google.timeout_s,
                                            client.get_order, bought.order_id)
        except (ProviderRejected, ProviderVerificationError) as error:
            log.warning("google.order_unavailable", order_id=bought.order_id,
                        error=type(error).__name__)
            return None
        except ProviderError as error:
            raise provider_error(error) from error
        return StoreCharge(currency=order.currency, gross_minor=order.total_minor,
                           tax_minor=order.tax_minor,
                           country=order.buyer_country or bought.region_code,
                           storefront=order.buyer_country or bought.region_code)

    async def _google_call(
        self, clients: PurchaseClients, settings: Settings, call: Callable[P, T],
        *args: P.args, **kwargs: P.kwargs,
    ) -> T:
        try:
            return await clients.calls.run("Google Play", settings.google.timeout_s, call,
                                           *args, **kwargs)
        except ProviderError as error:
            raise provider_error(error) from error

    def _consumer(self, clients: PurchaseClients, settings: Settings, product_id: str,
                  token: str) -> Callable[[], Awaitable[None]]:
        async def consume() -> None:
            client = clients.google
            if client is None:
                return
            try:
                await clients.calls.run("Google Play", settings.google.timeout_s,
                                        client.consume, product_id, token)
            except ProviderError as error:
                # Fulfilled and committed; the app retries the call, which consumes again.
                log.warning("google.consume_failed", product_id=product_id,
                            error=type(error).__name__)
        return consume

    # --- fulfilment ---

    async def fulfil_store(
        self, connection: AsyncConnection, uow: UnitOfWork, settings: Settings,
        purchase: StorePurchase,
    ) -> PurchaseResult:
        await repository.lock_refs(connection, purchase.provider, [
            r for r in (purchase.provider_ref, purchase.payment_ref) if r])
        existing = await repository.find_by_provider_ref(connection, purchase.provider,
                                                         purchase.provider_ref)
        if existing is not None:
            return self._replay(existing, purchase.user_id)
        charge = purchase.charge
        quote = await self._quote(connection, settings, purchase.user_id,
                                  channel=purchase.channel, coins=purchase.package_coins,
                                  quantity=purchase.quantity,
                                  country=charge.country if charge else None)
        config = await catalog.economy(connection, settings.economy)
        booking = revenue.plan_booking(config, quote, charge, unpaid=purchase.unpaid)
        purchase_id, at_ms = new_id(), now_ms()
        check_transition(PurchaseStatus.OPEN, PurchaseStatus.FULFILLED)
        values = purchase_values(purchase_id, purchase.user_id, purchase.provider, quote,
                                 booking, product_id=purchase.product_id, at_ms=at_ms)
        values.update(provider_ref=purchase.provider_ref, payment_ref=purchase.payment_ref,
                      environment=purchase.environment,
                      status=PurchaseStatus.FULFILLED.value, fulfilled_at_ms=at_ms)
        if not await repository.insert_purchase(connection, values):
            # Fulfilled by a concurrent request that committed first: answer as a replay.
            raced = await repository.find_by_provider_ref(connection, purchase.provider,
                                                          purchase.provider_ref)
            if raced is None:
                raise InvariantViolation("a purchase id collided with no purchase")
            return self._replay(raced, purchase.user_id)
        row = _found(await repository.get_purchase(connection, purchase_id))
        if purchase.grant_reason is not None:
            await audit.record(connection, actor=f"store:{purchase.provider}",
                               action="purchase.granted", target=f"user:{purchase.user_id}",
                               reason=purchase.grant_reason,
                               data={"purchase_id": str(purchase_id), "coins": row.coins})
        return PurchaseResult(await self.fulfilled(connection, row,
                                                   RefundAbusePolicy.of(settings)),
                              replayed=False)

    async def fulfil_store_many(
        self, connection: AsyncConnection, settings: Settings,
        items: Sequence[StorePurchase],
    ) -> list[PurchaseResult | FancoinsError]:
        """`fulfil_store` for many verified store purchases in the caller's transaction,
        set-based: each answered in order as `fulfil_store` would answer it one after the
        other (a purchase fulfilled before is a replay; the buyer's rules, the caps counted
        with the purchases before it in the call, the quote and the booking), the refused
        ones with the refusal `fulfil_store` raises, nothing written for them.

        The reads are one per kind for the whole call (purchases already made, buyers,
        restrictions, buying limits, what each buyer bought in each window), rare cases are
        decided by the single path's own checks (a buyer not plainly allowed, a buying limit
        set); the writes are one insert of the purchase rows, their legs posted by
        `journal.record_many` (each purchase under its own key, as `fulfilled` posts it; one
        link of the chain), one outbox write, and claims recorded before their purchase
        settled as `fulfilled` settles them."""
        at_ms = now_ms()
        answers: list[PurchaseResult | FancoinsError | None] = [None] * len(items)
        found = await self._already_fulfilled(connection, items)
        config = await catalog.economy(connection, settings.economy)
        people = await eligibility.require_many(
            connection, {i.user_id for i in items}, AgeAction.BUY, settings.economy, at_ms)
        limited = await limit_sets.buy_limited(connection, {i.user_id for i in items}, at_ms)
        windows = [at_ms - MS_PER_DAY, at_ms - WEEK_MS, *window_starts(at_ms)]
        bought = await repository.bought_since_minor_many(
            connection, {i.user_id for i in items}, windows)
        first_of: dict[tuple[str, str], int] = {}
        planned: list[tuple[int, dict[str, object]]] = []
        quotes: dict[tuple[str, str, int, int], Quote] = {}  # one price list, read once
        for index, item in enumerate(items):
            ref = (item.provider, item.provider_ref)
            if ref in first_of:  # named twice: answered as the first was
                continue
            first_of[ref] = index
            existing = found.get(ref)
            try:
                if existing is not None:
                    answers[index] = self._replay(existing, item.user_id)
                    continue
                person = people[item.user_id]
                if isinstance(person, FancoinsError):
                    raise person
                country = (item.charge.country if item.charge and item.charge.country
                           else person.country)
                asked = (country, item.channel, item.package_coins, item.quantity)
                quote = quotes.get(asked) or quotes.setdefault(asked, quote_in(
                    config, country=country, channel=item.channel, coins=item.package_coins,
                    quantity=item.quantity))
                sums = bought.setdefault((item.user_id, quote.currency), [0] * len(windows))
                await self._check_caps_counted(connection, settings, item.user_id, quote,
                                               sums, item.user_id in limited, at_ms)
            except FancoinsError as refused:
                answers[index] = refused
                continue
            for w in range(len(sums)):  # made now: inside every window
                sums[w] += quote.split.gross_minor
            planned.append((index, self._store_values(config, item, quote, at_ms)))
        rows = await self._insert_fulfilled(connection, settings, items, planned, answers)
        if rows:  # each answered as it stands once its waiting claims are settled
            now = await self.fulfilled_many(connection, rows, RefundAbusePolicy.of(settings))
            for index, answer in enumerate(answers):
                if isinstance(answer, PurchaseResult) and not answer.replayed:
                    answers[index] = PurchaseResult(now[answer.purchase.id], replayed=False)
        for index, item in enumerate(items):
            first = first_of[(item.provider, item.provider_ref)]
            if first != index:
                answer = answers[first]
                answers[index] = (PurchaseResult(answer.purchase, replayed=True)
                                  if isinstance(answer, PurchaseResult) else answer)
        return [a if a is not None else _undecided() for a in answers]

    async def _already_fulfilled(self, connection: AsyncConnection,
                                 items: Sequence[StorePurchase]
                                 ) -> dict[tuple[str, str], Purchase]:
        """Locks every store id of `items` (as `fulfil_store` does), then the purchases
        recorded under them."""
        by_provider: dict[str, list[StorePurchase]] = {}
        for item in items:
            by_provider.setdefault(item.provider, []).append(item)
        found: dict[tuple[str, str], Purchase] = {}
        for provider, own in sorted(by_provider.items()):
            await repository.lock_refs(connection, provider, [
                r for i in own for r in (i.provider_ref, i.payment_ref) if r])
            rows = await repository.find_by_provider_refs(connection, provider,
                                                          {i.provider_ref for i in own})
            found.update({(provider, ref): row for ref, row in rows.items()})
        return found

    async def _check_caps_counted(
        self, connection: AsyncConnection, settings: Settings, user_id: str, quote: Quote,
        sums: list[int], limited: bool, at_ms: int,
    ) -> None:
        """`check_caps` given what the buyer bought in each window (counted by the caller)."""
        caps = purchase_caps_for(settings.economy.limits, quote.currency)
        day, week, *calendar = sums
        window = check_purchase_cap(caps, day, week, quote.split.gross_minor)
        if window is not None:
            raise PurchaseCapExceeded(
                f"this purchase would pass your {window} purchase cap in {quote.currency}",
                window=window)
        if limited:
            await limit_sets.check_buy(connection, user_id, quote.currency,
                                       quote.split.gross_minor,
                                       (calendar[0], calendar[1], calendar[2]), at_ms)

    def _store_values(self, config: EconomyConfig, item: StorePurchase, quote: Quote,
                      at_ms: int) -> dict[str, object]:
        booking = revenue.plan_booking(config, quote, item.charge, unpaid=item.unpaid)
        check_transition(PurchaseStatus.OPEN, PurchaseStatus.FULFILLED)
        values = purchase_values(new_id(), item.user_id, item.provider, quote, booking,
                                 product_id=item.product_id, at_ms=at_ms)
        values.update(provider_ref=item.provider_ref, payment_ref=item.payment_ref,
                      environment=item.environment, status=PurchaseStatus.FULFILLED.value,
                      fulfilled_at_ms=at_ms)
        return values

    async def _insert_fulfilled(
        self, connection: AsyncConnection, settings: Settings, items: Sequence[StorePurchase],
        planned: list[tuple[int, dict[str, object]]],
        answers: list[PurchaseResult | FancoinsError | None],
    ) -> list[Purchase]:
        """Insert the planned rows; each is answered fulfilled, or (inserted meanwhile by
        another transaction) a replay of the one found."""
        inserted = await repository.insert_purchases(connection, [v for _, v in planned])
        rows = []
        for index, values in planned:
            item = items[index]
            if values["id"] not in inserted:
                raced = await repository.find_by_provider_ref(connection, item.provider,
                                                              item.provider_ref)
                if raced is None:
                    raise InvariantViolation("a purchase id collided with no purchase")
                answers[index] = self._replay(raced, item.user_id)
                continue
            row = Purchase(**values)  # type: ignore[arg-type]
            if item.grant_reason is not None:
                await audit.record(connection, actor=f"store:{item.provider}",
                                   action="purchase.granted", target=f"user:{item.user_id}",
                                   reason=item.grant_reason,
                                   data={"purchase_id": str(row.id), "coins": row.coins})
            answers[index] = PurchaseResult(row, replayed=False)
            rows.append(row)
        return rows

    async def fulfilled_many(self, connection: AsyncConnection, rows: Sequence[Purchase],
                             policy: RefundAbusePolicy) -> dict[uuid.UUID, Purchase]:
        """`fulfilled` for many purchases: their accounts opened and legs posted at once
        (each under `purchase:<id>`, as `fulfilled` posts it), one outbox write, and the
        claims that waited for any of them attached and settled; each as it now stands."""
        await journal.open_accounts(connection, list({
            spec.id: spec for row in rows
            for spec in (*wallet_accounts(row.user_id),
                         *legs.currency_accounts(row.channel, row.currency))}.values()))
        recorded = await journal.record_many(
            connection, [(f"purchase:{row.id}", legs.fulfilment_transfers(row)) for row in rows],
            scope=PURCHASES_SCOPE)
        for row, outcome in zip(rows, recorded, strict=True):
            if not isinstance(outcome, Recorded):
                raise outcome  # the fulfilment legs are never refused: nothing is kept
            if row.price_mismatch:
                revenue.count_mismatch(row.provider, row.channel)
                log.warning("purchase.price_mismatch", purchase_id=str(row.id),
                            booked=f"{row.gross_minor} {row.currency}",
                            quoted=f"{row.quoted_gross_minor} {row.quoted_currency}")
        await outbox.record(connection, [told(PurchaseCompleted, row) for row in rows])
        now = {row.id: row for row in rows}
        for row in await claims.waiting_for(connection, rows):
            await claims.attach_waiting(connection, row)
            now[row.id] = (await claims.settle(connection, row.id, policy)).purchase
        log.info("purchases.fulfilled", count=len(rows))
        return now

    async def fulfilled(self, connection: AsyncConnection, row: Purchase,
                        policy: RefundAbusePolicy) -> Purchase:
        """Post a purchase's fulfilment legs, then settle the claims that waited for it."""
        await journal.open_accounts(connection, [
            *wallet_accounts(row.user_id), *legs.currency_accounts(row.channel, row.currency)])
        await journal.record(connection, legs.fulfilment_transfers(row),
                             idempotency_key=f"purchase:{row.id}", scope=PURCHASES_SCOPE)
        if row.price_mismatch:
            revenue.count_mismatch(row.provider, row.channel)
            log.warning("purchase.price_mismatch", purchase_id=str(row.id),
                        booked=f"{row.gross_minor} {row.currency}",
                        quoted=f"{row.quoted_gross_minor} {row.quoted_currency}")
        # Written before its claims settle: the host hears of the purchase before its refunds.
        await outbox.record(connection, [told(PurchaseCompleted, row)])
        await claims.attach_waiting(connection, row)
        settled = await claims.settle(connection, row.id, policy)
        log.info("purchase.fulfilled", purchase_id=str(row.id), provider=row.provider,
                 status=settled.purchase.status)
        return settled.purchase

    def _replay(self, row: Purchase, user_id: str) -> PurchaseResult:
        if row.user_id != user_id:
            raise PurchaseAccountMismatch("fulfilled for another account",
                                          reason=errors.ACCOUNT_MISMATCH)
        return PurchaseResult(row, replayed=True)

    # --- web checkout ---

    async def open_checkout(
        self, uow: UnitOfWork, engine: AsyncEngine, clients: PurchaseClients,
        settings: Settings, *, user_id: str, coins: int, idempotency_key: str,
    ) -> Answer[PurchaseResult]:
        """A Stripe Checkout session for one web package, once per key. Stripe is called
        before the unit's transaction (no lock held while it answers) with an idempotency key
        derived from the purchase id, so a retry gets the same session."""
        checkout = clients.need_checkout()
        purchase_id = uuid.uuid5(CHECKOUT_NAMESPACE, f"{user_id}\n{idempotency_key}")
        key = scoped_key(user_id, idempotency_key)
        request = {"user": user_id, "coins": coins}
        stored = await answered(engine, CHECKOUT_SCOPE, key, request)
        if stored is not None:
            return stored
        session = None
        quote = await self._checkout_quote(engine, settings, user_id, coins, purchase_id)
        if quote is not None:
            session = await checkout.create_session(
                idempotency_key=f"fancoins-checkout-{purchase_id}",
                price_minor=quote.unit_price_minor, currency=quote.currency,
                product_name=f"{coins:,} coins", quantity=1,
                client_reference_id=str(purchase_id),
                metadata={"purchase_id": str(purchase_id), "user_id": user_id},
            )
        connection = await uow.connect()

        async def run() -> PurchaseResult:
            found = await repository.get_purchase(connection, purchase_id)
            if found is not None:
                return PurchaseResult(found, replayed=True)
            quote = await self._quote(connection, settings, user_id, channel="web",
                                      coins=coins)
            if session is None:
                raise CheckoutRaced()
            booking = revenue.plan_booking(settings.economy, quote, None)
            values = purchase_values(purchase_id, user_id, "stripe", quote, booking,
                                     product_id=f"web.{coins}", at_ms=now_ms())
            values.update(provider_ref=session.id, checkout_url=session.url)
            await repository.insert_purchase(connection, values)
            return PurchaseResult(_found(await repository.get_purchase(connection,
                                                                       purchase_id)), False)

        return await idempotent(uow, CHECKOUT_SCOPE, key, request, run, PurchaseResult)

    async def _checkout_quote(self, engine: AsyncEngine, settings: Settings, user_id: str,
                              coins: int, purchase_id: uuid.UUID) -> Quote | None:
        """The quote to open a session at, decided on what a read sees now; None when a
        session exists already or the buyer is refused (decided again, and stored, in the
        unit)."""
        async with read_only(engine) as read:
            if await repository.get_purchase(read, purchase_id) is not None:
                return None
            try:
                return await self._quote(read, settings, user_id, channel="web", coins=coins)
            except FancoinsError:
                return None

    async def fulfil_checkout(self, connection: AsyncConnection, row: Purchase,
                              payment_ref: str | None, policy: RefundAbusePolicy) -> Purchase:
        """A paid web checkout: open → fulfilled, booked at what Stripe charged (the
        session's own amount, which is the quote)."""
        check_transition(row.state, PurchaseStatus.FULFILLED)
        at_ms = now_ms()
        await repository.update_purchase(connection, row.id, {
            "status": PurchaseStatus.FULFILLED.value, "fulfilled_at_ms": at_ms,
            "payment_ref": payment_ref, "revenue_source": revenue.STORE})
        paid = dataclasses.replace(row, status=PurchaseStatus.FULFILLED.value,
                                   fulfilled_at_ms=at_ms, payment_ref=payment_ref,
                                   revenue_source=revenue.STORE)
        return await self.fulfilled(connection, paid, policy)

    # --- reads ---

    async def get(self, connection: AsyncConnection, purchase_id: uuid.UUID) -> Purchase | None:
        return await repository.get_purchase(connection, purchase_id)

    async def find_checkout(self, connection: AsyncConnection, session_id: str) -> Purchase | None:
        return await repository.find_by_provider_ref(connection, "stripe", session_id)

    async def of_user(self, connection: AsyncConnection, user_id: str,
                      before: tuple[int, str] | None, limit: int) -> list[Purchase]:
        """One user's purchases, newest first."""
        return await repository.purchases_of_user(connection, user_id, before, limit)

    async def buying_use(self, connection: AsyncConnection, settings: Settings, user_id: str
                         ) -> list[BuyingUse]:
        """What the user bought per price-list currency in every window a purchase is checked
        against (the sums `check_caps` reads), with the platform's caps in that currency."""
        at_ms = now_ms()
        sums = await repository.bought_by_currency(
            connection, user_id, [at_ms - MS_PER_DAY, at_ms - WEEK_MS, *window_starts(at_ms)])
        found = []
        for currency, (rolling_day, rolling_week, day, week, month) in sums.items():
            try:
                caps: PurchaseCaps | None = purchase_caps_for(settings.economy.limits, currency)
            except ValueError:  # a currency since dropped from the caps: nothing to show
                caps = None
            found.append(BuyingUse(currency, rolling_day, rolling_week, day, week, month,
                                   caps.daily_minor if caps else None,
                                   caps.weekly_minor if caps else None))
        return found

    async def mismatched(self, connection: AsyncConnection, before: tuple[int, str] | None,
                         limit: int) -> list[Purchase]:
        return await repository.mismatched(connection, before, limit)

    async def claims_page(
        self, connection: AsyncConnection, *, kind: str | None, state: str | None,
        before: tuple[int, uuid.UUID] | None, limit: int,
    ) -> list[ClaimView]:
        """Store claims (refunds, revocations, voids, chargebacks and their reversals) newest
        first, each with its purchase and what it did: coins and money clawed back or
        restored, creators' diamonds taken back, the buying block it placed."""
        rows = await repository.claims_page(connection, kind=kind, state=state,
                                            before=before, limit=limit)
        effects = await repository.claim_effects(connection, [claim for claim, _ in rows])
        return [ClaimView(claim, purchase, effects[claim.id]) for claim, purchase in rows]


async def answered(engine: AsyncEngine, scope: str, key: str,
                   request: object) -> Answer[PurchaseResult] | None:
    """The answer a key already has (a short read, released before anything else)."""
    async with read_only(engine) as read:
        return await recorded(read, scope, key, request, PurchaseResult)


class CheckoutRaced(FancoinsError):
    """The buyer was refused a moment ago and is not now: nothing was decided; retry."""

    status = 503
    slug = "checkout-retry"
    title = "Retry the checkout"
    stored = False
    retry_after_s = 1


def _apple_charge(transaction: AppleTransaction) -> StoreCharge:
    """Apple's price is in milliunits of the currency (1000 per major unit)."""
    gross_minor = None
    if transaction.price_milli is not None and transaction.currency is not None:
        gross_minor = revenue_minor_of_milli(transaction.price_milli, transaction.currency)
    return StoreCharge(currency=transaction.currency, gross_minor=gross_minor,
                       country=transaction.storefront_country,
                       storefront=transaction.storefront)


def revenue_minor_of_milli(price_milli: int, currency: str) -> int | None:
    """Apple's milliunits as minor units of `currency`; None when it cannot be booked
    exactly (a currency the ledger does not hold, or a fraction of a minor unit)."""
    exponent = CURRENCY_EXPONENTS.get(currency)
    if exponent is None:
        return None
    scaled = price_milli * 10**exponent
    return scaled // 1000 if scaled % 1000 == 0 else None


def _revocation(transaction: AppleTransaction, *, claimed: bool) -> ClaimEvent:
    return ClaimEvent("apple", transaction.transaction_id, None,
                      Claim(REVOCATION_REF, ClaimKind.REVOCATION, None, claimed=claimed,
                            reversal_seen=not claimed))


def purchase_values(
    purchase_id: uuid.UUID, user_id: str, provider: str, quote: Quote,
    booking: revenue.Booking, *, product_id: str, at_ms: int,
) -> dict[str, object]:
    split = booking.split
    return {
        "id": purchase_id, "user_id": user_id, "provider": provider, "channel": quote.channel,
        "provider_ref": None, "payment_ref": None, "product_id": product_id[:64],
        "environment": None, "country": booking.country, "currency": booking.currency,
        "package_coins": quote.package_coins, "quantity": quote.quantity, "coins": quote.coins,
        "gross_minor": split.gross_minor, "store_fee_minor": split.store_fee_minor,
        "tax_minor": split.tax_minor, "net_minor": split.net_minor,
        "status": PurchaseStatus.OPEN.value, "coins_clawed_back": 0,
        "gross_refunded_minor": 0, "fee_refunded_minor": 0, "tax_refunded_minor": 0,
        "net_refunded_minor": 0, "checkout_url": None, "created_at_ms": at_ms,
        "fulfilled_at_ms": None, "storefront": booking.storefront,
        "revenue_source": booking.revenue_source, "quoted_country": quote.country,
        "quoted_currency": quote.currency, "quoted_gross_minor": quote.split.gross_minor,
        "price_mismatch": booking.price_mismatch,
    }


def _undecided() -> PurchaseResult:
    raise InvariantViolation("every purchase of a call gets an answer")


def _found(row: Purchase | None) -> Purchase:
    if row is None:
        raise InvariantViolation("a purchase row read back in its own transaction is missing")
    return row


purchases = PurchaseService()
