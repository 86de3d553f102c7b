"""Payment providers: Apple, Google Play, Stripe and PayPal behind small typed interfaces.

Each module verifies what a provider signs with the provider's own scheme and returns plain
frozen dataclasses. Nothing here imports the rest of fancoins except `fancoins.ledger.assets`;
configuration arrives as frozen dataclasses built by the caller.
"""

from fancoins.providers.errors import (
    ProviderError,
    ProviderRejected,
    ProviderUnavailable,
    ProviderVerificationError,
)

__all__ = [
    "ProviderError",
    "ProviderRejected",
    "ProviderUnavailable",
    "ProviderVerificationError",
]
