"""Packages, purchases, provider notifications and the demo checkout. Thin: convert, call the
service, map errors. Every write answers only after its commit."""

from __future__ import annotations

import html
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.api.auth import AdminPrincipal, CurrentPrincipal, Principal, Scope
from fancoins.api.deps import ReadConnection, SettingsDep, UowDep, container_of
from fancoins.api.deps import UnitOfWorkFactory as UnitOfWork
from fancoins.api.errors import IdempotencyKey, ledger_problem
from fancoins.api.problems import Problem, problem_responses
from fancoins.config import Settings
from fancoins.economy.pricing import UnknownChannel
from fancoins.economy.rules import EconomyConfigError
from fancoins.identity.schemas import CountryCode
from fancoins.identity.service import UserNotFound
from fancoins.journal.idempotency import IdempotencyConflict
from fancoins.ledger import GroupRejected, format_minor
from fancoins.providers import errors
from fancoins.providers.errors import (
    ProviderRejected,
    ProviderUnavailable,
    ProviderVerificationError,
)
from fancoins.purchases.catalog import (
    PriceListChange,
    PriceListNotFound,
    ProductUnknown,
    catalog,
)
from fancoins.purchases.clients import (
    DEMO_SESSION_PREFIX,
    ProviderNotConfigured,
    PurchaseClients,
)
from fancoins.purchases.schemas import (
    AppleNotificationIn,
    ApplePurchaseIn,
    ChannelName,
    CheckoutIn,
    CheckoutOut,
    GooglePurchaseIn,
    NotificationOut,
    PackagesOut,
    PriceListIn,
    PriceListPatch,
    PurchaseOut,
)
from fancoins.purchases.service import Purchase, PurchaseRefused, PurchaseResult, purchases

router = APIRouter(
    tags=["purchases"],
    responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 502, 503),
)

_PROVIDER_PROBLEMS: dict[str, tuple[int, str, str]] = {
    errors.SIGNATURE_INVALID: (422, "receipt-signature-invalid", "Signature invalid"),
    errors.CERTIFICATE_INVALID: (422, "receipt-signature-invalid", "Signature invalid"),
    errors.CHAIN_INVALID: (422, "receipt-signature-invalid", "Signature invalid"),
    errors.BUNDLE_ID_MISMATCH: (422, "receipt-wrong-app", "Signed for another app"),
    errors.PACKAGE_MISMATCH: (422, "receipt-wrong-app", "Signed for another app"),
    errors.ENVIRONMENT_MISMATCH: (422, "receipt-wrong-environment", "Wrong store environment"),
    errors.PRODUCT_UNKNOWN: (422, "product-unknown", "Unknown product"),
    errors.NOT_PURCHASED: (422, "purchase-not-completed", "Purchase not completed"),
    errors.ACCOUNT_MISMATCH: (403, "purchase-account-mismatch", "Bought by another account"),
    errors.TOKEN_INVALID: (422, "purchase-token-invalid", "Purchase token unknown"),
    errors.AUDIENCE_MISMATCH: (401, "push-token-invalid", "Push token invalid"),
    errors.ISSUER_INVALID: (401, "push-token-invalid", "Push token invalid"),
    errors.EMAIL_MISMATCH: (401, "push-token-invalid", "Push token invalid"),
}
_REFUSALS: dict[str, tuple[str, str]] = {
    "age_restricted": ("purchase-age-restricted", "Too young to buy coins"),
    "account_frozen": ("account-frozen", "Account frozen"),
    "purchase_cap_exceeded": ("purchase-cap-exceeded", "Purchase cap reached"),
}


def provider_problem(error: Exception, *, notification: bool = False) -> Problem:
    if isinstance(error, ProviderNotConfigured):
        return Problem(503, "provider-not-configured", "Provider not configured", str(error))
    if isinstance(error, ProviderUnavailable):
        return Problem(503, "provider-unavailable", "Provider unavailable", str(error),
                       headers={"Retry-After": "30"})
    if isinstance(error, ProviderRejected):
        return Problem(502, "provider-rejected", "Provider refused the request", error.reason)
    if isinstance(error, ProviderVerificationError):
        status, slug, title = _PROVIDER_PROBLEMS.get(
            error.reason, (422, "receipt-invalid", "Receipt invalid"))
        if notification and status == 422:
            # A notification we cannot verify is the sender's fault: 400, and it may retry.
            status, slug, title = 400, "notification-invalid", "Notification invalid"
        return Problem(status, slug, title, error.reason, reason=error.reason)
    if isinstance(error, PurchaseRefused):
        slug, title = _REFUSALS.get(error.reason, ("purchase-refused", "Purchase refused"))
        return Problem(403, slug, title, error.detail)
    if isinstance(error, ProductUnknown):
        return Problem(422, "product-unknown", "Unknown product", str(error))
    if isinstance(error, UserNotFound):
        return Problem(404, "user-not-found", "User not found", str(error))
    return ledger_problem(error)


