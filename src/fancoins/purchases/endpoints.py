"""Packages, purchases, store notifications and the demo checkout. Thin: convert, call the
service, answer. Errors carry their own problem type; every write answers after its commit.

Purchases take an optional `Idempotency-Key` (Apple, Google; required for a web checkout): a
retry under the same key answers the first answer, a refusal included, whatever changed
since. Without one, the store's own proof of purchase is the key. To have a refused purchase
decided again (an account unfrozen), send it under a new key.
"""

from __future__ import annotations

import html
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.api.auth import (
    AdminPrincipal,
    CurrentPrincipal,
    Principal,
    Scope,
    acting_for,
    principal_from_token,
)
from fancoins.api.deps import ContainerDep, ReadConnection, SettingsDep, UnitDep, container_of
from fancoins.api.errors import IdempotencyKey
from fancoins.api.pagination import Cursor, Limit, page_size
from fancoins.api.problems import problem_responses
from fancoins.db.engine import read_only
from fancoins.identity.schemas import UserId
from fancoins.identity.service import users
from fancoins.kit.errors import NotFound
from fancoins.kit.pagination import CursorInvalid, Position, decode_cursor, page_of
from fancoins.ledger import format_minor
from fancoins.purchases.catalog import PriceListChange, catalog
from fancoins.purchases.clients import DEMO_SESSION_PREFIX, PurchaseClients
from fancoins.purchases.errors import (
    CheckoutNotFound,
    PurchaseNotFound,
    PushTokenInvalid,
    UserIdRequired,
)
from fancoins.purchases.holds import DECLINED, RELEASED, holds
from fancoins.purchases.models import Purchase
from fancoins.purchases.schemas import (
    AppleNotificationIn,
    ApplePurchaseIn,
    ChannelName,
    CheckoutIn,
    CheckoutOut,
    ClaimKindName,
    ClaimOut,
    ClaimPage,
    ClaimStateName,
    Country,
    GooglePurchaseIn,
    HeldPurchaseOut,
    HeldPurchasePage,
    HoldDecisionIn,
    NotificationOut,
    PackagesOut,
    PriceListIn,
    PriceListPatch,
    PurchaseOut,
    PurchasePage,
)
from fancoins.purchases.service import purchases
from fancoins.purchases.store_events import store_events

router = APIRouter(
    tags=["purchases"],
    responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 502, 503),
)

OptionalKey = Annotated[str | None, Header(
    alias="Idempotency-Key", min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$",
    description="Optional: a retry under the same key answers the first answer. Default: "
                "the store's own proof of purchase.",
)]


async def optional_principal(request: Request) -> Principal | None:
    """Who is asking, when a Bearer credential is sent (a public read that a user token
    personalises); a credential that is sent must be valid."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    return await principal_from_token(container_of(request), token.strip())


def buyer(principal: Principal, user_id: str | None) -> str:
    """Users buy for themselves; the host's backend (purchases:write) names the user."""
    if principal.user_id is None and user_id is None and principal.has(Scope.PURCHASES_WRITE):
        raise UserIdRequired("an API key must say which user is buying")
    return acting_for(principal, user_id, Scope.PURCHASES_WRITE)


# --- packages ---


@router.get("/v1/packages", response_model=PackagesOut)
async def list_packages(
    connection: ReadConnection, settings: SettingsDep,
    principal: Annotated[Principal | None, Depends(optional_principal)],
    channel: Annotated[ChannelName, Query()],
    country: Annotated[Country | None, Query()] = None,
) -> PackagesOut:
    """Coin packages for a country and channel, priced and formatted, best value marked.
    Without `country`: the caller's own country (a user token), else the fallback country.
    A country without its own list gets the fallback country's (`fell_back` says so)."""
    if country is None and principal is not None and principal.user_id is not None:
        user = await users.find(connection, principal.user_id)
        country = user.country if user is not None else None
    priced = await catalog.price_list(connection, settings.economy,
                                      country or settings.economy.fallback_country, channel)
    return PackagesOut.from_catalog(priced, settings.purchases.store_product_id_prefix)


