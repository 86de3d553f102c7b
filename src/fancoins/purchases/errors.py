"""Purchase refusals and provider failures as problem types (one class per slug).

Providers raise their own provider-neutral errors (`providers.errors`, with a stable reason);
`provider_error` turns one into the problem the buyer or the store should see, once, at the
service boundary. Age and freezes use the shared `safety.errors` classes.
"""

from __future__ import annotations

from typing import Any

from fancoins.kit.errors import (
    BadRequest,
    Conflict,
    FancoinsError,
    Forbidden,
    InvalidRequest,
    NotFound,
    Unauthenticated,
)
from fancoins.providers import errors
from fancoins.providers.errors import (
    ProviderError,
    ProviderRejected,
    ProviderUnavailable,
    ProviderVerificationError,
)


class ProviderRefused(FancoinsError):
    """The provider answered and refused our request; retrying as it is will not help."""

    status = 502
    slug = "provider-rejected"
    title = "Provider refused the request"
    stored = False


class ReceiptInvalid(InvalidRequest):
    slug = "receipt-invalid"
    title = "Receipt invalid"


class ReceiptSignatureInvalid(ReceiptInvalid):
    slug = "receipt-signature-invalid"
    title = "Signature invalid"


class ReceiptWrongApp(ReceiptInvalid):
    slug = "receipt-wrong-app"
    title = "Signed for another app"


class ReceiptWrongEnvironment(ReceiptInvalid):
    slug = "receipt-wrong-environment"
    title = "Wrong store environment"


class ProductUnknown(ReceiptInvalid):
    slug = "product-unknown"
    title = "Unknown product"


class PurchaseNotCompleted(ReceiptInvalid):
    slug = "purchase-not-completed"
    title = "Purchase not completed"


class PurchaseTokenInvalid(ReceiptInvalid):
    slug = "purchase-token-invalid"
    title = "Purchase token unknown"


class PurchaseNotPaid(ReceiptInvalid):
    """A store purchase nobody paid for (Google promo code or rewarded ad)."""

    slug = "purchase-not-paid"
    title = "Not a paid purchase"


class PurchaseAccountMismatch(Forbidden):
    slug = "purchase-account-mismatch"
    title = "Bought by another account"


class PurchaseRevoked(Conflict):
    """The store says the transaction was refunded or revoked: it is never credited."""

    slug = "purchase-revoked"
    title = "Purchase revoked"


class PurchaseCapExceeded(Forbidden):
    slug = "purchase-cap-exceeded"
    title = "Purchase cap reached"
    stored = True

    def __init__(self, detail: str, *, window: str, **extra: Any) -> None:
        super().__init__(detail, window=window, **extra)


class UserIdRequired(InvalidRequest):
    slug = "user-id-required"
    title = "user_id required"


class PurchaseNotFound(NotFound):
    slug = "purchase-not-found"
    title = "Purchase not found"


class PriceListNotFound(NotFound):
    """No operator list exists for this country and channel."""

    slug = "price-list-not-found"
    title = "Price list not found"


class PriceListInvalid(InvalidRequest):
    slug = "price-list-invalid"
    title = "Price list invalid"


class CheckoutNotFound(NotFound):
    slug = "checkout-not-found"
    title = "Checkout not found"


class NotificationInvalid(BadRequest):
    """A store notification we cannot verify: the sender's fault, and it may retry."""

    slug = "notification-invalid"
    title = "Notification invalid"


class WebhookSignatureInvalid(BadRequest):
    slug = "webhook-signature-invalid"
    title = "Webhook signature invalid"


class PushTokenInvalid(Unauthenticated):
    slug = "push-token-invalid"
    title = "Push token invalid"


_VERIFICATION: dict[str, type[FancoinsError]] = {
    errors.SIGNATURE_INVALID: ReceiptSignatureInvalid,
    errors.CERTIFICATE_INVALID: ReceiptSignatureInvalid,
    errors.CHAIN_INVALID: ReceiptSignatureInvalid,
    errors.BUNDLE_ID_MISMATCH: ReceiptWrongApp,
    errors.PACKAGE_MISMATCH: ReceiptWrongApp,
    errors.ENVIRONMENT_MISMATCH: ReceiptWrongEnvironment,
    errors.PRODUCT_UNKNOWN: ProductUnknown,
    errors.NOT_PURCHASED: PurchaseNotCompleted,
    errors.ACCOUNT_MISMATCH: PurchaseAccountMismatch,
    errors.TOKEN_INVALID: PurchaseTokenInvalid,
    errors.AUDIENCE_MISMATCH: PushTokenInvalid,
    errors.ISSUER_INVALID: PushTokenInvalid,
    errors.EMAIL_MISMATCH: PushTokenInvalid,
}


def provider_error(error: ProviderError, *, notification: bool = False) -> FancoinsError:
    """The problem a provider failure is answered with. For a store's own notification, data
    that does not verify is a 400 the store may retry; its push token stays a 401."""
    if isinstance(error, ProviderUnavailable):
        return error
    if isinstance(error, ProviderRejected):
        return ProviderRefused(error.reason, reason=error.reason)
    reason = error.reason if isinstance(error, ProviderVerificationError) else "invalid"
    kind = _VERIFICATION.get(reason, ReceiptInvalid)
    if notification and issubclass(kind, ReceiptInvalid):
        return NotificationInvalid(reason, reason=reason)
    return kind(reason, reason=reason)


class PurchaseNotHeld(Conflict):
    """The purchase has no hold in force: never held, or its hold was already decided
    otherwise (released, declined, ended by the store's refund)."""

    slug = "purchase-not-held"
    title = "Purchase not held"
    stored = True
