"""Store events: App Store Server Notifications V2, Google Play real-time notifications and
voided purchases, Stripe webhooks. Each is verified (before the unit's transaction), recorded
by its own id first, then applied; a redelivery answers its first outcome.

What an event means for a purchase is a claim (`purchases.claims`): refunds, revocations,
voided purchases and disputes claw back; Apple's `REFUND_REVERSED` and a dispute won (or an
inquiry closed) restore exactly what their claim took. Claims are remembered whatever arrives
first, so a refund seen before its purchase still wins. Apple's `CONSUMPTION_REQUEST` is
answered through Apple's App Store Server API with our records (when configured and on).

Outcomes: fulfilled, held (for review by a velocity rule: not credited yet), already_fulfilled,
already_held, not_paid, amount_mismatch (Stripe payment); hold_ended (a refund of a held
purchase: never credited), clawed_back,
restored, nothing_to_claw_back, duplicate, not_fulfilled (the purchase is still open: the claim
waits), unknown_purchase (no such purchase yet: the claim is remembered); recorded,
consumption_sent, partial_left_to_poll, ignored.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from fancoins.accounts.service import reader
from fancoins.config import Settings
from fancoins.db.engine import read_only
from fancoins.db.uow import UnitOfWork
from fancoins.ids import now_ms
from fancoins.journal.idempotency import Answer, idempotent, recorded
from fancoins.ledger import chart
from fancoins.providers import errors
from fancoins.providers.apple import AppleNotification, AppleTransaction, ConsumptionReport
from fancoins.providers.errors import ProviderError, ProviderVerificationError
from fancoins.providers.google import GoogleVoidedPurchase
from fancoins.providers.stripe_checkout import StripeEvent
from fancoins.purchases import repository, revenue
from fancoins.purchases.claims import ClaimEvent, claims
from fancoins.purchases.clients import PurchaseClients
from fancoins.purchases.errors import (
    NotificationInvalid,
    WebhookSignatureInvalid,
    provider_error,
)
from fancoins.purchases.holds import VelocityPolicy, holds
from fancoins.purchases.models import Purchase
from fancoins.purchases.service import REVOCATION_REF, purchases
from fancoins.purchases.states import (
    DELIVERED,
    UNCREDITED,
    Claim,
    ClaimKind,
    PurchaseStatus,
)
from fancoins.safety.refund_abuse import RefundAbusePolicy

log = structlog.get_logger(__name__)

EVENTS_SCOPE = "store_event"
STRIPE_PAID_EVENTS = frozenset(
    {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
)
STRIPE_DISPUTE_TAKEN = frozenset({"charge.dispute.created", "charge.dispute.funds_withdrawn"})
# A dispute won, or an inquiry closed without a chargeback: what it took comes back.
STRIPE_DISPUTE_GIVEN_BACK = frozenset({"won", "warning_closed"})
APPLE_CLAIMING = frozenset({"REFUND", "REVOKE"})
APPLE_REVERSING = frozenset({"REFUND_REVERSED"})
APPLE_CONSUMPTION = "CONSUMPTION_REQUEST"
GOOGLE_PARTIAL_REFUND = 2  # voidedPurchaseNotification.refundType: quantity-based partial
MILLI_PERCENT_WHOLE = 100_000  # Apple's consumptionPercentage: 100% in milliunits

Effect = Callable[[AsyncConnection], Awaitable[tuple[str, uuid.UUID | None]]]


class StoreEventService:
    async def _once(self, uow: UnitOfWork, engine: AsyncEngine, provider: str,
                    event_id: str, event_type: str, effect: Effect) -> str:
        return (await self._once_answer(uow, engine, provider, event_id, event_type,
                                        effect)).value

    async def _once_answer(self, uow: UnitOfWork, engine: AsyncEngine, provider: str,
                           event_id: str, event_type: str, effect: Effect) -> Answer[str]:
        """Record the event by its id, apply `effect`, once; a redelivery answers the first
        outcome."""
        key = f"{provider}:{event_id}"
        request = {"provider": provider, "event": event_id, "type": event_type}
        async with read_only(engine) as read:
            stored = await recorded(read, EVENTS_SCOPE, key, request, str)
        if stored is not None:
            return stored

        async def run() -> str:
            connection = await uow.connect()
            await repository.record_event(connection, provider, event_id, event_type, now_ms())
            outcome, purchase_id = await effect(connection)
            await repository.finish_event(connection, provider, event_id, outcome, purchase_id)
            log.info("store.event", provider=provider, type=event_type, outcome=outcome)
            return outcome

        return await idempotent(uow, EVENTS_SCOPE, key, request, run, str)

    async def _claim(self, connection: AsyncConnection, event: ClaimEvent,
                     policy: RefundAbusePolicy) -> tuple[str, uuid.UUID | None]:
        """Record a claim, settle its purchase if known, and say what happened."""
        found = await claims.record(connection, event)
        purchase_id = found.claim.purchase_id
        if purchase_id is None:
            return "unknown_purchase", None
        if await holds.end_by_claim(connection, purchase_id, event):
            return "hold_ended", purchase_id
        settled = await claims.settle(connection, purchase_id, policy)
        outcome = settled.outcome_for(event.claim.ref)
        if outcome is not None:
            return outcome, purchase_id
        if settled.purchase.state in UNCREDITED:
            return "not_fulfilled", purchase_id
        if not found.changed:
            stale_total = event.claim.kind is ClaimKind.REFUND
            return ("nothing_to_claw_back" if stale_total else "duplicate"), purchase_id
        return "recorded", purchase_id  # a reversal whose claim has not arrived yet

    # --- Apple ---

    async def apple(self, uow: UnitOfWork, engine: AsyncEngine, clients: PurchaseClients,
                    settings: Settings, signed_payload: str) -> str:
        notification = await self._verified_apple(clients, settings, signed_payload)
        kind, transaction = notification.notification_type, notification.transaction
        consumption = "recorded"
        if kind == APPLE_CONSUMPTION and transaction is not None:
            key = f"apple:{notification.notification_uuid}"
            request = {"provider": "apple", "event": notification.notification_uuid,
                       "type": kind}
            async with read_only(engine) as read:
                answered = await recorded(read, EVENTS_SCOPE, key, request, str)
            if answered is None:
                consumption = await self._answer_consumption(engine, clients, settings,
                                                             transaction)

        async def effect(connection: AsyncConnection) -> tuple[str, uuid.UUID | None]:
            if transaction is None:
                return "recorded", None
            if kind in APPLE_CLAIMING | APPLE_REVERSING:
                return await self._claim(connection, _apple_claim(transaction, kind),
                                         RefundAbusePolicy.of(settings))
            found = await repository.find_by_provider_ref(connection, "apple",
                                                          transaction.transaction_id)
            return (consumption if kind == APPLE_CONSUMPTION else "recorded",
                    found.id if found else None)

        return await self._once(uow, engine, "apple", notification.notification_uuid, kind,
                                effect)

    async def _verified_apple(self, clients: PurchaseClients, settings: Settings,
                              signed: str) -> AppleNotification:
        verifier = clients.need_apple()
        verifiers = [verifier, *([clients.apple_sandbox] if clients.apple_sandbox else [])]
        for index, each in enumerate(verifiers):
            try:
                return await clients.calls.run(
                    "Apple verification", settings.apple.timeout_s,
                    each.verify_notification, signed)
            except ProviderVerificationError as error:
                last = index == len(verifiers) - 1
                if last or error.reason != errors.ENVIRONMENT_MISMATCH:
                    raise provider_error(error, notification=True) from error
            except ProviderError as error:
                raise provider_error(error, notification=True) from error
        raise NotificationInvalid("no verifier")  # unreachable: the list is never empty

    async def _answer_consumption(
        self, engine: AsyncEngine, clients: PurchaseClients, settings: Settings,
        transaction: AppleTransaction,
    ) -> str:
        """Tell Apple what we know of a consumable whose buyer asks for a refund: delivered
        or not, and how much of it was spent. Off (the setting) or without an API key the
        request is only recorded; Apple unreachable is a 503, and Apple retries."""
        api = clients.apple_api
        if api is None or not settings.apple.consumption_answers:
            return "recorded"
        async with read_only(engine) as read:
            purchase = await repository.find_by_provider_ref(read, "apple",
                                                             transaction.transaction_id)
            report = await consumption_report(read, purchase)
        try:
            await clients.calls.run("App Store Server API", settings.apple.timeout_s,
                                    api.send_consumption, transaction.transaction_id, report)
        except ProviderError as error:
            raise provider_error(error, notification=True) from error
        return "consumption_sent"

    # --- Google ---

    async def google(self, uow: UnitOfWork, engine: AsyncEngine, clients: PurchaseClients,
                     settings: Settings, bearer_token: str, body: bytes) -> str:
        receiver = clients.need_google_receiver()
        try:
            await clients.calls.run("Google push token", settings.google.timeout_s,
                                    receiver.verify_push_token, bearer_token)
            rtdn = receiver.parse_rtdn(body)
        except ProviderError as error:
            raise provider_error(error, notification=True) from error
        voided = rtdn.voided_purchase_notification

        async def effect(connection: AsyncConnection) -> tuple[str, uuid.UUID | None]:
            if voided is None:
                return "recorded", None
            if voided.refund_type == GOOGLE_PARTIAL_REFUND:
                # The notification does not say how many units: the voided-purchases poll
                # (which does) claws the partial refund back.
                return "partial_left_to_poll", None
            return await self._claim(connection, _google_void(voided.order_id,
                                                              voided.purchase_token, None),
                                     RefundAbusePolicy.of(settings))

        return await self._once(uow, engine, "google", rtdn.message_id, "rtdn", effect)

    async def google_voided(self, uow: UnitOfWork, engine: AsyncEngine, settings: Settings,
                            voided: GoogleVoidedPurchase) -> Answer[str]:
        """One entry of the voided-purchases list (the poll), once per entry."""
        event_id = f"voided:{voided.order_id or voided.purchase_token}:{voided.voided_time_ms}"

        async def effect(connection: AsyncConnection) -> tuple[str, uuid.UUID | None]:
            amount: int | None = None
            if voided.voided_quantity is not None:
                purchase = await repository.find_by_refs(
                    connection, "google",
                    [r for r in (voided.order_id, voided.purchase_token) if r])
                if purchase is None:
                    return "unknown_purchase", None
                units = min(voided.voided_quantity, purchase.quantity)
                amount = purchase.gross_minor * units // purchase.quantity
            return await self._claim(connection, _google_void(voided.order_id,
                                                              voided.purchase_token, amount),
                                     RefundAbusePolicy.of(settings))

        return await self._once_answer(uow, engine, "google",
                                       repository.stored_ref(event_id), "voided", effect)

    # --- Stripe ---

    async def stripe(self, uow: UnitOfWork, engine: AsyncEngine, clients: PurchaseClients,
                     settings: Settings, raw_body: bytes, signature: str) -> str:
        checkout = clients.need_checkout()
        try:
            event = checkout.parse_webhook(raw_body, signature)
        except ProviderVerificationError as error:
            if error.reason == errors.SIGNATURE_INVALID:
                raise WebhookSignatureInvalid(
                    "the Stripe-Signature does not match the body") from error
            raise provider_error(error, notification=True) from error
        return await self.stripe_event(uow, engine, settings, event)

    async def stripe_event(self, uow: UnitOfWork, engine: AsyncEngine, settings: Settings,
                           event: StripeEvent) -> str:
        policy = RefundAbusePolicy.of(settings)
        velocity = VelocityPolicy.of(settings)

        async def effect(connection: AsyncConnection) -> tuple[str, uuid.UUID | None]:
            return await self._stripe_effect(connection, event, policy, velocity)

        return await self._once(uow, engine, "stripe", event.id, event.type, effect)

    async def _stripe_effect(self, connection: AsyncConnection, event: StripeEvent,
                             policy: RefundAbusePolicy,
                             velocity: VelocityPolicy) -> tuple[str, uuid.UUID | None]:
        obj = event.object
        if event.type in STRIPE_PAID_EVENTS:
            return await self._stripe_paid(connection, obj, policy, velocity)
        claim = _stripe_claim(event.type, obj)
        if claim is None:
            return "ignored", None
        return await self._claim(connection, claim, policy)

    async def _stripe_paid(self, connection: AsyncConnection, session: Mapping[str, Any],
                           policy: RefundAbusePolicy,
                           velocity: VelocityPolicy) -> tuple[str, uuid.UUID | None]:
        if session.get("payment_status") != "paid":
            return "not_paid", None
        found = await purchases.find_checkout(connection, str(session.get("id")))
        if found is None:
            return "unknown_purchase", None
        intent = session.get("payment_intent")
        # Store ids first, then the row: the order every claim against it takes too.
        await repository.lock_refs(connection, "stripe", [
            r for r in (found.provider_ref, intent if isinstance(intent, str) else None,
                        repository.our_ref(found.id)) if r])
        row = await repository.get_purchase(connection, found.id, lock=True)
        if row is not None and row.state is PurchaseStatus.HELD:
            return "already_held", found.id
        if row is None or row.state is not PurchaseStatus.OPEN:
            return "already_fulfilled", found.id
        paid_currency = str(session.get("currency", "")).upper()
        if _amount(session, "amount_total") != row.gross_minor or paid_currency != row.currency:
            # Never booked at another price than the one shown: left open and flagged for
            # an operator.
            await repository.update_purchase(connection, row.id, {"price_mismatch": True})
            revenue.count_mismatch(row.provider, row.channel)
            log.error("stripe.amount_mismatch", purchase_id=str(row.id))
            return "amount_mismatch", row.id
        payment_ref = intent if isinstance(intent, str) else None
        held = await holds.hold_if_fast(connection, velocity, row, payment_ref)
        if held is not None:
            # Paid, not credited: the buyer reads it as held for review, never as failed.
            return ("held" if held.state is PurchaseStatus.HELD else "hold_ended"), row.id
        await purchases.fulfil_checkout(connection, row, payment_ref, policy)
        return "fulfilled", row.id


async def consumption_report(read: AsyncConnection,
                             purchase: Purchase | None) -> ConsumptionReport:
    """From our records: delivered if the coins reached the wallet; consumed is the share of
    them no longer there (the wallet holds less than the purchase gave)."""
    if purchase is None or purchase.state not in DELIVERED:
        return ConsumptionReport(customer_consented=True, delivered=False,
                                 consumed_milli_percent=0)
    wallet = await reader.account(read, chart.user_coins(purchase.user_id), None, True)
    held = purchase.coins - purchase.coins_clawed_back
    spent = held - min(held, max(0, wallet.balance))
    share = MILLI_PERCENT_WHOLE * spent // held if held > 0 else MILLI_PERCENT_WHOLE
    return ConsumptionReport(customer_consented=True, delivered=True,
                             consumed_milli_percent=share)


def _apple_claim(transaction: AppleTransaction, kind: str) -> ClaimEvent:
    claiming = kind in APPLE_CLAIMING
    return ClaimEvent("apple", transaction.transaction_id, None,
                      Claim(REVOCATION_REF, ClaimKind.REVOCATION, None, claimed=claiming,
                            reversal_seen=not claiming))


def _google_void(order_id: str | None, token: str, amount_minor: int | None) -> ClaimEvent:
    purchase_ref = order_id or token
    return ClaimEvent("google", purchase_ref, token,
                      Claim("void", ClaimKind.VOID, amount_minor, claimed=True,
                            reversal_seen=False))


def _stripe_claim(event_type: str, obj: Mapping[str, Any]) -> ClaimEvent | None:
    if event_type == "charge.refunded":
        return _stripe_claim_event(obj, Claim("refunds", ClaimKind.REFUND,
                                              _amount(obj, "amount_refunded"), claimed=True,
                                              reversal_seen=False))
    dispute_ref = f"dispute:{obj.get('id')}"
    if event_type in STRIPE_DISPUTE_TAKEN:
        taken = True
    elif event_type == "charge.dispute.funds_reinstated":
        taken = False
    elif event_type == "charge.dispute.closed":
        taken = obj.get("status") not in STRIPE_DISPUTE_GIVEN_BACK
    else:
        return None
    return _stripe_claim_event(obj, Claim(dispute_ref, ClaimKind.DISPUTE,
                                          _amount(obj, "amount"), claimed=taken,
                                          reversal_seen=not taken))


def _stripe_claim_event(obj: Mapping[str, Any], claim: Claim) -> ClaimEvent:
    """Against the charge's payment intent (also set on the session once paid), else our
    purchase id carried in the metadata."""
    intent = obj.get("payment_intent")
    metadata = obj.get("metadata")
    ours = metadata.get("purchase_id") if isinstance(metadata, dict) else None
    our_ref = None
    if isinstance(ours, str):
        try:
            our_ref = repository.our_ref(uuid.UUID(ours))
        except ValueError:
            our_ref = None
    if isinstance(intent, str) and intent:
        return ClaimEvent("stripe", intent, our_ref, claim)
    return ClaimEvent("stripe", our_ref or f"charge:{obj.get('charge') or obj.get('id')}",
                      None, claim)


def _amount(obj: Mapping[str, Any], key: str) -> int:
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise NotificationInvalid(f"{key} is not an amount", reason=errors.PAYLOAD_INVALID)
    return value


store_events = StoreEventService()