_PURCHASE_ERRORS = (
    ProviderNotConfigured, ProviderUnavailable, ProviderRejected, ProviderVerificationError,
    PurchaseRefused, ProductUnknown, UserNotFound, IdempotencyConflict, GroupRejected,
)


async def get_clients(request: Request) -> PurchaseClients:
    return container_of(request).purchase_clients


def buyer(principal: Principal, user_id: str | None) -> str:
    """Users buy for themselves; the host's backend (purchases:write) names the user."""
    if principal.kind == "user" and principal.user_id is not None:
        if user_id not in (None, principal.user_id):
            raise Problem(403, "forbidden", "Forbidden", "a user buys only for themselves")
        return principal.user_id
    if not principal.has(Scope.PURCHASES_WRITE):
        raise Problem(403, "insufficient-scope", "Insufficient scope",
                      "this operation needs the 'purchases:write' scope")
    if user_id is None:
        raise Problem(422, "user-id-required", "user_id required",
                      "an API key must say which user is buying")
    return user_id


def _out(result: PurchaseResult) -> PurchaseOut:
    return PurchaseOut.from_purchase(result.purchase, result.replayed)


# --- packages ---


@router.get("/v1/packages", response_model=PackagesOut)
async def list_packages(
    connection: ReadConnection, settings: SettingsDep,
    channel: Annotated[ChannelName, Query()],
    country: Annotated[CountryCode | None, Query()] = None,
) -> PackagesOut:
    """Coin packages for a country and channel, priced and formatted, best value marked.
    A country without its own list gets the fallback country's (`fell_back` says so)."""
    priced = await catalog.price_list(connection, settings.economy,
                                      country or settings.economy.fallback_country, channel)
    return PackagesOut.from_catalog(priced, settings.store_product_id_prefix)


@router.get("/v1/admin/packages/{country}/{channel}", response_model=PackagesOut,
            tags=["operator"])
async def get_price_list(
    country: CountryCode, channel: ChannelName, _: AdminPrincipal, connection: ReadConnection,
    settings: SettingsDep,
) -> PackagesOut:
    """The list in force for exactly this country and channel (404 when it falls back)."""
    try:
        await catalog.current_change(connection, settings.economy, country, channel)
    except PriceListNotFound as error:
        raise Problem(404, "price-list-not-found", "Price list not found", str(error)) from None
    priced = await catalog.price_list(connection, settings.economy, country, channel)
    return PackagesOut.from_catalog(priced, settings.store_product_id_prefix)


@router.put("/v1/admin/packages/{country}/{channel}", response_model=PackagesOut,
            tags=["operator"])
async def put_price_list(
    country: CountryCode, channel: ChannelName, body: PriceListIn, principal: AdminPrincipal,
    uow: UowDep, settings: SettingsDep,
) -> PackagesOut:
    """Set a country's packages and prices on a channel. Audited; past purchases keep
    the price they were bought at."""
    change = PriceListChange(
        currency=body.currency, locale=body.locale, tax_inclusive=body.tax_inclusive,
        vat_bp=body.vat_bp, packages=tuple((p.coins, p.price_minor) for p in body.packages),
    )
    return await _save_price_list(principal, uow, settings, country, channel, change,
                                  body.reason)


@router.patch("/v1/admin/packages/{country}/{channel}", response_model=PackagesOut,
              tags=["operator"])
async def patch_price_list(
    country: CountryCode, channel: ChannelName, body: PriceListPatch,
    principal: AdminPrincipal, uow: UowDep, settings: SettingsDep,
) -> PackagesOut:
    """Change part of the list in force (fields, some package prices, removed packages)."""
    try:
        async with uow() as connection:
            current = await catalog.current_change(connection, settings.economy, country,
                                                   channel)
            priced = await catalog.put_price_list(
                connection, settings.economy, actor=principal.subject, country=country,
                channel=channel, change=_patched(current, body), reason=body.reason,
            )
    except PriceListNotFound as error:
        raise Problem(404, "price-list-not-found", "Price list not found", str(error)) from None
    except (EconomyConfigError, UnknownChannel) as error:
        raise Problem(422, "price-list-invalid", "Price list invalid", str(error)) from None
    return PackagesOut.from_catalog(priced, settings.store_product_id_prefix)


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


