"""Expected domain errors mapped to problem+json, and the Idempotency-Key header."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header

from fancoins.api.problems import Problem
from fancoins.journal.idempotency import IdempotencyConflict
from fancoins.ledger import GroupRejected, TransferError

IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key", min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$",
        description="Any string you choose; a retry with the same key is applied once.",
    ),
]

_TRANSFER_STATUS = {
    TransferError.EXCEEDS_CREDITS: (409, "insufficient-balance", "Insufficient balance"),
    TransferError.ACCOUNT_NOT_FOUND: (404, "account-not-found", "Account not found"),
}


def ledger_problem(error: Exception) -> Problem:
    if isinstance(error, IdempotencyConflict):
        return Problem(409, "idempotency-key-reused", "Idempotency key reused",
                       "this key was already used for a different request")
    if isinstance(error, GroupRejected):
        status, slug, title = _TRANSFER_STATUS.get(
            error.error, (409, "transfer-refused", "Transfer refused")
        )
        return Problem(status, slug, title, error.error.value)
    return Problem(422, "invalid-request", "Invalid request", str(error))
