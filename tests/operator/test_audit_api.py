"""The audit log, read through the admin API: filters by actor, action, target and time
range, newest first, in cursor pages; admin only."""

from __future__ import annotations

import datetime as dt

from fancoins.kit.clock import OffsetClock, now_ms, use_clock
from tests.gifts.helpers import make_user, running_api

DAY_S = 86_400


def _at(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC).isoformat()


async def test_the_audit_log_filters_and_pages(database_url: str) -> None:
    with use_clock(OffsetClock()) as clock:
        async with running_api(database_url, jobs__enabled=False) as api:
            admin = await api.admin_headers()
            for user in ("alice", "bob"):
                await make_user(api.engine, user)
            start_ms = now_ms()
            for index in range(3):
                response = await api.client.post(
                    "/v1/admin/users/alice/restrictions", headers=admin,
                    json={"scope": "promotions", "reason": f"review {index}"})
                assert response.status_code == 201
            clock.advance(s=DAY_S)
            later_ms = now_ms()
            await api.client.post("/v1/admin/users/bob/freeze", headers=admin, json={
                "frozen": True, "reason": "fraud review"})

            async def read(**params: str) -> dict:  # type: ignore[type-arg]
                response = await api.client.get("/v1/admin/audit", headers=admin,
                                                 params=params)
                assert response.status_code == 200, response.text
                return dict(response.json())

            alice = await read(target="user:alice", action="user.restricted")
            assert [e["reason"] for e in alice["items"]] == ["review 2", "review 1", "review 0"]
            assert alice["items"][0]["hash"] is not None
            frozen = await read(action="user.frozen")
            assert [e["target"] for e in frozen["items"]] == ["user:bob"]
            actor = frozen["items"][0]["actor"]
            assert len((await read(actor=actor))["items"]) == 4
            # Time range [from, to).
            early = await read(actor=actor, **{"from": _at(start_ms), "to": _at(later_ms)})
            assert len(early["items"]) == 3
            assert len((await read(actor=actor, **{"from": _at(later_ms)}))["items"]) == 1
            # Cursor pages: two, then the rest, nothing repeated.
            first = await read(actor=actor, limit="2")
            second = await read(actor=actor, limit="2", cursor=first["next_cursor"])
            ids = [e["id"] for e in first["items"] + second["items"]]
            assert len(set(ids)) == 4 and second["next_cursor"] is None
            assert (await api.client.get("/v1/admin/audit", headers=admin,
                                         params={"cursor": "nope"})).status_code == 400
            assert (await api.client.get("/v1/admin/audit", headers=api.headers("alice"))
                    ).status_code == 403
