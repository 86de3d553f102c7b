"""Payouts' problem types: each withdrawal rule its own, and PayPal's webhook refusals.
The age and frozen refusals are the shared ones (`fancoins.safety.errors`)."""

from __future__ import annotations

from fancoins.kit.errors import (
    BadRequest,
    Conflict,
    FancoinsError,
    Forbidden,
    NotFound,
    Unavailable,
)


class VerificationRequired(Forbidden):
    slug = "verification-required"
    title = "Verification required"
    stored = True


class PayoutMethodRequired(Conflict):
    slug = "payout-method-required"
    title = "Payout method required"


class PayoutMethodNotFound(NotFound):
    slug = "payout-method-not-found"
    title = "No payout method"


class WithdrawalBelowThreshold(FancoinsError):
    """Below the economy's minimum withdrawal: a rule of the economy, so a retry of the same
    request answers it again."""

    status = 422
    slug = "withdrawal-below-threshold"
    title = "Below the minimum withdrawal"


class WithdrawalDailyCap(Conflict):
    slug = "withdrawal-daily-cap"
    title = "Daily withdrawal cap reached"


class DiamondsOnHold(Conflict):
    slug = "diamonds-on-hold"
    title = "Diamonds still on hold"


class InsufficientDiamonds(Conflict):
    slug = "insufficient-diamonds"
    title = "Not enough diamonds"


class WithdrawalNotFound(NotFound):
    slug = "withdrawal-not-found"
    title = "Withdrawal not found"


class ProviderNotConfigured(FancoinsError):
    """A setting is missing: retrying will not help until an operator sets it."""

    status = 503
    slug = "provider-not-configured"
    title = "Provider not configured"
    stored = False


class WebhookSignatureInvalid(BadRequest):
    slug = "webhook-signature-invalid"
    title = "Webhook not verified"


class WebhookPayloadInvalid(BadRequest):
    slug = "webhook-payload-invalid"
    title = "Webhook payload invalid"


class PayPalUnavailable(Unavailable):
    slug = "paypal-unavailable"
    title = "PayPal unavailable"
