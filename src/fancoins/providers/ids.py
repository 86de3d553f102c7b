"""Identifiers from providers: printable ASCII only, bounded.

A store's ids (transactions, orders, products, events) are ASCII. A look-alike made of other
Unicode characters (full-width digits, superscripts) must never reach a lookup or `int()`:
"coins.１００" would otherwise name the 100-coin product.
"""

from __future__ import annotations

from fancoins.providers import errors
from fancoins.providers.errors import ProviderVerificationError

# Longer than any id Apple, Google or Stripe issue, and within our columns.
ID_CHARS_MAX = 255


def is_ascii_id(value: str, max_chars: int = ID_CHARS_MAX) -> bool:
    return 0 < len(value) <= max_chars and value.isascii() and value.isprintable() \
        and " " not in value


def ascii_id(value: str, name: str, max_chars: int = ID_CHARS_MAX) -> str:
    """`value`, or `ProviderVerificationError` (payload invalid) naming the field."""
    if not isinstance(value, str) or not is_ascii_id(value, max_chars):
        raise ProviderVerificationError(errors.PAYLOAD_INVALID, f"{name} is not an ASCII id")
    return value
