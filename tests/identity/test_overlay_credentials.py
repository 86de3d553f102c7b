"""Overlay credentials: minted by a creator, read-only, for that creator's LIVE events only
(the LIVE WebSocket accepts them for the creator's own streams; no HTTP endpoint accepts them),
revocable, bounded per creator."""

from __future__ import annotations

import json

import httpx
import pytest
from sqlalchemy import select
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from fancoins.db.tables.ledger import idempotency_keys
from tests.gifts.helpers import make_user, running_api
from tests.live.helpers import live_settings, seed, send_gift, server_thread, user_token, viewer


def _bearer(token: str, key: str | None = None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **({"Idempotency-Key": key} if key else {})}


async def _refused(url: str) -> tuple[int, str]:
    with pytest.raises(InvalidStatus) as refused:
        async with connect(url):
            pass
    return refused.value.response.status_code, refused.value.response.body.decode()


async def test_overlay_reads_its_creators_live_only_until_revoked(database_url: str) -> None:
    mine = await seed(database_url, viewers=1)
    theirs = await seed(database_url, viewers=0, creator_id="other")
    settings = live_settings(database_url, overlay__credentials_per_creator_max=2)
    with server_thread(settings) as server:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=10) as client:
            creator = _bearer(user_token(settings, mine.creator_id))
            minted = await client.post("/v1/creator/overlay-credentials", json={"name": "OBS"},
                                       headers=_bearer(user_token(settings, mine.creator_id),
                                                       "mint-1"))
            assert minted.status_code == 201, minted.text
            token = minted.json()["token"]
            credential_id = minted.json()["credential"]["id"]
            assert token.startswith("fco_")
            assert minted.json()["credential"]["prefix"] in token

            # It reads the creator's own LIVE: the snapshot, then a gift as it happens.
            async with viewer(server.ws_url, mine.stream_id, token) as overlay:
                await overlay.read_frame()
                await send_gift(client, user_token(settings, "viewer0"), mine.stream_id,
                                "rose", 1, "overlay-gift-1")
                await overlay.until(lambda events: any(e["type"] == "gift.sent"
                                                       for e in events))
            # Not another creator's LIVE; and no HTTP endpoint takes it.
            status, body = await _refused(
                f"{server.ws_url}/v1/streams/{theirs.stream_id}/events?token={token}")
            assert status == 403 and "overlay-not-for-stream" in body
            for path in ("/v1/creator/overlay-credentials", f"/v1/streams/{mine.stream_id}",
                         "/v1/accounts"):
                assert (await client.get(path, headers=_bearer(token))).status_code == 401

            listed = await client.get("/v1/creator/overlay-credentials", headers=creator)
            assert [c["id"] for c in listed.json()] == [credential_id]
            # Others cannot list or revoke it; API keys act for no creator.
            other = _bearer(user_token(settings, "other"))
            assert (await client.get("/v1/creator/overlay-credentials", headers=other)
                    ).json() == []
            gone = await client.delete(f"/v1/creator/overlay-credentials/{credential_id}",
                                       headers=other)
            assert gone.status_code == 404
            viewer_mint = await client.post(
                "/v1/creator/overlay-credentials", json={},
                headers=_bearer(user_token(settings, "viewer0"), "mint-viewer"))
            assert viewer_mint.status_code == 403

            revoked = await client.delete(f"/v1/creator/overlay-credentials/{credential_id}",
                                          headers=creator)
            assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
            status, body = await _refused(
                f"{server.ws_url}/v1/streams/{mine.stream_id}/events?token={token}")
            assert status == 401

            # Bounded per creator (revoked ones do not count).
            creator_token = user_token(settings, mine.creator_id)
            for attempt in range(2):
                again = await client.post("/v1/creator/overlay-credentials", json={},
                                          headers=_bearer(creator_token, f"mint-{attempt + 2}"))
                assert again.status_code == 201
            full = await client.post("/v1/creator/overlay-credentials", json={},
                                     headers=_bearer(creator_token, "mint-full"))
            assert full.status_code == 409 and "overlay-credentials-full" in full.text


