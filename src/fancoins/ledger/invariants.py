"""Assertions that survive `python -O`: broken invariants are bugs, never expected errors."""

from __future__ import annotations


class InvariantViolation(AssertionError):
    """Raised when something that must always hold does not."""


def invariant(condition: bool, message: str) -> None:
    """Raise `InvariantViolation` unless `condition` holds. Never compiled away."""
    if not condition:
        raise InvariantViolation(message)
