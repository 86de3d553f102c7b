"""Freezes and transaction bans through the HTTP API: scope, reason, expiry (lifted by the
clock, announced by the expiry job), audited; the truthful status; ineligible or frozen
creators cannot start or keep a LIVE."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from fancoins.db.tables.identity import audit_log
from fancoins.kit.clock import MS_PER_HOUR, OffsetClock, now_ms, use_clock
from fancoins.kit.events import DomainEvent
from fancoins.safety.tasks import expire_restrictions
from tests.gifts.helpers import MINOR, Api, claw_back, make_user, running_api

HOUR_S = 3600


class Recorder:
    """An event sink that keeps what it was given (the outbox's place)."""

    def __init__(self) -> None:
        self.events: list[DomainEvent] = []

    async def record(self, connection: AsyncConnection, events: Sequence[DomainEvent]) -> None:
        self.events.extend(events)

    async def publish(self, events: Sequence[DomainEvent]) -> None:
        return None


def _at(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC).isoformat()


async def _restrict(api: Api, user_id: str, **body: Any) -> dict[str, Any]:
    response = await api.client.post(f"/v1/admin/users/{user_id}/restrictions",
                                     headers=await api.admin_headers(), json=body)
    assert response.status_code == 201, response.text
    found: dict[str, Any] = response.json()
    return found


async def _status(api: Api, user_id: str) -> dict[str, Any]:
    response = await api.client.get("/v1/me/status", headers=api.headers(user_id))
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def _audit(engine: AsyncEngine, target: str) -> list[str]:
    async with engine.connect() as connection:
        rows = await connection.execute(select(audit_log.c.action).where(
            audit_log.c.target == target, audit_log.c.action.like("user.%"))
            .order_by(audit_log.c.created_at_ms))
    return [str(row[0]) for row in rows]


async def test_a_ban_blocks_its_scope_until_it_expires(database_url: str) -> None:
    with use_clock(OffsetClock()) as clock:
        # The expiry job is run by hand here, not by the app's scheduler.
        async with running_api(database_url, jobs__enabled=False) as api:
            await make_user(api.engine, "maya", creator=True)
            await make_user(api.engine, "alice", coins=100)
            live = await api.go_live("maya")
            until_ms = now_ms() + MS_PER_HOUR
            ban = await _restrict(api, "alice", scope="gifting", reason="gift spam",
                                  until=_at(until_ms))
            assert ban["state"] == "in_force" and ban["scope"] == "gifting"
            # A ban of another scope does not stop gifting; this one does, saying why.
            await _restrict(api, "alice", scope="payouts", reason="chargeback review")
            refused = await api.send("alice", "g1", gift_id="rose", stream_id=live)
            assert refused.status_code == 403
            problem = refused.json()
            assert problem["type"].endswith("account-frozen")
            status = await _status(api, "alice")
            assert status["ok"] is False
            kinds = {(r["kind"], r["scope"]): r for r in status["restrictions"]}
            assert kinds[("banned", "gifting")]["reason"] == "gift spam"
            assert kinds[("banned", "gifting")]["until"] is not None
            assert kinds[("banned", "payouts")]["until"] is None
            # The operator sees the same object.
            seen = await api.client.get("/v1/admin/users/alice/status",
                                        headers=await api.admin_headers())
            assert seen.json() == status
            # An hour later the ban has lapsed, whoever reads it, before any job ran.
            clock.advance(s=HOUR_S + 1)
            assert (await api.send("alice", "g2", gift_id="rose", stream_id=live)
                    ).status_code == 201
            assert [r["scope"] for r in (await _status(api, "alice"))["restrictions"]] == [
                "payouts"]
            # The expiry job marks it lifted and announces it, once.
            recorder = Recorder()
            assert await expire_restrictions(api.engine, api.settings, recorder) == 1
            assert await expire_restrictions(api.engine, api.settings, recorder) == 0
            assert [e.type for e in recorder.events] == ["user.unfrozen"]
            history = await api.client.get("/v1/admin/users/alice/restrictions",
                                           headers=await api.admin_headers())
            states = {r["scope"]: r["state"] for r in history.json()}
            assert states == {"gifting": "expired", "payouts": "in_force"}
            assert await _audit(api.engine, "user:alice") == [
                "user.restricted", "user.restricted", "user.unrestricted"]


async def test_the_operator_lifts_a_freeze_and_every_change_is_audited(
    database_url: str,
) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "alice", coins=100)
        admin = await api.admin_headers()
        freeze = await api.client.post("/v1/admin/users/alice/freeze", headers=admin, json={
            "frozen": True, "reason": "account takeover suspected",
            "until": _at(now_ms() + 24 * MS_PER_HOUR)})
        assert freeze.status_code == 204, freeze.text
        status = await _status(api, "alice")
        assert [(r["kind"], r["scope"], r["reason"]) for r in status["restrictions"]] == [
            ("frozen", "all", "account takeover suspected")]
        user = await api.client.get("/v1/users/alice", headers=admin)
        assert user.json()["frozen"] is True
        # The user view says why and until when, to the operator and to the user.
        [frozen] = user.json()["restrictions"]
        assert frozen["kind"] == "frozen" and frozen["scope"] == "all"
        assert frozen["reason"] == "account takeover suspected"
        assert frozen["until"] == status["restrictions"][0]["until"] is not None
        own = await api.client.get("/v1/users/alice", headers=api.headers("alice"))
        assert own.json()["restrictions"] == user.json()["restrictions"]
        history = (await api.client.get("/v1/admin/users/alice/restrictions",
                                        headers=admin)).json()
        lifted = await api.client.post(
            f"/v1/admin/users/alice/restrictions/{history[0]['id']}/lift", headers=admin,
            json={"reason": "owner verified"})
        assert lifted.status_code == 200 and lifted.json()["state"] == "lifted"
        assert lifted.json()["lift_reason"] == "owner verified"
        assert (await _status(api, "alice")) == {"user_id": "alice", "ok": True,
                                                 "restrictions": []}
        unfrozen = (await api.client.get("/v1/users/alice", headers=admin)).json()
        assert unfrozen["frozen"] is False and unfrozen["restrictions"] == []
        assert await _audit(api.engine, "user:alice") == ["user.frozen", "user.unfrozen"]
        # Bad input: a reason is required, an expiry must be ahead, a scope must exist.
        for body in ({"scope": "gifting", "reason": ""},
                     {"scope": "gifting", "reason": "spam", "until": _at(now_ms() - 1000)},
                     {"scope": "everything", "reason": "spam"}):
            bad = await api.client.post("/v1/admin/users/alice/restrictions", headers=admin,
                                        json=body)
            assert bad.status_code == 422, (body, bad.text)
        missing = await api.client.post("/v1/admin/users/ghost/restrictions", headers=admin,
                                        json={"scope": "buying", "reason": "spam"})
        assert missing.status_code == 404
        # Users cannot restrict anyone.
        assert (await api.client.post("/v1/admin/users/alice/restrictions",
                                      headers=api.headers("alice"),
                                      json={"scope": "buying", "reason": "x"})).status_code == 403