@router.get("/v1/admin/packages/{country}/{channel}", response_model=PackagesOut,
            tags=["operator"])
async def get_price_list(
    country: Country, channel: ChannelName, _: AdminPrincipal, connection: ReadConnection,
    settings: SettingsDep,
) -> PackagesOut:
    """The list in force for exactly this country and channel (404 when it falls back)."""
    await catalog.current_change(connection, settings.economy, country, channel)
    priced = await catalog.price_list(connection, settings.economy, country, channel)
    return PackagesOut.from_catalog(priced, settings.purchases.store_product_id_prefix)


@router.put("/v1/admin/packages/{country}/{channel}", response_model=PackagesOut,
            tags=["operator"])
async def put_price_list(
    country: Country, channel: ChannelName, body: PriceListIn, principal: AdminPrincipal,
    uow: UnitDep, settings: SettingsDep,
) -> PackagesOut:
    """Set a country's packages and prices on a channel. Audited; past purchases keep
    the price they were bought at."""
    change = PriceListChange(
        currency=body.currency, locale=body.locale, tax_inclusive=body.tax_inclusive,
        vat_bp=body.vat_bp, packages=tuple((p.coins, p.price_minor) for p in body.packages),
    )
    priced = await catalog.put_price_list(
        await uow.connect(), settings.economy, actor=principal.subject, country=country,
        channel=channel, change=change, reason=body.reason)
    return PackagesOut.from_catalog(priced, settings.purchases.store_product_id_prefix)


@router.patch("/v1/admin/packages/{country}/{channel}", response_model=PackagesOut,
              tags=["operator"])
async def patch_price_list(
    country: Country, channel: ChannelName, body: PriceListPatch,
    principal: AdminPrincipal, uow: UnitDep, settings: SettingsDep,
) -> PackagesOut:
    """Change part of the list in force (fields, some package prices, removed packages)."""
    connection = await uow.connect()
    current = await catalog.current_change(connection, settings.economy, country, channel)
    priced = await catalog.put_price_list(
        connection, settings.economy, actor=principal.subject, country=country,
        channel=channel, change=_patched(current, body), reason=body.reason)
    return PackagesOut.from_catalog(priced, settings.purchases.store_product_id_prefix)


def _patched(current: PriceListChange, body: PriceListPatch) -> PriceListChange:
    prices = dict(current.packages)
    prices.update({p.coins: p.price_minor for p in body.packages or []})
    for coins in body.remove_coins or []:
        prices.pop(coins, None)
    return PriceListChange(
        currency=body.currency or current.currency, locale=body.locale or current.locale,
        tax_inclusive=current.tax_inclusive if body.tax_inclusive is None
        else body.tax_inclusive,
        vat_bp=current.vat_bp if body.vat_bp is None else body.vat_bp,
        packages=tuple(sorted(prices.items())),
    )


@router.delete("/v1/admin/packages/{country}/{channel}", status_code=204, tags=["operator"])
async def reset_price_list(
    country: Country, channel: ChannelName, principal: AdminPrincipal, uow: UnitDep,
    reason: Annotated[str, Query(min_length=1, max_length=500)],
) -> None:
    """Drop the operator's list: the economy file's list (or the fallback) applies again."""
    await catalog.delete_override(await uow.connect(), actor=principal.subject,
                                  country=country, channel=channel, reason=reason)


# --- store purchases and notifications ---


@router.post("/v1/purchases/apple", response_model=PurchaseOut)
async def buy_apple(
    body: ApplePurchaseIn, principal: CurrentPrincipal, uow: UnitDep, container: ContainerDep,
    idempotency_key: OptionalKey = None,
) -> PurchaseOut:
    """Fulfil a StoreKit 2 signed transaction once; a replay answers the first result."""
    answer = await purchases.buy_apple(
        uow, container.engine, container.purchase_clients, container.settings,
        user_id=buyer(principal, body.user_id), signed_transaction=body.signed_transaction,
        idempotency_key=idempotency_key)
    return PurchaseOut.of(answer.value.purchase, answer.replayed or answer.value.replayed)


