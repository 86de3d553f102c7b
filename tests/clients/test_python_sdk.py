"""The generated Python client and its helpers drive a real server: users, coins, a LIVE
with its events over the WebSocket helper, a gift, a problem answer; and the webhook helper
accepts what the Standard Webhooks signer signs and nothing else."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
import time

import pytest
from fancoins_client import AuthenticatedClient
from fancoins_client.api.gifts import send_gift
from fancoins_client.api.operator import adjust_coins
from fancoins_client.api.streams import end_stream, start_stream
from fancoins_client.api.users import get_user, put_user
from fancoins_client.api.wallet import get_wallet
from fancoins_client.models import (
    AdjustmentIn,
    GiftSendIn,
    ProblemBody,
    StreamIn,
    UserIn,
    UserOut,
)
from fancoins_sdk import LiveRefused, WebhookVerificationError, live_events, verify_webhook
from standardwebhooks.webhooks import Webhook

from tests.clients.conftest import SdkServer

ADULT = dt.date(1990, 1, 1)
EVENT_TIMEOUT_S = 20


def _setup(base_url: str, api_key: str) -> None:
    """Synchronous calls (the `sync` flavour of each operation)."""
    with AuthenticatedClient(base_url=base_url, token=api_key) as client:
        _create_users_and_fund(client)


def _create_users_and_fund(client: AuthenticatedClient) -> None:
    for user_id, creator in (("py-viewer", False), ("py-creator", True)):
        made = put_user.sync(client=client, user_id=user_id, body=UserIn(
            display_name=user_id.title(), birth_date=ADULT, is_creator=creator))
        assert isinstance(made, UserOut) and made.id == user_id
    granted = adjust_coins.sync_detailed(
        client=client, idempotency_key="py-grant",
        body=AdjustmentIn(user_id="py-viewer", amount_coins=500, reason="sdk test funds"))
    assert granted.status_code == 201, granted.content


async def test_python_client_drives_a_live_and_a_gift(sdk_server: SdkServer) -> None:
    await asyncio.to_thread(_setup, sdk_server.base_url, sdk_server.api_key)
    async with AuthenticatedClient(base_url=sdk_server.base_url,
                                   token=sdk_server.api_key) as client:
        await _drive(client, sdk_server)


async def _drive(client: AuthenticatedClient, sdk_server: SdkServer) -> None:
    user = await get_user.asyncio(client=client, user_id="py-viewer")
    assert isinstance(user, UserOut) and user.display_name == "Py-Viewer"
    missing = await get_user.asyncio(client=client, user_id="nobody")
    assert isinstance(missing, ProblemBody) and missing.status == 404
    assert missing.type_ == "urn:fancoins:problem:user-not-found"

    stream = await start_stream.asyncio(client=client, idempotency_key="py-live", body=StreamIn(
        title="SDK LIVE", creator_id="py-creator"))
    assert stream is not None and not isinstance(stream, ProblemBody), stream
    events: list[dict[str, object]] = []

    async def follow() -> None:
        async for event in live_events(sdk_server.base_url, stream.id, sdk_server.api_key):
            events.append(event)

    follower = asyncio.create_task(follow())
    await _until(lambda: any(e["type"] == "viewers.updated" for e in events))
    sent = await send_gift.asyncio_detailed(client=client, idempotency_key="py-gift-1",
                                            body=GiftSendIn(gift_id="panda", count=2,
                                                            stream_id=stream.id,
                                                            sender_id="py-viewer"))
    assert sent.status_code == 201, sent.content
    gift_id = json.loads(sent.content)["id"]
    await _until(lambda: any(e.get("event_id") == gift_id for e in events))
    gift = next(e for e in events if e.get("event_id") == gift_id)
    assert gift["type"] == "gift.sent" and gift["coins"] == 10
    wallet = await get_wallet.asyncio(client=client, user_id="py-viewer")
    assert wallet is not None and not isinstance(wallet, ProblemBody)
    assert wallet.coins == 490

    ended = await end_stream.asyncio_detailed(client=client, stream_id=stream.id)
    assert ended.status_code == 200, ended.content
    await asyncio.wait_for(follower, EVENT_TIMEOUT_S)  # returns after stream.ended
    assert events[-1]["type"] == "stream.ended"
    with pytest.raises(LiveRefused) as refused:  # an ended stream is refused, not retried
        async for _ in live_events(sdk_server.base_url, stream.id, sdk_server.api_key):
            pass
    assert refused.value.status == 410


async def _until(check: object, timeout_s: float = EVENT_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError("event not seen in time")
        await asyncio.sleep(0.02)


SECRET = "whsec_" + base64.b64encode(b"fancoins-sdk-test-secret-0123456").decode()


def signed(body: str, *, secret: str = SECRET, at: dt.datetime | None = None,
           msg_id: str = "msg_2b8f0c1d") -> dict[str, str]:
    at = at or dt.datetime.now(dt.UTC)
    signature = Webhook(secret).sign(msg_id, at, body)
    return {"webhook-id": msg_id, "webhook-timestamp": str(int(at.timestamp())),
            "webhook-signature": signature}


def test_webhook_helper_accepts_signed_and_refuses_everything_else() -> None:
    body = json.dumps({"type": "gift.sent", "data": {"coins": 10}})
    assert verify_webhook(body, signed(body), SECRET) == {"type": "gift.sent",
                                                           "data": {"coins": 10}}
    headers = {k.title(): v for k, v in signed(body).items()}  # header case does not matter
    assert verify_webhook(body.encode(), headers, SECRET)["type"] == "gift.sent"
    other = "whsec_" + base64.b64encode(b"another-secret-another-secret-01").decode()
    stale = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    for bad_body, bad_headers in (
        (body.replace("10", "11"), signed(body)),   # tampered body
        (body, signed(body, secret=other)),        # another endpoint's secret
        (body, signed(body, at=stale)),            # replayed later
        (body, {k: v for k, v in signed(body).items() if k != "webhook-id"}),
    ):
        with pytest.raises(WebhookVerificationError):
            verify_webhook(bad_body, bad_headers, SECRET)
