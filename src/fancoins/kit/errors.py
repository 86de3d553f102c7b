"""Errors that carry their problem type (RFC 9457).

A domain error class declares its HTTP status, its stable slug and its title once; the API
renders every one of them with one handler, so endpoints never catch to translate. One slug per
concept across the whole API: a second class claiming a slug that another class owns is refused
when the module is imported (a subclass that keeps its parent's slug is the same concept).

Whether a retry under the same Idempotency-Key answers the error again is declared here too
(`stored`): a refusal decided from the state of the books is the key's answer; errors that
decided nothing (bad input, authentication, a reused key, a busy or unavailable server) are not,
and a retry is decided afresh.
"""

from __future__ import annotations

from typing import Any, ClassVar

PROBLEM_BASE = "urn:fancoins:problem:"

_REGISTRY: dict[str, type[FancoinsError]] = {}


class FancoinsError(Exception):
    """Base of every error the API may answer with. Subclasses set the class attributes."""

    status: ClassVar[int] = 500
    slug: ClassVar[str] = "internal-error"
    title: ClassVar[str] = "Internal error"
    # Stored as an idempotency key's answer (replayed on a retry); see the module docstring.
    stored: ClassVar[bool] = True
    # Retry-After (seconds) for the statuses that ask for a retry (429, 503).
    retry_after_s: ClassVar[int | None] = None

    def __init__(
        self, detail: str | None = None, *, headers: dict[str, str] | None = None,
        retry_after_s: int | None = None, **extra: Any,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail
        self._status: int | None = None  # only a replayed answer of a retired slug sets it
        self.extra = extra
        self.headers = dict(headers or {})
        wait = retry_after_s if retry_after_s is not None else self.retry_after_s
        if wait is not None:
            self.headers.setdefault("Retry-After", str(wait))

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "slug" not in cls.__dict__:
            return  # shares its parent's concept
        owner = _REGISTRY.get(cls.slug)
        if owner is not None and owner.__qualname__ != cls.__qualname__:
            raise TypeError(f"problem slug {cls.slug!r} belongs to {owner.__qualname__}; "
                            f"{cls.__qualname__} must reuse that class or pick its own slug")
        _REGISTRY[cls.slug] = cls

    @property
    def type_uri(self) -> str:
        return PROBLEM_BASE + self.slug

    @property
    def status_code(self) -> int:
        return self._status if self._status is not None else self.status

    def body(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"type": self.type_uri, "title": self.title,
                                "status": self.status_code}
        if self.detail:
            body["detail"] = self.detail
        if instance:
            body["instance"] = instance
        body.update(self.extra)
        return body

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> FancoinsError:
        """Rebuild a stored answer (an idempotent replay) as the error it was."""
        slug = str(body.get("type", "")).removeprefix(PROBLEM_BASE)
        known = _REGISTRY.get(slug, StoredProblem)
        extra = {k: v for k, v in body.items()
                 if k not in ("type", "title", "status", "detail", "instance")}
        error = known.__new__(known)
        FancoinsError.__init__(error, body.get("detail"), **extra)
        if known is StoredProblem:
            error._status = int(body.get("status", 500))
        return error


class StoredProblem(FancoinsError):
    """A stored answer whose slug no class claims any more (renamed since it was stored)."""

    slug = "stored-problem"
    title = "Stored answer"


def problem_types() -> dict[str, type[FancoinsError]]:
    """Every problem type the code can raise, by slug (for the docs and their test)."""
    return dict(sorted(_REGISTRY.items()))


# --- errors every layer shares -----------------------------------------------------------------


class BadRequest(FancoinsError):
    status = 400
    slug = "bad-request"
    title = "Bad request"
    stored = False


class InvalidRequest(FancoinsError):
    """The request is well-formed but a value in it is not acceptable."""

    status = 422
    slug = "validation-error"
    title = "Invalid request"
    stored = False


class Unauthenticated(FancoinsError):
    status = 401
    slug = "unauthenticated"
    title = "Authentication required"
    stored = False

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"}, **extra)


class Forbidden(FancoinsError):
    status = 403
    slug = "forbidden"
    title = "Forbidden"
    stored = False


class InsufficientScope(Forbidden):
    slug = "insufficient-scope"
    title = "Insufficient scope"

    def __init__(self, scope: str, detail: str | None = None) -> None:
        super().__init__(detail or f"this operation needs the {scope!r} scope", scope=scope)


class UserTokenRequired(Forbidden):
    slug = "user-token-required"
    title = "User token required"


class NotFound(FancoinsError):
    status = 404
    slug = "not-found"
    title = "Not found"
    stored = False


class Conflict(FancoinsError):
    status = 409
    slug = "conflict"
    title = "Conflict"


class IdempotencyKeyReused(Conflict):
    slug = "idempotency-key-reused"
    title = "Idempotency key reused"
    stored = False

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        super().__init__(detail or "this key was already used for a different request", **extra)


class PayloadTooLarge(FancoinsError):
    status = 413
    slug = "payload-too-large"
    title = "Payload too large"
    stored = False


class RateLimited(FancoinsError):
    status = 429
    slug = "rate-limited"
    title = "Too many requests"
    stored = False


class Unavailable(FancoinsError):
    status = 503
    slug = "unavailable"
    title = "Service unavailable"
    stored = False
    retry_after_s = 1


class DatabaseUnavailable(Unavailable):
    slug = "database-unavailable"
    title = "Database unavailable"
    retry_after_s = 2

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        super().__init__(detail or "the database did not answer in time; retry with the same "
                         "Idempotency-Key (nothing is applied twice)", **extra)
