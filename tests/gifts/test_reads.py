"""Reads other domains use: diamonds earned (on hold), earnings per day, gifts by sender."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from fancoins.db.tables.gifts import gifts
from fancoins.gifts.service import gifts_service
from fancoins.ids import now_ms
from tests.gifts.helpers import make_user, running_api

DAY_MS = 86_400_000


async def test_diamonds_and_earnings_by_day(database_url: str) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice", coins=200)
        live = await api.go_live("maya")
        for key, gift in (("a", "panda"), ("b", "love_bang"), ("c", "rose")):
            assert (await api.send("alice", key, gift_id=gift, stream_id=live)).status_code == 201
        now = now_ms()
        async with api.engine.begin() as connection:  # one gift three days ago, two now
            await connection.execute(update(gifts).values(created_at_ms=now))
            await connection.execute(update(gifts).where(gifts.c.idempotency_key == "a")
                                     .values(created_at_ms=now - 3 * DAY_MS))
        async with api.engine.connect() as connection:
            assert await gifts_service.diamonds_earned_since(connection, "maya", 0) == 31
            recent = await gifts_service.diamonds_earned_since(connection, "maya",
                                                               now - DAY_MS)
            days = await gifts_service.earnings_by_day(connection, "maya", 7, at_ms=now)
            sent = await gifts_service.gifts_sent_since(connection, "alice", now - DAY_MS, 10)
            totals = await gifts_service.stream_totals(connection, live)
        assert recent == 26
        today = dt.datetime.fromtimestamp(now / 1000, tz=dt.UTC).date()
        assert [(d.day, d.diamonds, d.gifts) for d in days] == [
            (today - dt.timedelta(days=3), 5, 1), (today, 26, 2)]
        assert [g.gift_id for g in sent] == ["love_bang", "rose"]
        assert totals == (3, 31)
        stream = await api.client.get(f"/v1/streams/{live}", headers=api.headers("alice"))
        assert (stream.json()["gifts_count"], stream.json()["diamonds"]) == (3, 31)