async def test_frozen_or_ineligible_creators_cannot_start_or_keep_a_live(
    database_url: str,
) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "kid", creator=True, birth_date=MINOR)
        admin = await api.admin_headers()
        # A minor cannot go LIVE.
        kid = await api.client.post("/v1/streams", json={"title": "hi"},
                                    headers=api.headers("kid", "k1"))
        assert kid.status_code == 403 and kid.json()["type"].endswith("age-restricted")
        # A freeze ends a running LIVE, and a frozen creator cannot start another.
        live = await api.go_live("maya")
        await _restrict(api, "maya", scope="all", reason="fraud review")
        stream = await api.client.get(f"/v1/streams/{live}", headers=api.headers("maya"))
        assert stream.json()["status"] == "ended"
        again = await api.client.post("/v1/streams", json={"title": "back"},
                                      headers=api.headers("maya", "m2"))
        assert again.status_code == 403
        assert "fraud review" in again.json()["detail"]
        # Unfrozen, they go LIVE again; a gifting ban ends it too.
        assert (await api.client.post("/v1/admin/users/maya/freeze", headers=admin, json={
            "frozen": False, "reason": "cleared"})).status_code == 204
        live = await api.go_live("maya")
        await _restrict(api, "maya", scope="gifting", reason="gift fraud")
        stream = await api.client.get(f"/v1/streams/{live}", headers=api.headers("maya"))
        assert stream.json()["status"] == "ended"
        # A ban of another kind does not touch hosting.
        await make_user(api.engine, "zoe", creator=True)
        live = await api.go_live("zoe")
        await _restrict(api, "zoe", scope="buying", reason="refund abuse")
        stream = await api.client.get(f"/v1/streams/{live}", headers=api.headers("zoe"))
        assert stream.json()["status"] == "live"
        # The host changing a creator's birth date to a minor's ends their LIVE.
        put = await api.client.put("/v1/users/zoe", headers=admin, json={
            "display_name": "Zoe", "birth_date": MINOR.isoformat(), "is_creator": True})
        assert put.status_code == 200, put.text
        stream = await api.client.get(f"/v1/streams/{live}", headers=api.headers("zoe"))
        assert stream.json()["status"] == "ended"


async def test_status_lists_minor_and_negative_balance(database_url: str) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "teen", birth_date=MINOR, coins=10)
        await claw_back(api.engine, "teen", 15)
        status = await _status(api, "teen")
        assert status["ok"] is False
        kinds = {r["kind"] for r in status["restrictions"]}
        assert kinds == {"minor", "negative-balance"}
        minor = [r for r in status["restrictions"] if r["kind"] == "minor"]
        assert {r["scope"] for r in minor} >= {"buy", "send"}
        # `until` is the day they reach the age.
        assert all(r["until"] is not None for r in minor)
        unknown = await make_user(api.engine, "nobody", birth_date=None)
        assert unknown is None
        nobody = await _status(api, "nobody")
        assert [r["kind"] for r in nobody["restrictions"]] == ["age-unknown"]
        assert (await _status(api, "teen")) == status  # reading changes nothing
        key = await api.admin_headers()
        assert (await api.client.get("/v1/me/status", headers=key)).status_code == 403
