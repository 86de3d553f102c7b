"""A local fake of Stripe's `POST /v1/checkout/sessions`, and real webhook signatures.

The fake keeps Stripe's idempotency contract: the same `Idempotency-Key` with the same
parameters returns the first session; with different parameters it is a 400
`idempotency_error`.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass
from typing import Any

import stripe

from tests.support.http_fake import Reply, Request, ServedFake, json_reply

SECRET_KEY = "sk_test_fancoins_fake_key"
WEBHOOK_SECRET = "whsec_fancoins_test_secret"
SESSIONS_PATH = "/v1/checkout/sessions"


@dataclass(frozen=True)
class RecordedSession:
    idempotency_key: str | None
    params: dict[str, str]  # Stripe's form encoding, e.g. "line_items[0][quantity]"
    response: dict[str, Any]


def _error(status: int, error_type: str, message: str) -> Reply:
    return json_reply(status, {"error": {"type": error_type, "message": message}})


class StripeFake(ServedFake):
    def __init__(self, *, secret_key: str = SECRET_KEY) -> None:
        self.secret_key = secret_key
        self.calls: list[RecordedSession] = []  # every POST that reached the handler
        self._by_key: dict[str, RecordedSession] = {}
        self._counter = itertools.count(1)
        self._lock = threading.Lock()
        super().__init__()

    @property
    def sessions_created(self) -> int:
        return len({call.response["id"] for call in self.calls if "id" in call.response})

    def _handle(self, request: Request) -> Reply:
        if request.headers.get("authorization") != f"Bearer {self.secret_key}":
            return _error(401, "invalid_request_error", "Invalid API Key provided")
        if (request.method, request.path) != ("POST", SESSIONS_PATH):
            return _error(404, "invalid_request_error", "Unrecognized request URL")
        with self._lock:
            return self._create(request.headers.get("idempotency-key"), request.form())

    def _create(self, key: str | None, params: dict[str, str]) -> Reply:
        previous = self._by_key.get(key) if key else None
        if previous is not None and previous.params != params:
            return _error(400, "idempotency_error", "Keys for idempotent requests can only be "
                          "used with the same parameters they were first used with.")
        response = previous.response if previous else self._session(params)
        recorded = RecordedSession(key, params, response)
        self.calls.append(recorded)
        if key and previous is None:
            self._by_key[key] = recorded
        return json_reply(200, response, headers={"Idempotency-Key": key or ""})

    def _session(self, params: dict[str, str]) -> dict[str, Any]:
        session_id = f"cs_test_{next(self._counter):06d}"
        unit_amount = int(params["line_items[0][price_data][unit_amount]"])
        quantity = int(params.get("line_items[0][quantity]", "1"))
        metadata = {
            name.removeprefix("metadata[").removesuffix("]"): value
            for name, value in params.items()
            if name.startswith("metadata[")
        }
        return {
            "id": session_id,
            "object": "checkout.session",
            "mode": params.get("mode"),
            "status": "open",
            "payment_status": "unpaid",
            "amount_total": unit_amount * quantity,
            "currency": params["line_items[0][price_data][currency]"],
            "client_reference_id": params.get("client_reference_id"),
            "metadata": metadata,
            "success_url": params.get("success_url"),
            "cancel_url": params.get("cancel_url"),
            "url": f"{self.base_url}/pay/{session_id}",
            "livemode": False,
        }


def event(event_type: str, obj: dict[str, Any], *, event_id: str = "evt_test_1") -> dict[str, Any]:
    """A v1 snapshot event envelope as Stripe sends it to a webhook endpoint."""
    return {
        "id": event_id,
        "object": "event",
        "api_version": "2025-01-27.acacia",
        "created": int(time.time()),
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
    }


def signed_webhook(
    event: dict[str, Any], secret: str = WEBHOOK_SECRET, *, timestamp: int | None = None
) -> tuple[bytes, str]:
    """The raw body and its `Stripe-Signature` header, signed as Stripe does."""
    body = json.dumps(event, indent=2).encode()  # Stripe pretty-prints; bytes are what count
    return body, sign_raw(body, secret, timestamp=timestamp)


def sign_raw(body: bytes, secret: str = WEBHOOK_SECRET, *, timestamp: int | None = None) -> str:
    """A `Stripe-Signature` header for arbitrary bytes (for malformed-but-signed bodies)."""
    header = stripe.WebhookSignature.generate_signature_header(body.decode(), secret, timestamp)
    return str(header)
