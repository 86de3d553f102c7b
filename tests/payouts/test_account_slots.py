"""A creator's diamonds credited into sub-accounts (slots) by the gift writer: every balance
shown is the account's plus its slots', a payout and a refund claw-back first sweep the slots
into the account (journalled), and the whole proof holds — also after a storm from two API
processes writing different slots at once (PostgreSQL)."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from fancoins.db.engine import create_engine
from fancoins.db.tables.gifts import gifts
from fancoins.db.tables.ledger import ledger_accounts, ledger_transfers
from fancoins.kit.clock import OffsetClock, use_clock
from fancoins.ledger import chart
from fancoins.proof import prove
from tests.live.helpers import live_settings, seed, server_processes, user_token
from tests.payouts.conftest import (
    ADULT_BIRTH_DATE,
    Env,
    fund_coins,
    item_event,
    make_creator,
    withdraw,
)
from tests.payouts.test_refund_clawback import (
    buy_coins,
    clawback_env,
    earnings,
    gift,
    go_live,
    refund_fully,
)
from tests.support.api import make_user

SLOTS = 4
CONCERT_DIAMONDS = 500  # one "concert" gift: 500 coins, 500 diamonds
# The two-process storm: long enough for many batches in each process at once.
STORM_S = 3.0
STORM_CLIENTS_PER_PROCESS = 12


async def raw_balances(env: Env, account_id: str) -> dict[str, int]:
    """The stored balance of the account and of each of its slots that exists."""
    a = ledger_accounts.c
    ids = [account_id, *chart.slot_accounts(account_id)]
    async with env.app.state.container.engine.connect() as connection:
        rows = (await connection.execute(
            select(a.id, a.credits_posted - a.debits_posted).where(a.id.in_(ids)))).all()
    return {row[0]: int(row[1]) for row in rows}


async def spread_gifts(env: Env, clock: OffsetClock, viewer_id: str, stream_id: str,
                       count: int) -> None:
    """`count` gifts, each a second after the last: each batch takes the next slot."""
    for _ in range(count):
        await gift(env, viewer_id, stream_id, "concert", 1)
        clock.advance(s=1)


async def proof_findings(env: Env) -> list[str]:
    async with env.app.state.container.engine.connect() as connection:
        report = await prove(connection)
    return [f"{f.check} {f.subject}: {f.detail}" for f in report.findings]


async def get_json(env: Env, path: str, headers: dict[str, str]) -> dict[str, Any]:
    answer = await env.client.get(path, headers=headers)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def test_gifts_spread_over_slots_and_every_balance_shows_their_sum(
    database_url: str, tmp_path: Path
) -> None:
    async with clawback_env(database_url, tmp_path, gifts__account_slots=SLOTS) as env:
        await make_creator(env, "cara", diamonds=0)
        await make_user(env.app, "vic", birth_date=ADULT_BIRTH_DATE)
        await fund_coins(env.app, "vic", 10_000)
        stream_id = await go_live(env, "cara")
        with use_clock(OffsetClock()) as clock:
            await spread_gifts(env, clock, "vic", stream_id, 4)
            total = 4 * CONCERT_DIAMONDS

            stored = await raw_balances(env, chart.user_diamonds("cara"))
            assert stored[chart.user_diamonds("cara")] == 0  # every credit went to a slot
            assert len([v for v in stored.values() if v > 0]) >= 2, stored
            assert sum(stored.values()) == total

            wallet = await get_json(env, "/v1/wallet", env.token("cara"))
            assert (wallet["diamonds"], wallet["diamonds_available"]) == (total, total)
            cara = await earnings(env, "cara")
            assert (cara["diamonds_total"], cara["diamonds_on_hold"]) == (total, total)
            assert (await env.account(chart.user_diamonds("cara")))["balance"] == total
            statement = await get_json(env, "/v1/wallet/statement", env.token("cara"))
            diamond_lines = [line for line in statement["items"] if line["asset"] == "DIAMOND"]
            assert len(diamond_lines) == 4
            assert sum(line["balance_change"] for line in diamond_lines) == total
            economy = await get_json(env, "/v1/admin/economy?verify=false",
                                     env.token("ops", "admin"))
            assert (economy["diamonds"]["outstanding"], economy["diamonds"]["issued"]) == (
                total, total)
            assert economy["coins"]["spent"] == total
            assert await proof_findings(env) == []


async def test_a_payout_after_spread_credits_sweeps_the_slots_first(
    database_url: str, tmp_path: Path
) -> None:
    async with clawback_env(database_url, tmp_path, hold_days=0,
                            gifts__account_slots=SLOTS) as env:
        await make_creator(env, "cara", diamonds=19_000)
        await make_user(env.app, "vic", birth_date=ADULT_BIRTH_DATE)
        await fund_coins(env.app, "vic", 10_000)
        stream_id = await go_live(env, "cara")
        with use_clock(OffsetClock()) as clock:
            await spread_gifts(env, clock, "vic", stream_id, 2)  # 1,000 diamonds in slots
            account = chart.user_diamonds("cara")
            assert (await raw_balances(env, account))[account] == 19_000
            assert (await earnings(env, "cara"))["diamonds_withdrawable"] == 20_000

            answer = await withdraw(env, 10_000)  # all 20,000 diamonds
            assert answer.status_code == 201, answer.text
            stored = await raw_balances(env, account)
            assert stored[account] == 20_000 and sum(stored.values()) == 20_000, stored
            held = await env.account(account)
            assert (held["balance"], held["available"]) == (20_000, 0)
            await env.submit()
            await item_event(env, answer.json(), "PAYMENT.PAYOUTS-ITEM.SUCCEEDED")
            cara = await earnings(env, "cara")
            assert (cara["diamonds_total"], cara["diamonds_withdrawable"]) == (0, 0)
            # The sweep is in the ledger, not in the creator's statement.
            statement = await get_json(env, "/v1/wallet/statement", env.token("cara"))
            assert chart.SLOT_SWEEP_CODE not in {line["code"] for line in statement["items"]}
            assert await sweeps(env) >= 1
            assert await proof_findings(env) == []


async def sweeps(env: Env) -> int:
    t = ledger_transfers.c
    async with env.app.state.container.engine.connect() as connection:
        return len((await connection.execute(
            select(t.id).where(t.code == chart.SLOT_SWEEP_CODE))).all())


async def test_a_refund_claws_back_diamonds_held_in_slots_without_a_debt(
    database_url: str, tmp_path: Path
) -> None:
    async with clawback_env(database_url, tmp_path, gifts__account_slots=SLOTS) as env:
        await make_creator(env, "cara", diamonds=0)
        await make_user(env.app, "vic", birth_date=ADULT_BIRTH_DATE)
        purchase = await buy_coins(env, "vic", 2_000)
        stream_id = await go_live(env, "cara")
        with use_clock(OffsetClock()) as clock:
            await spread_gifts(env, clock, "vic", stream_id, 4)  # every coin gifted
            account = chart.user_diamonds("cara")
            stored = await raw_balances(env, account)
            assert sum(stored.values()) == 2_000 and stored[account] == 0, stored

            await refund_fully(env, purchase)
            # The claw-back took the diamonds the slots held: nothing is owed anywhere.
            stored = await raw_balances(env, account)
            assert set(stored.values()) == {0}, stored
            cara = await earnings(env, "cara")
            assert (cara["diamonds_total"], cara["diamonds_on_hold"]) == (0, 0)
            wallet = await get_json(env, "/v1/wallet", env.token("cara"))
            assert wallet["diamonds"] == 0
            # Only the viewer's wallet is below zero (the coins were gifted), no creator's.
            assert [f for f in await proof_findings(env) if "vic" not in f] == []


@pytest.mark.postgres
async def test_two_processes_storm_one_creator_in_different_slots_and_verify_holds(
    postgres_url: str,
) -> None:
    seeded = await seed(postgres_url, viewers=40)
    env = {"FANCOINS_DATABASE_URL": postgres_url, "FANCOINS_MODE": "test",
           "FANCOINS_GIFTS__ACCOUNT_SLOTS": str(SLOTS), "FANCOINS_RATE_LIMITS__ENABLED": "false"}
    settings = live_settings(postgres_url)
    tokens = [user_token(settings, viewer) for viewer in seeded.viewer_ids]
    body = {"gift_id": "rose", "count": 1, "stream_id": seeded.stream_id}
    answered: list[int] = []

    async def storm(base_url: str, first: int) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STORM_S
        async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
            async def sender(index: int) -> None:
                token = tokens[(first + index) % len(tokens)]
                while loop.time() < deadline:
                    response = await client.post("/v1/gifts/send", json=body, headers={
                        "Authorization": f"Bearer {token}",
                        "Idempotency-Key": uuid.uuid4().hex})
                    answered.append(response.status_code)
            await asyncio.gather(*(sender(i) for i in range(STORM_CLIENTS_PER_PROCESS)))

    with server_processes(env, env) as (base_a, base_b):
        await asyncio.gather(storm(base_a, 0), storm(base_b, STORM_CLIENTS_PER_PROCESS))
    assert answered and set(answered) == {201}, sorted(set(answered))

    engine = create_engine(postgres_url)
    try:
        async with engine.connect() as connection:
            report = await prove(connection)
            assert report.ok, report.findings[:10]
            assert report.findings == []
            a = ledger_accounts.c
            account = chart.user_diamonds(seeded.creator_id)
            stored = {row[0]: int(row[1]) for row in await connection.execute(
                select(a.id, a.credits_posted - a.debits_posted).where(
                    a.id.in_([account, *chart.slot_accounts(account)])))}
            earned = (await connection.execute(
                select(gifts.c.diamonds).where(gifts.c.recipient_id == seeded.creator_id)
            )).scalars().all()
    finally:
        await engine.dispose()
    assert len(earned) == len(answered)
    assert sum(stored.values()) == sum(earned) > 0
    assert len([v for v in stored.values() if v > 0]) >= 2, stored
