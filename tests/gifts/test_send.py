"""Sending gifts through the HTTP API, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from fancoins.api.problems import PROBLEM_BASE
from fancoins.db.tables.gifts import gifts
from fancoins.db.tables.ledger import ledger_transfers
from fancoins.gifts.events import GiftSent
from fancoins.ledger import chart
from tests.gifts.helpers import (
    MINOR,
    Api,
    age_keeping_live,
    assert_verified,
    balance,
    claw_back,
    freeze,
    freeze_keeping_live,
    make_user,
    running_api,
    snapshot,
)


def problem_type(response: object) -> str:
    body = response.json()  # type: ignore[attr-defined]
    return str(body["type"]).removeprefix(PROBLEM_BASE)


async def test_a_gift_moves_coins_to_diamonds_after_commit(database_url: str) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice", coins=100)
        stream_id = await api.go_live("maya")
        seen: list[GiftSent] = []

        async def listener(batch: object) -> None:
            seen.extend(batch)  # type: ignore[arg-type]

        api.app.state.container.bus.subscribe(listener, GiftSent.type)
        response = await api.send("alice", "k1", gift_id="panda", count=3, stream_id=stream_id)
        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["coins"], body["diamonds"], body["balance_coins"]) == (15, 15, 85)
        assert body["recipient_id"] == "maya" and body["stream_id"] == stream_id
        assert await balance(api.engine, chart.user_coins("alice")) == 85
        assert await balance(api.engine, chart.user_diamonds("maya")) == 15
        async with api.engine.connect() as connection:
            row = (await connection.execute(select(gifts))).one()
            coin_leg = (await connection.execute(select(ledger_transfers).where(
                ledger_transfers.c.id == row.id))).one()
        assert str(row.id) == body["id"]
        assert (row.price_coins, row.count, row.coins, row.diamonds) == (5, 3, 15, 15)
        assert row.revenue_share == "dpc=1/1;cash=500/1000USD"
        assert coin_leg.debit_account_id == chart.user_coins("alice")
        assert coin_leg.user_data["gift_id"] == "panda" and coin_leg.user_data["count"] == 3
        assert coin_leg.user_data["rule"] == row.revenue_share
        assert [(c.gift_event_id, c.sender_display_name, c.coins, c.sender_lifetime_coins)
                for c in seen] == [(uuid.UUID(body["id"]), "Alice", 15, 15)]
        assert seen[0].gift_name == "Panda" and seen[0].streakable
        assert seen[0].committed_at_ms >= row.created_at_ms
        await assert_verified(api.engine)


async def test_a_replay_answers_the_first_result_and_a_changed_send_is_409(
    database_url: str,
) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice", coins=100)
        stream_id = await api.go_live("maya")
        first = await api.send("alice", "same", gift_id="rose", count=2, stream_id=stream_id)
        before = await snapshot(api.engine)
        again = await api.send("alice", "same", gift_id="rose", count=2, stream_id=stream_id)
        assert again.status_code == 201 and again.json() == first.json()
        assert again.headers["Idempotent-Replayed"] == "true"
        changed = await api.send("alice", "same", gift_id="rose", count=3, stream_id=stream_id)
        assert changed.status_code == 409
        assert problem_type(changed) == "idempotency-key-reused"
        assert await snapshot(api.engine) == before
        # Keys are per sender: bob may use the same string.
        await make_user(api.engine, "bob", coins=5)
        other = await api.send("bob", "same", gift_id="rose", count=2, stream_id=stream_id)
        assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
        await assert_verified(api.engine)


async def _refused(api: Api, expected: str, sender: str, **body: object) -> None:
    before = await snapshot(api.engine)
    response = await api.send(sender, f"refused-{expected}", **body)
    assert response.status_code in (403, 404, 409, 422), response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert problem_type(response) == expected, response.text
    assert await snapshot(api.engine) == before, f"{expected}: something was written"


async def test_every_check_is_refused_with_its_own_type_and_nothing_written(
    database_url: str,
) -> None:
    async with running_api(database_url) as api:
        engine = api.engine
        admin = await api.admin_headers()
        await make_user(engine, "maya", creator=True)
        await make_user(engine, "kid-creator", creator=True)
        await make_user(engine, "frozen-creator", creator=True)
        for viewer, coins in (("alice", 50), ("teen", 50), ("ice", 50), ("owes", 10),
                              ("poor", 3), ("careful", 50)):
            birth = MINOR if viewer == "teen" else None
            await make_user(engine, viewer, coins=coins,
                            **({"birth_date": birth} if birth else {}))
        live = await api.go_live("maya")
        kid_live = await api.go_live("kid-creator")
        frozen_live = await api.go_live("frozen-creator")
        # Minors and frozen creators cannot go LIVE; a LIVE still open when the creator
        # became one (a stale stream row) takes no gifts either.
        await age_keeping_live(engine, "kid-creator", MINOR)
        await freeze(engine, "ice")
        await freeze_keeping_live(engine, "frozen-creator")
        await claw_back(engine, "owes", 15)
        retired = await api.client.post("/v1/admin/gifts", headers=admin, json={
            "id": "old_hat", "name": "Old Hat", "price_coins": 2, "image": "gifts/old.webp"})
        assert retired.status_code == 201
        assert (await api.client.patch("/v1/admin/gifts/old_hat", headers=admin,
                                       json={"active": False})).status_code == 200
        assert (await api.client.post("/v1/admin/gifts", headers=admin, json={
            "id": "maple", "name": "Maple", "price_coins": 2, "image": "gifts/maple.webp",
            "countries": ["CA"]})).status_code == 201
        limits = await api.client.put("/v1/me/limits", headers=api.headers("careful"),
                                      json={"daily_coins": 5, "weekly_coins": None,
                                            "monthly_coins": None})
        assert limits.status_code == 200
        await make_user(engine, "leo", creator=True)
        ended = await api.go_live("leo")
        assert (await api.client.post(f"/v1/streams/{ended}/end",
                                      headers=api.headers("leo"))).status_code == 200
        video = await api.client.post("/v1/videos", json={"caption": "v"},
                                      headers=api.headers("maya", "video-1"))
        assert video.status_code == 201

        await _refused(api, "gift-not-found", "alice", gift_id="no_such", stream_id=live)
        await _refused(api, "gift-inactive", "alice", gift_id="old_hat", stream_id=live)
        await _refused(api, "gift-not-offered", "alice", gift_id="maple", stream_id=live)
        await _refused(api, "gift-count-invalid", "alice", gift_id="rose", count=100,
                       stream_id=live)
        await _refused(api, "stream-not-found", "alice", gift_id="rose", stream_id="nope")
        await _refused(api, "video-not-found", "alice", gift_id="rose", video_id="nope",
                       comment_text="hi")
        await _refused(api, "stream-not-live", "alice", gift_id="rose", stream_id=ended)
        await _refused(api, "self-gift", "maya", gift_id="rose", stream_id=live)
        await _refused(api, "age-restricted", "teen", gift_id="rose", stream_id=live)
        await _refused(api, "recipient-underage", "alice", gift_id="rose", stream_id=kid_live)
        await _refused(api, "account-frozen", "ice", gift_id="rose", stream_id=live)
        await _refused(api, "recipient-frozen", "alice", gift_id="rose", stream_id=frozen_live)
        await _refused(api, "account-restricted", "owes", gift_id="rose", stream_id=live)
        await _refused(api, "spending-limit-exceeded", "careful", gift_id="panda", count=2,
                       stream_id=live)
        await _refused(api, "insufficient-coins", "poor", gift_id="panda", stream_id=live)
        await _refused(api, "sender-not-found", "ghost", gift_id="rose", stream_id=live)
        # Malformed sends never reach the writer.
        await _refused(api, "validation-error", "alice", gift_id="rose")
        await _refused(api, "validation-error", "alice", gift_id="rose", video_id="v")
        # The same people can still gift where nothing stands in the way.
        ok = await api.send("careful", "fine", gift_id="panda", stream_id=live)
        assert ok.status_code == 201, ok.text
        await assert_verified(engine)


async def test_a_gift_on_a_video_records_its_comment(database_url: str) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice", coins=30)
        video = await api.client.post("/v1/videos", json={"caption": "dance"},
                                      headers=api.headers("maya", "v1"))
        video_id = video.json()["id"]
        response = await api.send("alice", "g1", gift_id="love_bang", video_id=video_id,
                                  comment_text="so good")
        assert response.status_code == 201, response.text
        assert response.json()["comment_id"] and response.json()["recipient_id"] == "maya"
        assert await balance(api.engine, chart.user_diamonds("maya")) == 25
        await assert_verified(api.engine)


async def test_catalog_changes_never_alter_gifts_already_sent(database_url: str) -> None:
    async with running_api(database_url) as api:
        admin = await api.admin_headers()
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice", coins=100, country="GB")
        stream_id = await api.go_live("maya")
        listed = await api.client.get("/v1/gifts", headers=api.headers("alice"))
        assert [g["id"] for g in listed.json()][:3] == ["rose", "italian_hand", "panda"]
        assert len(listed.json()) == 9
        sent = await api.send("alice", "g1", gift_id="panda", stream_id=stream_id)
        assert sent.json()["coins"] == 5
        changed = await api.client.patch("/v1/admin/gifts/panda", headers=admin,
                                         json={"price_coins": 7})
        assert changed.status_code == 200 and changed.json()["price_coins"] == 7
        again = await api.send("alice", "g2", gift_id="panda", stream_id=stream_id)
        assert again.json()["coins"] == 7
        async with api.engine.connect() as connection:
            prices = sorted((await connection.execute(select(gifts.c.price_coins))).scalars())
        assert prices == [5, 7]
        replay = await api.send("alice", "g1", gift_id="panda", stream_id=stream_id)
        assert replay.json()["coins"] == 5
        retire = await api.client.patch("/v1/admin/gifts/panda", headers=admin,
                                        json={"active": False})
        assert retire.json()["active"] is False
        listed = await api.client.get("/v1/gifts", headers=api.headers("alice"))
        assert "panda" not in [g["id"] for g in listed.json()]
        # The editor's list holds retired gifts too, cheapest first; users may not read it.
        whole = await api.client.get("/v1/admin/gifts", headers=admin)
        assert whole.status_code == 200, whole.text
        assert {"id": "panda", "active": False, "price_coins": 7}.items() <= next(
            g for g in whole.json() if g["id"] == "panda").items()
        assert [g["price_coins"] for g in whole.json()] == sorted(
            g["price_coins"] for g in whole.json())
        assert (await api.client.get("/v1/admin/gifts",
                                     headers=api.headers("alice"))).status_code == 403
        dup = await api.client.post("/v1/admin/gifts", headers=admin, json={
            "id": "rose", "name": "Rose", "price_coins": 2, "image": "gifts/rose.webp"})
        assert dup.status_code == 409 and problem_type(dup) == "gift-exists"
        user_try = await api.client.patch("/v1/admin/gifts/rose", headers=api.headers("alice"),
                                          json={"price_coins": 1})
        assert user_try.status_code == 403
        await assert_verified(api.engine)