async def _save_price_list(
    principal: Principal, uow: UnitOfWork, settings: Settings, country: str, channel: str,
    change: PriceListChange, reason: str,
) -> PackagesOut:
    try:
        async with uow() as connection:
            priced = await catalog.put_price_list(
                connection, settings.economy, actor=principal.subject, country=country,
                channel=channel, change=change, reason=reason,
            )
    except (EconomyConfigError, UnknownChannel) as error:
        raise Problem(422, "price-list-invalid", "Price list invalid", str(error)) from None
    return PackagesOut.from_catalog(priced, settings.store_product_id_prefix)


@router.delete("/v1/admin/packages/{country}/{channel}", status_code=204, tags=["operator"])
async def reset_price_list(
    country: CountryCode, channel: ChannelName, principal: AdminPrincipal, uow: UowDep,
    reason: Annotated[str, Query(min_length=1, max_length=500)],
) -> None:
    """Drop the operator's list: the economy file's list (or the fallback) applies again."""
    try:
        async with uow() as connection:
            await catalog.delete_override(connection, actor=principal.subject, country=country,
                                          channel=channel, reason=reason)
    except PriceListNotFound as error:
        raise Problem(404, "price-list-not-found", "Price list not found", str(error)) from None


# --- store purchases and notifications ---

Clients = Annotated[PurchaseClients, Depends(get_clients)]


@router.post("/v1/purchases/apple", response_model=PurchaseOut)
async def buy_apple(
    body: ApplePurchaseIn, principal: CurrentPrincipal, uow: UowDep, settings: SettingsDep,
    clients: Clients,
) -> PurchaseOut:
    """Fulfil a StoreKit 2 signed transaction once; a replay answers the first result."""
    user_id = buyer(principal, body.user_id)
    try:
        result = await purchases.buy_apple(
            uow, clients.apple(), settings, user_id=user_id,
            signed_transaction=body.signed_transaction,
        )
    except _PURCHASE_ERRORS as error:
        raise provider_problem(error) from None
    return _out(result)


@router.post("/v1/notifications/apple", response_model=NotificationOut)
async def apple_notification(
    body: AppleNotificationIn, uow: UowDep, clients: Clients
) -> NotificationOut:
    """App Store Server Notifications V2 (authenticated by Apple's signature)."""
    try:
        outcome = await purchases.handle_apple_notification(uow, clients.apple(),
                                                            body.signedPayload)
    except _PURCHASE_ERRORS as error:
        raise provider_problem(error, notification=True) from None
    return NotificationOut(outcome=outcome)


@router.post("/v1/purchases/google", response_model=PurchaseOut)
async def buy_google(
    body: GooglePurchaseIn, principal: CurrentPrincipal, uow: UowDep, settings: SettingsDep,
    clients: Clients,
) -> PurchaseOut:
    """Verify a Play purchase token with Google, fulfil it once, then consume it."""
    user_id = buyer(principal, body.user_id)
    try:
        result = await purchases.buy_google(
            uow, clients.google(), settings, user_id=user_id, product_id=body.product_id,
            purchase_token=body.purchase_token,
        )
    except _PURCHASE_ERRORS as error:
        raise provider_problem(error) from None
    return _out(result)


@router.post("/v1/notifications/google", response_model=NotificationOut)
async def google_notification(
    request: Request, uow: UowDep, clients: Clients,
    authorization: Annotated[str, Header(max_length=8192)] = "",
) -> NotificationOut:
    """Play real-time developer notifications, pushed by Pub/Sub with an OIDC bearer token."""
    body = await _bounded_body(request)
    if not authorization.startswith("Bearer "):
        raise Problem(401, "push-token-invalid", "Push token invalid", "Bearer token required")
    try:
        outcome = await purchases.handle_google_notification(
            uow, clients.google_receiver(), authorization, body
        )
    except _PURCHASE_ERRORS as error:
        raise provider_problem(error, notification=True) from None
    return NotificationOut(outcome=outcome)


# --- web checkout ---


@router.post("/v1/checkout/sessions", response_model=CheckoutOut)
async def create_checkout(
    body: CheckoutIn, principal: CurrentPrincipal, uow: UowDep, settings: SettingsDep,
    clients: Clients, idempotency_key: IdempotencyKey,
) -> CheckoutOut:
    """A Stripe Checkout session for a web package (the demo checkout when it is on)."""
    user_id = buyer(principal, body.user_id)
    try:
        result = await purchases.open_checkout(
            uow, clients.checkout(), settings, user_id=user_id, coins=body.coins,
            idempotency_key=idempotency_key,
        )
    except _PURCHASE_ERRORS as error:
        raise provider_problem(error) from None
    purchase = result.purchase
    return CheckoutOut(
        **_out(result).model_dump(), session_id=purchase.provider_ref or "",
        checkout_url=purchase.checkout_url or "",
    )


