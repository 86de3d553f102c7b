"""Ledger refusals as problem types. The pure core says why a group was refused
(`GroupRejected`, a `TransferError`); this is where that reason gets its one slug."""

from __future__ import annotations

from typing import Any

from fancoins.kit.errors import Conflict, NotFound
from fancoins.ledger import GroupRejected, TransferError


class TransferRefused(Conflict):
    slug = "transfer-refused"
    title = "Transfer refused"

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        super().__init__(detail, **extra)


class InsufficientBalance(TransferRefused):
    slug = "insufficient-balance"
    title = "Insufficient balance"


class AccountNotFound(NotFound):
    slug = "account-not-found"
    title = "Account not found"


def refusal(rejected: GroupRejected) -> TransferRefused | AccountNotFound:
    """The problem a refused group is answered with when no domain gives it a better name."""
    detail = rejected.error.value
    if rejected.error is TransferError.EXCEEDS_CREDITS:
        return InsufficientBalance(detail, index=rejected.index)
    if rejected.error is TransferError.ACCOUNT_NOT_FOUND:
        return AccountNotFound(detail)
    return TransferRefused(detail, index=rejected.index, reason=detail)
