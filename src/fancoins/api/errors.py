"""The Idempotency-Key header as every idempotent write declares it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header

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