@router.post("/v1/notifications/apple", response_model=NotificationOut)
async def apple_notification(
    body: AppleNotificationIn, uow: UnitDep, container: ContainerDep,
) -> NotificationOut:
    """App Store Server Notifications V2 (authenticated by Apple's signature)."""
    outcome = await store_events.apple(uow, container.engine, container.purchase_clients,
                                       container.settings, body.signedPayload)
    return NotificationOut(outcome=outcome)


@router.post("/v1/purchases/google", response_model=PurchaseOut)
async def buy_google(
    body: GooglePurchaseIn, principal: CurrentPrincipal, uow: UnitDep, container: ContainerDep,
    idempotency_key: OptionalKey = None,
) -> PurchaseOut:
    """Verify a Play purchase token with Google, fulfil it once, then consume it."""
    answer = await purchases.buy_google(
        uow, container.engine, container.purchase_clients, container.settings,
        user_id=buyer(principal, body.user_id), product_id=body.product_id,
        purchase_token=body.purchase_token, idempotency_key=idempotency_key)
    return PurchaseOut.of(answer.value.purchase, answer.replayed or answer.value.replayed)


@router.post("/v1/notifications/google", response_model=NotificationOut)
async def google_notification(
    request: Request, uow: UnitDep, container: ContainerDep,
    authorization: Annotated[str, Header(max_length=8192)] = "",
) -> NotificationOut:
    """Play real-time developer notifications, pushed by Pub/Sub with an OIDC bearer token."""
    if not authorization.startswith("Bearer "):
        raise PushTokenInvalid("Bearer token required")
    outcome = await store_events.google(uow, container.engine, container.purchase_clients,
                                        container.settings, authorization,
                                        await request.body())
    return NotificationOut(outcome=outcome)


# --- web checkout ---


@router.post("/v1/checkout/sessions", response_model=CheckoutOut)
async def create_checkout(
    body: CheckoutIn, principal: CurrentPrincipal, uow: UnitDep, container: ContainerDep,
    idempotency_key: IdempotencyKey,
) -> CheckoutOut:
    """A Stripe Checkout session for a web package (the demo checkout when it is on)."""
    answer = await purchases.open_checkout(
        uow, container.engine, container.purchase_clients, container.settings,
        user_id=buyer(principal, body.user_id), coins=body.coins,
        idempotency_key=idempotency_key)
    return CheckoutOut.of(answer.value.purchase, answer.replayed or answer.value.replayed)


@router.post("/v1/webhooks/stripe", response_model=NotificationOut)
async def stripe_webhook(
    request: Request, uow: UnitDep, container: ContainerDep,
    stripe_signature: Annotated[str, Header(alias="Stripe-Signature", max_length=4096)] = "",
) -> NotificationOut:
    """Stripe events, verified on the raw body: paid sessions fulfil, refunds and disputes
    claw back, disputes won restore; others are recorded."""
    outcome = await store_events.stripe(uow, container.engine, container.purchase_clients,
                                        container.settings, await request.body(),
                                        stripe_signature)
    return NotificationOut(outcome=outcome)


# --- reads ---


@router.get("/v1/purchases/{purchase_id:uuid}", response_model=PurchaseOut)
async def get_purchase(
    purchase_id: uuid.UUID, principal: CurrentPrincipal, connection: ReadConnection
) -> PurchaseOut:
    purchase = await purchases.get(connection, purchase_id)
    if purchase is None or not (principal.may_see_user(purchase.user_id)
                                or principal.has(Scope.LEDGER_READ)):
        raise PurchaseNotFound(str(purchase_id))
    return PurchaseOut.of(purchase)


@router.get("/v1/admin/purchases/price-mismatches", response_model=PurchasePage,
            tags=["operator"])
