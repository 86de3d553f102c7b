"""PUT /v1/me/limits: a retry answers its first answer even after the limits changed."""

from __future__ import annotations

from tests.gifts.helpers import make_user, running_api

NO_WEEKLY = {"weekly_coins": None, "monthly_coins": None}


async def test_a_retried_limits_put_answers_its_first_answer(database_url: str) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "alice")
        first = await api.client.put("/v1/me/limits", headers=api.headers("alice", "limits-1"),
                                     json={"daily_coins": 50, **NO_WEEKLY})
        assert first.status_code == 200, first.text
        lower = await api.client.put("/v1/me/limits", headers=api.headers("alice", "limits-2"),
                                     json={"daily_coins": 30, **NO_WEEKLY})
        assert lower.json()["effective"]["daily_coins"] == 30
        # A fresh decision would ask for a raise back to 50 (cooling off); the retry of the
        # first call answers what it answered then and changes nothing.
        retry = await api.client.put("/v1/me/limits", headers=api.headers("alice", "limits-1"),
                                     json={"daily_coins": 50, **NO_WEEKLY})
        assert retry.status_code == 200 and retry.json() == first.json()
        now = (await api.client.get("/v1/me/limits", headers=api.headers("alice"))).json()
        assert now["effective"]["daily_coins"] == 30 and now["pending"] is None
        reused = await api.client.put("/v1/me/limits", headers=api.headers("alice", "limits-1"),
                                      json={"daily_coins": 10, **NO_WEEKLY})
        assert reused.status_code == 409
        assert reused.json()["type"].endswith(":idempotency-key-reused")
