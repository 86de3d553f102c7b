"""Guardians through the HTTP API: the host links them (both users exist, two at most), a
guardian caps a minor's spending and buying or switches it off (tightening at once, loosening
after the cooling-off), reads the minor's status and statement; where the economy file lets a
minor with a guardian act younger, the guardian's caps are what bound them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from fancoins.db.tables.identity import audit_log
from tests.gifts.helpers import MINOR, Api, make_user, running_api
from tests.live.helpers import DEFAULT_ECONOMY
from tests.support.api import make_api_key

LOVE_BANG_COINS = 25


def economy_letting_minors_gift(directory: Path) -> Path:
    """The default economy, where US minors of 13 or over with a guardian may buy and send."""
    path = directory / "economy.toml"
    path.write_text(DEFAULT_ECONOMY.read_text() + "\n[age_with_guardian.US]\nbuy = 13\nsend = 13\n")
    return path


async def _link(api: Api, host: dict[str, str], minor: str, guardian: str) -> Any:
    return await api.client.post("/v1/guardians", headers=host, json={
        "minor_id": minor, "guardian_id": guardian, "reason": "parent per host records"})


async def test_a_guardian_links_caps_and_switches_off_a_minors_gifting(
    database_url: str, tmp_path: Path,
) -> None:
    economy = economy_letting_minors_gift(tmp_path)
    async with running_api(database_url, economy_file=economy) as api:
        host = {"Authorization": f"Bearer {await make_api_key(api.app, 'users:write')}"}
        for adult in ("mom", "dad", "aunt", "stranger"):
            await make_user(api.engine, adult)
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "teen", birth_date=MINOR, coins=200)
        live = await api.go_live("maya")
        # Without a guardian, a minor cannot send.
        alone = await api.send("teen", "t0", gift_id="love_bang", stream_id=live)
        assert alone.status_code == 403 and alone.json()["type"].endswith("age-restricted")
        linked = await _link(api, host, "teen", "mom")
        assert linked.status_code == 201, linked.text
        again = await _link(api, host, "teen", "mom")
        assert again.status_code == 201 and again.json() == linked.json()
        assert (await _link(api, host, "teen", "dad")).status_code == 201
        full = await _link(api, host, "teen", "aunt")
        assert full.status_code == 409 and full.json()["type"].endswith("guardians-full")
        assert (await _link(api, host, "teen", "teen")).status_code == 422
        assert (await _link(api, host, "teen", "ghost")).status_code == 404
        assert (await _link(api, host, "stranger", "teen")).status_code == 422  # minor guardian
        # A user cannot link themselves as anyone's guardian.
        assert (await api.client.post("/v1/guardians", headers=api.headers("stranger"), json={
            "minor_id": "teen", "guardian_id": "stranger", "reason": "trust me"})
        ).status_code == 403
        # Linked, but with no caps set, the guardian rule does not apply yet.
        assert (await api.send("teen", "t1", gift_id="love_bang", stream_id=live)
                ).status_code == 403
        mom = api.headers("mom")
        caps = await api.client.put("/v1/me/minors/teen/caps/spending", headers=mom, json={
            "daily_coins": 30, "weekly_coins": None, "monthly_coins": None})
        assert caps.status_code == 200, caps.text
        assert caps.json()["daily"] == 30 and caps.json()["off"] is False
        assert (await api.send("teen", "t2", gift_id="love_bang", stream_id=live)
                ).status_code == 201
        over = await api.send("teen", "t3", gift_id="love_bang", stream_id=live)
        assert over.status_code == 409, over.text
        problem = over.json()
        assert problem["type"].endswith("spending-limit-exceeded")
        assert problem["window"] == "daily"
        # The other guardian loosens: it waits out the cooling-off.
        looser = await api.client.put("/v1/me/minors/teen/caps/spending",
                                      headers=api.headers("dad"), json={
            "daily_coins": 100, "weekly_coins": None, "monthly_coins": None})
        assert looser.json()["daily"] == 30 and looser.json()["pending"]["daily"] == 100
        # Switched off: nothing in any window, at once.
        off = await api.client.put("/v1/me/minors/teen/caps/spending", headers=mom, json={
            "daily_coins": 0, "weekly_coins": 0, "monthly_coins": 0})
        assert off.json()["off"] is True
        assert (await api.send("teen", "t4", gift_id="rose", stream_id=live)).status_code == 409
        buying = await api.client.put("/v1/me/minors/teen/caps/buying", headers=mom, json={
            "currency": "USD", "daily_minor": 0, "weekly_minor": 0, "monthly_minor": 0})
        assert buying.status_code == 200 and buying.json()["off"] is True
        # The guardian's view of the minor: caps and the truthful status.
        minors = await api.client.get("/v1/me/minors", headers=mom)
        assert [m["user_id"] for m in minors.json()] == ["teen"]
        view = (await api.client.get("/v1/me/minors/teen", headers=mom)).json()
        assert view["spending"]["off"] is True and view["buying"]["currency"] == "USD"
        reasons = {r["scope"]: r["reason"] for r in view["status"]["restrictions"]
                   if r["kind"] == "guardian-caps"}
        assert reasons == {"gifting": "your guardian switched off spending coins",
                           "buying": "your guardian switched off buying coins"}
        teen_status = (await api.client.get("/v1/me/status", headers=api.headers("teen"))
                       ).json()
        assert teen_status == view["status"]
        # The guardian reads the minor's statement; nobody else does.
        statement = await api.client.get("/v1/wallet/statement?user_id=teen", headers=mom)
        assert statement.status_code == 200 and statement.json()["items"]
        assert (await api.client.get("/v1/wallet/statement?user_id=teen",
                                     headers=api.headers("stranger"))).status_code == 404
        assert (await api.client.get("/v1/me/minors/teen", headers=api.headers("stranger"))
                ).status_code == 404
        assert (await api.client.put("/v1/me/minors/teen/caps/spending",
                                     headers=api.headers("stranger"), json={
            "daily_coins": None, "weekly_coins": None, "monthly_coins": None})
        ).status_code == 404
        # Unlinking is the host's, audited.
        unlinked = await api.client.post("/v1/guardians/unlink", headers=host, json={
            "minor_id": "teen", "guardian_id": "dad", "reason": "custody changed"})
        assert unlinked.json() == {"unlinked": True}
        async with api.engine.connect() as connection:
            actions = [row[0] for row in await connection.execute(
                select(audit_log.c.action).where(audit_log.c.target == "user:teen",
                                                 audit_log.c.action.like("guardian.%")))]
        assert sorted(actions) == sorted(["guardian.linked", "guardian.linked",
                                          "guardian.caps_set", "guardian.caps_set",
                                          "guardian.caps_set", "guardian.caps_set",
                                          "guardian.unlinked"])


async def test_by_default_a_guardian_does_not_lower_the_age(database_url: str) -> None:
    async with running_api(database_url) as api:
        host = await api.admin_headers()
        await make_user(api.engine, "mom")
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "teen", birth_date=MINOR, coins=100)
        live = await api.go_live("maya")
        assert (await _link(api, host, "teen", "mom")).status_code == 201
        await api.client.put("/v1/me/minors/teen/caps/spending", headers=api.headers("mom"),
                             json={"daily_coins": 50, "weekly_coins": None,
                                   "monthly_coins": None})
        refused = await api.send("teen", "t1", gift_id="rose", stream_id=live)
        assert refused.status_code == 403 and refused.json()["type"].endswith("age-restricted")