async def price_mismatches(
    _: AdminPrincipal, connection: ReadConnection, settings: SettingsDep,
    cursor: Cursor = None, limit: Limit = None,
) -> PurchasePage:
    """Purchases whose store-reported price or currency differs from the price list's
    quote, newest first (both figures are on each)."""
    position = decode_cursor(cursor)
    before = None
    if position is not None and isinstance(position.key, int):
        before = (position.key, position.id)
    size = page_size(settings, limit)
    found = await purchases.mismatched(connection, before, size + 1)
    page = page_of(found, size, lambda p: Position(p.created_at_ms, str(p.id)))
    return PurchasePage(items=[PurchaseOut.of(p) for p in page.items],
                        next_cursor=page.next_cursor)


@router.get("/v1/admin/users/{user_id}/purchases", response_model=PurchasePage,
            tags=["operator"], responses=problem_responses(404))
async def user_purchases(
    user_id: UserId, _: AdminPrincipal, connection: ReadConnection, settings: SettingsDep,
    cursor: Cursor = None, limit: Limit = None,
) -> PurchasePage:
    """One user's purchases, newest first: the store, channel (ios, android, web), country
    and store country each was made through, what it cost and where it stands. No device id
    is recorded with a purchase."""
    await users.get(connection, user_id)
    position = decode_cursor(cursor)
    before = None
    if position is not None:
        if not isinstance(position.key, int) or not _is_uuid(position.id):
            raise CursorInvalid()
        before = (position.key, position.id)
    size = page_size(settings, limit)
    found = await purchases.of_user(connection, user_id, before, size + 1)
    page = page_of(found, size, lambda p: Position(p.created_at_ms, str(p.id)))
    return PurchasePage(items=[PurchaseOut.of(p) for p in page.items],
                        next_cursor=page.next_cursor)


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


# --- refunds and disputes: the operator's list ---


@router.get("/v1/admin/purchases/claims", response_model=ClaimPage, tags=["operator"])
async def purchase_claims(
    _: AdminPrincipal, connection: ReadConnection, settings: SettingsDep,
    cursor: Cursor = None, limit: Limit = None,
    kind: Annotated[ClaimKindName | None, Query(description="Only claims of this kind.")] = None,
    state: Annotated[ClaimStateName | None, Query(
        description="Only claims in this state.")] = None,
) -> ClaimPage:
    """Store claims against purchases (refunds, revocations, voids, chargebacks, and their
    reversals), newest first: each with its purchase and buyer (once known) and what it did
    (coins and money clawed back or restored, creators' diamonds taken back, the buying
    block it placed)."""
    position = decode_cursor(cursor)
    before = None
    if position is not None:
        if not isinstance(position.key, int):
            raise CursorInvalid()
        before = (position.key, _claim_id(position.id))
    size = page_size(settings, limit)
    found = await purchases.claims_page(connection, kind=kind, state=state, before=before,
                                        limit=size + 1)
    page = page_of(found, size, lambda v: Position(v.claim.created_at_ms, str(v.claim.id)))
    return ClaimPage(items=[ClaimOut.of(v) for v in page.items], next_cursor=page.next_cursor)


def _claim_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise CursorInvalid() from None


# --- velocity holds: the operator's review ---


@router.get("/v1/admin/purchases/held", response_model=HeldPurchasePage, tags=["operator"])
async def held_purchases(
    _: AdminPrincipal, connection: ReadConnection, settings: SettingsDep,
    cursor: Cursor = None, limit: Limit = None,
    pending: Annotated[bool, Query(description="Only holds waiting for a decision "
                                               "(default); false: every hold.")] = True,
) -> HeldPurchasePage:
    """Paid purchases held for review by a velocity rule, oldest first (a review queue): the
    purchase, the rule it passed and why, and the decision once made."""
    position = decode_cursor(cursor)
    after = None
    if position is not None and isinstance(position.key, int):
        after = (position.key, position.id)
    size = page_size(settings, limit)
    found = await holds.page(connection, pending=pending, after=after, limit=size + 1)
    page = page_of(found, size, lambda h: Position(h.hold.held_at_ms, str(h.purchase.id)))
    return HeldPurchasePage(items=[HeldPurchaseOut.of(h) for h in page.items],
                            next_cursor=page.next_cursor)


@router.post("/v1/admin/purchases/{purchase_id:uuid}/release", response_model=HeldPurchaseOut,
             tags=["operator"])
