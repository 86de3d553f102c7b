"""End-user tokens signed RS256 by the host, verified with the keys of its JWKS endpoint."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.api.test_auth import assert_problem
from tests.support.api import bearer, make_user, running_app, settings_for, user_token
from tests.support.http_fake import FakeHttpServer, Reply, Request, json_reply

HOST_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
STRANGER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KID = "host-key-1"


def _jwks(_: Request) -> Reply:
    public = json.loads(RSAAlgorithm.to_jwk(HOST_KEY.public_key()))
    return json_reply(200, {"keys": [{**public, "kid": KID, "use": "sig", "alg": "RS256"}]})


@pytest.fixture
def jwks_url() -> Iterator[str]:
    with FakeHttpServer(_jwks) as server:
        yield server.base_url + "/.well-known/jwks.json"


def _rs256(key: rsa.RSAPrivateKey, sub: str, kid: str = KID) -> str:
    claims = {"sub": sub, "exp": int(time.time()) + 600, "iss": "host-app", "aud": "fancoins"}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


async def test_rs256_from_jwks(database_url: str, jwks_url: str) -> None:
    settings = settings_for(database_url, jwt__algorithms=("RS256",), jwt__jwks_url=jwks_url,
                            jwt__issuer="host-app", jwt__audience="fancoins")
    async with running_app(settings) as (app, client):
        await make_user(app, "alice")
        ok = await client.get("/v1/accounts", headers=bearer(_rs256(HOST_KEY, "alice")))
        assert ok.status_code == 200, ok.text
        assert {a["owner_user_id"] for a in ok.json()["items"]} == {"alice"}
        forged = await client.get("/v1/accounts", headers=bearer(_rs256(STRANGER_KEY, "alice")))
        assert_problem(forged, 401, "token-invalid")
        unknown_kid = await client.get(
            "/v1/accounts", headers=bearer(_rs256(HOST_KEY, "alice", kid="other")))
        assert_problem(unknown_kid, 401, "token-invalid")
        # An HS256 token is refused when the deployment accepts RS256 only.
        hs = await client.get("/v1/accounts", headers=bearer(user_token(settings, "alice")))
        assert_problem(hs, 401, "token-invalid")
