"""The Idempotency-Key header, and the older mapping of ledger errors to problem+json (kept
for the endpoints that still catch to translate; domain errors carry their problem type)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header

from fancoins.api.problems import Problem
from fancoins.journal.idempotency import IdempotencyConflict
from fancoins.ledger import GroupRejected, TransferError

_KEY_RULE = (
    "Any string you choose. A retry with the same key and the same request answers the "
    "first answer, accepted or refused, whatever changed since (it is never decided again); "
    "the same key with a different request is a 409 idempotency-key-reused. Answers that "
    "decided nothing (bad input, authentication, 429, 5xx) are not kept: retry those."
)
IdempotencyKey = Annotated[
    str,
    Header(alias="Idempotency-Key", min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$",
           description=_KEY_RULE),
]
# For writes that are safe to repeat by nature (a PUT, a freeze): with a key, a retry answers
# the first answer as above; without one, each call is applied as it comes.
OptionalIdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$",
           description=_KEY_RULE),
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