async def release_purchase(
    purchase_id: uuid.UUID, body: HoldDecisionIn, principal: AdminPrincipal, uow: UnitDep,
    settings: SettingsDep, idempotency_key: IdempotencyKey,
) -> HeldPurchaseOut:
    """Release a held purchase: its coins are credited now, once (audited with the reason).
    A retry under the same key answers the first answer; releasing a released purchase again
    credits nothing; a declined one is `purchase-not-held`."""
    return HeldPurchaseOut.of(await holds.decide(
        uow, settings, actor=principal.subject, purchase_id=purchase_id, decision=RELEASED,
        reason=body.reason, idempotency_key=idempotency_key))


@router.post("/v1/admin/purchases/{purchase_id:uuid}/decline", response_model=HeldPurchaseOut,
             tags=["operator"])
async def decline_purchase(
    purchase_id: uuid.UUID, body: HoldDecisionIn, principal: AdminPrincipal, uow: UnitDep,
    settings: SettingsDep, idempotency_key: IdempotencyKey,
) -> HeldPurchaseOut:
    """Decline a held purchase: it is never credited (audited with the reason). Refund the
    payment at the store (the Stripe dashboard); its refund event then finds the purchase
    declined and books nothing. Retries as for release."""
    return HeldPurchaseOut.of(await holds.decide(
        uow, settings, actor=principal.subject, purchase_id=purchase_id, decision=DECLINED,
        reason=body.reason, idempotency_key=idempotency_key))


# --- DEMO checkout (make run only; see clients.DemoCheckout) ---

_DEMO_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>fancoins DEMO checkout</title></head><body style="font-family:sans-serif;margin:3em">
<h1>DEMO checkout &mdash; no real payment</h1>
<p>{coins} coins for {price} ({status}).</p>
<form method="post" action="{action}"><button type="submit">Pay (demo)</button></form>
</body></html>"""

DemoSession = Annotated[str, Path(max_length=80, pattern=r"^[A-Za-z0-9_]+$")]


@router.get("/v1/demo/checkout/{session_id}", response_class=HTMLResponse, tags=["demo"])
async def demo_checkout_page(
    session_id: DemoSession, connection: ReadConnection, container: ContainerDep,
) -> HTMLResponse:
    purchase = await _demo_purchase(connection, container.purchase_clients, session_id)
    price = format_minor(purchase.gross_minor, purchase.currency) + " " + purchase.currency
    page = _DEMO_PAGE.format(coins=purchase.coins, price=html.escape(price),
                             status=html.escape(purchase.status),
                             action=html.escape(f"/v1/demo/checkout/{session_id}/complete"))
    return HTMLResponse(page)


@router.post("/v1/demo/checkout/{session_id}/complete", response_model=NotificationOut,
             tags=["demo"])
async def demo_checkout_complete(
    session_id: DemoSession, uow: UnitDep, container: ContainerDep,
) -> NotificationOut:
    """Pay a demo session: sign its `checkout.session.completed` webhook with the demo
    secret and run it through the real webhook verification and handler."""
    async with read_only(container.engine) as read:
        purchase = await _demo_purchase(read, container.purchase_clients, session_id)
    demo = container.purchase_clients.demo
    if demo is None:
        raise NotFound("the demo checkout is off")
    body, signature = demo.signed_completion(
        session_id=session_id, amount_minor=purchase.gross_minor, currency=purchase.currency,
        metadata={"purchase_id": str(purchase.id), "user_id": purchase.user_id},
    )
    outcome = await store_events.stripe(uow, container.engine, container.purchase_clients,
                                        container.settings, body, signature)
    return NotificationOut(outcome=outcome)


async def _demo_purchase(read: AsyncConnection, clients: PurchaseClients,
                         session_id: str) -> Purchase:
    if clients.demo is None:
        raise NotFound("the demo checkout is off")
    purchase = await purchases.find_checkout(read, session_id)
    if purchase is None or not session_id.startswith(DEMO_SESSION_PREFIX):
        raise CheckoutNotFound(session_id)
    return purchase