async def test_the_overlay_reads_its_setup_over_http_with_its_credential(
        database_url: str) -> None:
    """One read-only HTTP call for what the overlay page needs: the stream, the creator's
    overlay settings and the gift catalog; for the credential's own creator's streams only."""
    mine = await seed(database_url, viewers=0)
    theirs = await seed(database_url, viewers=0, creator_id="other")
    settings = live_settings(database_url)
    with server_thread(settings) as server:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=10) as client:
            creator = _bearer(user_token(settings, mine.creator_id))
            saved = await client.put(f"/v1/creators/{mine.creator_id}/overlay-settings",
                                     headers=creator, json={"widgets": ["alerts", "goal"],
                                                            "alert_min_coins": 10,
                                                            "position": "bottom-left"})
            assert saved.status_code == 200, saved.text
            minted = await client.post("/v1/creator/overlay-credentials", json={"name": "OBS"},
                                       headers=_bearer(user_token(settings, mine.creator_id),
                                                       "mint-1"))
            token = minted.json()["token"]
            credential_id = minted.json()["credential"]["id"]

            setup = await client.get("/v1/overlay/setup", headers=_bearer(token),
                                     params={"stream_id": mine.stream_id})
            assert setup.status_code == 200, setup.text
            body = setup.json()
            assert body["stream"] == {"id": mine.stream_id, "creator_id": mine.creator_id,
                                      "title": "a LIVE", "status": "live"}
            assert (body["settings"]["widgets"], body["settings"]["alert_min_coins"],
                    body["settings"]["position"]) == (["alerts", "goal"], 10, "bottom-left")
            rose = next(g for g in body["gifts"] if g["id"] == "rose")
            assert set(rose) == {"id", "name", "price_coins", "image"}
            assert rose["price_coins"] == 1
            listed = await client.get("/v1/creator/overlay-credentials", headers=creator)
            assert listed.json()[0]["last_used_at"] is not None

            def problem(answer: httpx.Response, status: int, slug: str) -> None:
                assert answer.status_code == status, answer.text
                assert answer.headers["content-type"].startswith("application/problem+json")
                assert answer.json()["type"] == f"urn:fancoins:problem:{slug}"

            # Another creator's stream: refused, naming why.
            problem(await client.get("/v1/overlay/setup", headers=_bearer(token),
                                     params={"stream_id": theirs.stream_id}),
                    403, "overlay-not-for-stream")
            # An overlay credential only: no credential, a user token, an unknown one.
            problem(await client.get("/v1/overlay/setup", params={"stream_id": mine.stream_id}),
                    401, "unauthenticated")
            problem(await client.get("/v1/overlay/setup", headers=creator,
                                     params={"stream_id": mine.stream_id}),
                    401, "overlay-credential-invalid")
            problem(await client.get("/v1/overlay/setup", headers=_bearer(token + "x"),
                                     params={"stream_id": mine.stream_id}),
                    401, "overlay-credential-invalid")
            # Still nothing else over HTTP.
            assert (await client.get(f"/v1/streams/{mine.stream_id}",
                                     headers=_bearer(token))).status_code == 401

            await client.delete(f"/v1/creator/overlay-credentials/{credential_id}",
                                headers=creator)
            problem(await client.get("/v1/overlay/setup", headers=_bearer(token),
                                     params={"stream_id": mine.stream_id}),
                    401, "overlay-credential-invalid")


async def test_minting_is_idempotent_and_a_replay_shows_no_secret(database_url: str) -> None:
    """A retried mint (same caller, same Idempotency-Key, same body) answers the credential
    first minted and mints nothing; its token is not in the replay, nor kept anywhere to be
    replayed. The same key from another creator is that creator's own request."""
    async with running_api(database_url, jobs__enabled=False) as api:
        for creator_id in ("maya", "nina"):
            await make_user(api.engine, creator_id, creator=True)

        async def mint(creator_id: str, key: str | None, name: str = "OBS") -> httpx.Response:
            return await api.client.post("/v1/creator/overlay-credentials",
                                         headers=api.headers(creator_id, key),
                                         json={"name": name})

        first = await mint("maya", "overlay-1")
        assert first.status_code == 201, first.text
        token = first.json()["token"]
        assert token.startswith("fco_")
        again = await mint("maya", "overlay-1")
        assert again.status_code == 201, again.text
        assert again.json()["credential"] == first.json()["credential"]
        assert again.json()["token"] is None
        listed = await api.client.get("/v1/creator/overlay-credentials",
                                      headers=api.headers("maya"))
        assert [c["id"] for c in listed.json()] == [first.json()["credential"]["id"]]

        # The key is maya's: nina's request under it is hers, with her own secret.
        hers = await mint("nina", "overlay-1")
        assert hers.status_code == 201, hers.text
        assert hers.json()["credential"]["id"] != first.json()["credential"]["id"]
        assert hers.json()["token"] and hers.json()["token"] != token
        # Another body under the same key is refused; no key at all is bad input.
        reused = await mint("maya", "overlay-1", name="another")
        assert reused.status_code == 409 and "idempotency-key-reused" in reused.text
        missing = await mint("maya", None)
        assert missing.status_code == 422, missing.text
        # Only the hash of a secret is kept: no stored answer holds one.
        async with api.engine.connect() as connection:
            stored = [json.dumps(row[0]) for row in await connection.execute(
                select(idempotency_keys.c.response))]
        assert stored and not any("fco_" in answer for answer in stored)
