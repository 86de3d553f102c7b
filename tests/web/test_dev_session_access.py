"""The development sign-in hands out admin tokens: only to this machine, never in production."""

from __future__ import annotations

import httpx
import pytest

from fancoins.api.app import create_app
from fancoins.config import Settings, load_settings

PRODUCTION_SECRET = "a-production-secret-that-is-long-enough-0123456789"
OPERATOR = {"user_id": "operator", "role": "operator"}


def development(database_url: str) -> Settings:
    return load_settings(database_url=database_url, mode="development")


async def _sign_in(settings: Settings, client_address: tuple[str, int],
                   headers: dict[str, str] | None = None) -> httpx.Response:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=client_address)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.post("/v1/dev/session", json=OPERATOR, headers=headers)


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "127.8.9.10"])
async def test_loopback_clients_get_a_session(database_url: str, address: str) -> None:
    answer = await _sign_in(development(database_url), (address, 5000))
    assert answer.status_code == 200, answer.text
    assert answer.json()["scopes"] == ["admin"]


@pytest.mark.parametrize("address", ["203.0.113.7", "10.0.0.2", "::ffff:198.51.100.1"])
async def test_other_clients_are_refused(database_url: str, address: str) -> None:
    answer = await _sign_in(development(database_url), (address, 5000))
    assert answer.status_code == 403, answer.text
    assert answer.json()["type"].endswith(":forbidden")
    assert "token" not in answer.json()


async def test_a_request_relayed_by_a_proxy_is_refused(database_url: str) -> None:
    # A reverse proxy on this machine connects from loopback for the whole internet.
    for header in ({"X-Forwarded-For": "203.0.113.7"}, {"Forwarded": "for=203.0.113.7"}):
        answer = await _sign_in(development(database_url),
                                ("127.0.0.1", 5000), header)
        assert answer.status_code == 403, answer.text


async def test_production_never_serves_it_even_to_loopback(database_url: str) -> None:
    settings = load_settings(database_url=database_url, mode="production",
                             jwt__secret=PRODUCTION_SECRET)
    answer = await _sign_in(settings, ("127.0.0.1", 5000))
    assert answer.status_code in (404, 405)
    assert "token" not in answer.text
