"""Users' own spending limits: lowering at once, raising after the cooling-off."""

from __future__ import annotations

import pytest

from fancoins.db.uow import unit
from fancoins.economy.limits import SpendLimits
from fancoins.ids import now_ms
from fancoins.safety.errors import SpendingLimitExceeded
from fancoins.safety.service import spending
from tests.gifts.helpers import make_user, running_api

DAY_S = 86_400


async def test_lower_now_raise_later_and_repeat_is_harmless(database_url: str) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "alice", coins=100)
        headers = api.headers("alice")
        empty = await api.client.get("/v1/me/limits", headers=headers)
        assert empty.json()["effective"] == {"daily_coins": None, "weekly_coins": None,
                                             "monthly_coins": None}
        lowered = await api.client.put("/v1/me/limits", headers=headers, json={
            "daily_coins": 50, "weekly_coins": 200, "monthly_coins": None})
        assert lowered.json()["effective"]["daily_coins"] == 50
        assert lowered.json()["pending"] is None
        raised = await api.client.put("/v1/me/limits", headers=headers, json={
            "daily_coins": 80, "weekly_coins": 100, "monthly_coins": None})
        body = raised.json()
        # The lower weekly applies now; the raise waits out the 24-hour cooling-off.
        assert body["effective"] == {"daily_coins": 50, "weekly_coins": 100,
                                     "monthly_coins": None}
        assert body["pending"]["limits"]["daily_coins"] == 80
        again = await api.client.put("/v1/me/limits", headers=headers, json={
            "daily_coins": 80, "weekly_coins": 100, "monthly_coins": None})
        assert again.json()["pending"]["effective_at"] == body["pending"]["effective_at"]
        bad = await api.client.put("/v1/me/limits", headers=headers, json={
            "daily_coins": -1, "weekly_coins": None, "monthly_coins": None})
        assert bad.status_code == 422
        later = now_ms() + (DAY_S + 5) * 1000
        async with api.engine.connect() as connection:
            view = await spending.view(connection, "alice", later)
        assert view.effective == SpendLimits(80, 100, None) and view.pending is None


async def test_check_and_count_for_other_spenders(database_url: str) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice", coins=100)
        await api.client.put("/v1/me/limits", headers=api.headers("alice"), json={
            "daily_coins": 30, "weekly_coins": None, "monthly_coins": None})
        live = await api.go_live("maya")
        assert (await api.send("alice", "g", gift_id="love_bang", stream_id=live)
                ).status_code == 201
        async with unit(api.engine) as uow:
            spent = await spending.check_and_count(uow, "alice", 5)
        assert spent.day_coins == 30 and spent.lifetime_coins == 30
        with pytest.raises(SpendingLimitExceeded) as refused:
            async with unit(api.engine) as uow:
                await spending.check_and_count(uow, "alice", 1)
        assert refused.value.window == "daily"
        view = await api.client.get("/v1/me/limits", headers=api.headers("alice"))
        assert view.json()["spent"] == {"daily_coins": 30, "weekly_coins": 30,
                                        "monthly_coins": 30}
        api_key = await api.admin_headers()
        forbidden = await api.client.get("/v1/me/limits", headers=api_key)
        assert forbidden.status_code == 403