@router.post("/v1/webhooks/stripe", response_model=NotificationOut)
async def stripe_webhook(
    request: Request, uow: UowDep, clients: Clients,
    stripe_signature: Annotated[str, Header(alias="Stripe-Signature", max_length=4096)] = "",
) -> NotificationOut:
    """Stripe events, verified on the raw body: paid sessions fulfil, refunds and disputes
    claw back; others are recorded."""
    body = await _bounded_body(request)
    try:
        event = clients.checkout().parse_webhook(body, stripe_signature)
        outcome = await purchases.handle_stripe_event(uow, event)
    except _PURCHASE_ERRORS as error:
        raise _webhook_problem(error) from None
    return NotificationOut(outcome=outcome)


def _webhook_problem(error: Exception) -> Problem:
    if isinstance(error, ProviderVerificationError) and error.reason == errors.SIGNATURE_INVALID:
        return Problem(400, "webhook-signature-invalid", "Webhook signature invalid",
                       "the Stripe-Signature does not match the body")
    return provider_problem(error, notification=True)


async def _bounded_body(request: Request) -> bytes:
    settings = container_of(request).settings
    declared = request.headers.get("content-length", "0")
    if declared.isdigit() and int(declared) > settings.webhook_body_max_bytes:
        raise Problem(413, "payload-too-large", "Payload too large")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > settings.webhook_body_max_bytes:
            raise Problem(413, "payload-too-large", "Payload too large")
    return bytes(body)


# --- reads ---


@router.get("/v1/purchases/{purchase_id:uuid}", response_model=PurchaseOut)
async def get_purchase(
    purchase_id: uuid.UUID, principal: CurrentPrincipal, connection: ReadConnection
) -> PurchaseOut:
    purchase = await purchases.get(connection, purchase_id)
    if purchase is None or not (principal.may_see_user(purchase.user_id)
                                or principal.has(Scope.LEDGER_READ)):
        raise Problem(404, "purchase-not-found", "Purchase not found", str(purchase_id))
    return PurchaseOut.from_purchase(purchase, replayed=False)


# --- DEMO checkout (make run only; see clients.DemoCheckout) ---

_DEMO_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>fancoins DEMO checkout</title></head><body style="font-family:sans-serif;margin:3em">
<h1>DEMO checkout &mdash; no real payment</h1>
<p>{coins} coins for {price} ({status}).</p>
<form method="post" action="{action}"><button type="submit">Pay (demo)</button></form>
</body></html>"""


@router.get("/v1/demo/checkout/{session_id}", response_class=HTMLResponse, tags=["demo"])
async def demo_checkout_page(
    session_id: Annotated[str, Path(max_length=80)], connection: ReadConnection,
    clients: Clients,
) -> HTMLResponse:
    purchase = await _demo_purchase(connection, clients, session_id)
    price = format_minor(purchase.gross_minor, purchase.currency) + " " + purchase.currency
    page = _DEMO_PAGE.format(coins=purchase.coins, price=html.escape(price),
                             status=html.escape(purchase.status),
                             action=html.escape(f"/v1/demo/checkout/{session_id}/complete"))
    return HTMLResponse(page)


@router.post("/v1/demo/checkout/{session_id}/complete", response_model=NotificationOut,
             tags=["demo"])
async def demo_checkout_complete(
    session_id: Annotated[str, Path(max_length=80)], uow: UowDep, clients: Clients,
) -> NotificationOut:
    """Pay a demo session: sign its `checkout.session.completed` webhook with the demo
    secret and run it through the real webhook verification and handler."""
    async with uow() as connection:
        purchase = await _demo_purchase(connection, clients, session_id)
    demo = clients.demo()
    body, signature = demo.signed_completion(
        session_id=session_id, amount_minor=purchase.gross_minor, currency=purchase.currency,
        metadata={"purchase_id": str(purchase.id), "user_id": purchase.user_id},
    )
    try:
        outcome = await purchases.handle_stripe_event(uow, demo.parse_webhook(body, signature))
    except _PURCHASE_ERRORS as error:
        raise _webhook_problem(error) from None
    return NotificationOut(outcome=outcome)


async def _demo_purchase(
    connection: AsyncConnection, clients: PurchaseClients, session_id: str
) -> Purchase:
    try:
        clients.demo()
    except ProviderNotConfigured as error:
        raise Problem(404, "not-found", "Not found", str(error)) from None
    purchase = await purchases.find_open_checkout(connection, session_id)
    if purchase is None or not session_id.startswith(DEMO_SESSION_PREFIX):
        raise Problem(404, "checkout-not-found", "Checkout not found", session_id)
    return purchase
