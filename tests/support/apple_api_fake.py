"""A local fake of the App Store Server API's "send consumption information" endpoint.

Apple's own `AppStoreServerAPIClient` reaches it over HTTP (its base URL pointed here). The
fake checks the client's bearer token as Apple does: an ES256 JWT signed with the API key
whose public half it holds, with our key id, issuer id, bundle id and audience.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.support.apple_keys import BUNDLE_ID
from tests.support.http_fake import Reply, Request, ServedFake, json_reply

KEY_ID = "FANCOINS01"
ISSUER_ID = "57246542-96fe-1a63-e053-0824d0110700"
AUDIENCE = "appstoreconnect-v1"
_CONSUMPTION_PATH = re.compile(r"^/inApps/v2/transactions/consumption/(?P<transaction>[^/]+)$")


@functools.cache
def _api_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def private_key_pem() -> bytes:
    """The API key as App Store Connect hands it out (a PKCS#8 PEM, the `.p8` file)."""
    return _api_key().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


@dataclass(frozen=True)
class ConsumptionCall:
    transaction_id: str
    body: dict[str, Any]


class AppleApiFake(ServedFake):
    def __init__(self) -> None:
        self.consumption: list[ConsumptionCall] = []
        self.delay_s = 0.0  # answer this much later (a slow Apple)
        self.status = 202  # what the consumption endpoint answers
        self._lock = threading.Lock()
        super().__init__()

    def _handle(self, request: Request) -> Reply:
        if not self._authorized(request.headers.get("authorization", "")):
            return json_reply(401, {"errorCode": 4010000, "errorMessage": "Unauthenticated"})
        match = _CONSUMPTION_PATH.match(request.path)
        if request.method != "PUT" or match is None:
            return json_reply(404, {"errorCode": 4040000, "errorMessage": "Not found"})
        with self._lock:
            self.consumption.append(ConsumptionCall(match["transaction"], request.json()))
        return Reply(self.status, delay_s=self.delay_s)

    def _authorized(self, header: str) -> bool:
        token = header.removeprefix("Bearer ")
        try:
            header_fields = jwt.get_unverified_header(token)
            claims = jwt.decode(token, _api_key().public_key(), algorithms=["ES256"],
                                audience=AUDIENCE)
        except jwt.InvalidTokenError:
            return False
        return (header_fields.get("kid") == KEY_ID and claims.get("iss") == ISSUER_ID
                and claims.get("bid") == BUNDLE_ID)
