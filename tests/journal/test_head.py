"""`fancoins verify --head` prints the chain's head; `--expect-head` holds the books to one.

An attacker who rewrites history *and* re-hashes every link after it (knowing the format)
or cuts the newest links off leaves a chain that is whole in itself: only a head stored
somewhere else tells. These run the real CLI (Typer's runner) on both databases.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from fancoins.cli.main import app
from fancoins.db.dialect import json_as_text
from fancoins.db.engine import create_engine, unit_of_work
from fancoins.db.tables.ledger import chain_heads, ledger_links
from fancoins.db.tables.ledger import ledger_accounts as a
from fancoins.db.tables.ledger import ledger_transfers as t
from fancoins.db.uow import unit
from fancoins.ids import new_id
from fancoins.journal.service import AccountSpec, journal
from fancoins.ledger import COIN, TransferRequest, chart
from fancoins.ledger.chain import (
    GENESIS,
    LEDGER_TAG,
    body_digest,
    link_hash,
    transfer_record,
)
from fancoins.operator.service import operator
from tests.journal.books import BUYER, demo_books

runner = CliRunner()
HEAD = re.compile(r"^head: (fch1;\S+)$", re.M)


def verify(url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["verify", "--database-url", url, *args],
                           env={"COLUMNS": "250"})
    return result.exit_code, result.output


def head_of(url: str) -> str:
    code, output = verify(url, "--head")
    assert code == 0, output
    found = HEAD.search(output)
    assert found is not None, output
    return found.group(1)


def books(url: str, tmp_path: Path) -> None:
    async def build() -> None:
        async with demo_books(url, tmp_path):
            pass

    asyncio.run(build())


def on_engine(url: str, work: object) -> None:
    async def run() -> None:
        engine = create_engine(url)
        try:
            await work(engine)  # type: ignore[operator]
        finally:
            await engine.dispose()

    asyncio.run(run())


async def _grant(engine: AsyncEngine) -> None:
    async with unit(engine) as uow:
        await operator.adjust_coins(uow, actor="ops", user_id=BUYER, amount_coins=7,
                                    reason="later activity", idempotency_key="later-grant")


async def _sweep(engine: AsyncEngine) -> None:
    """A platform-internal transfer no business record vouches for (only the chain does)."""
    async with unit_of_work(engine) as connection:
        await journal.open_accounts(connection, [AccountSpec("platform:float", COIN, "x")])
        await journal.record(connection, [TransferRequest(
            id=new_id(), code="sweep", debit_account_id="platform:float",
            credit_account_id=chart.COINS_SPENT, asset=COIN, amount=10)],
            idempotency_key="sweep")


async def _rewrite_and_rehash(engine: AsyncEngine) -> None:
    """Change the sweep's amount (and both totals), then re-link every lane."""
    async with engine.begin() as connection:
        sweep = (await connection.execute(select(t).where(t.c.code == "sweep"))).one()
        await connection.execute(update(t).where(t.c.id == sweep.id)
                                 .values(amount=t.c.amount + 5))
        await connection.execute(update(a).where(a.c.id == sweep.debit_account_id)
                                 .values(debits_posted=a.c.debits_posted + 5))
        await connection.execute(update(a).where(a.c.id == sweep.credit_account_id)
                                 .values(credits_posted=a.c.credits_posted + 5))
        await _rehash(connection)


async def _rehash(connection: object) -> None:
    links = (await connection.execute(  # type: ignore[attr-defined]
        select(ledger_links).order_by(ledger_links.c.lane, ledger_links.c.seq))).all()
    prev: dict[int, str] = {}
    for link in links:
        rows = (await connection.execute(select(  # type: ignore[attr-defined]
            t.c.id, t.c.debit_account_id, t.c.credit_account_id, t.c.asset, t.c.amount,
            t.c.code, json_as_text(t.c.user_data).label("ud"), t.c.flags, t.c.pending_id,
            t.c.timeout_s, t.c.expires_at_ms, t.c.operation_id, t.c.created_at_ms,
        ).where(t.c.chain_lane == link.lane, t.c.chain_seq == link.seq).order_by(t.c.id))).all()
        body = body_digest(transfer_record(*r) for r in rows)
        before = prev.get(link.lane, GENESIS)
        prev[link.lane] = link_hash(LEDGER_TAG, link.lane, link.seq, len(rows), before, body)
        await connection.execute(  # type: ignore[attr-defined]
            update(ledger_links).where(ledger_links.c.lane == link.lane,
                                       ledger_links.c.seq == link.seq)
            .values(prev_hash=before, hash=prev[link.lane]))
    for lane, last in prev.items():
        await connection.execute(update(chain_heads).where(  # type: ignore[attr-defined]
            chain_heads.c.chain == "ledger", chain_heads.c.lane == lane).values(hash=last))


async def _cut_newest_link(engine: AsyncEngine) -> None:
    """Remove the newest ledger link and its transfers, totals and head made to match."""
    async with engine.begin() as connection:
        lane, seq = (await connection.execute(
            select(ledger_links.c.lane, ledger_links.c.seq)
            .order_by(ledger_links.c.created_at_ms.desc(), ledger_links.c.seq.desc())
            .limit(1))).one()
        for row in (await connection.execute(
                select(t).where(t.c.chain_lane == lane, t.c.chain_seq == seq))).all():
            await connection.execute(update(a).where(a.c.id == row.debit_account_id)
                                     .values(debits_posted=a.c.debits_posted - row.amount))
            await connection.execute(update(a).where(a.c.id == row.credit_account_id)
                                     .values(credits_posted=a.c.credits_posted - row.amount))
        await connection.execute(delete(t).where(t.c.chain_lane == lane, t.c.chain_seq == seq))
        await connection.execute(delete(ledger_links).where(ledger_links.c.lane == lane,
                                                            ledger_links.c.seq == seq))
        previous = (await connection.execute(
            select(ledger_links.c.seq, ledger_links.c.hash).where(ledger_links.c.lane == lane)
            .order_by(ledger_links.c.seq.desc()).limit(1))).first()
        await connection.execute(update(chain_heads).where(
            chain_heads.c.chain == "ledger", chain_heads.c.lane == lane).values(
            seq=previous.seq if previous else 0, hash=previous.hash if previous else GENESIS))


def test_head_then_expect_head(database_url: str, tmp_path: Path) -> None:
    books(database_url, tmp_path)
    code, output = verify(database_url, "--head")
    assert code == 0, output
    assert re.search(r"^position: .*ledger lane 0 at \d+", output, re.M), output
    stored = head_of(database_url)
    assert verify(database_url, "--expect-head", stored)[0] == 0
    # History only grows: the old head still holds, and the head moves on.
    on_engine(database_url, _grant)
    assert verify(database_url, "--expect-head", stored)[0] == 0
    assert head_of(database_url) != stored


def test_history_rewritten_and_rehashed_fails_the_stored_head(database_url: str,
                                                             tmp_path: Path) -> None:
    books(database_url, tmp_path)
    on_engine(database_url, _sweep)
    stored = head_of(database_url)
    on_engine(database_url, _rewrite_and_rehash)
    code, output = verify(database_url)
    assert code == 0, output  # a whole chain again: only the stored head can tell
    code, output = verify(database_url, "--expect-head", stored)
    assert code == 1, output
    assert "differs from the expected head" in output
    assert re.search(r"ledger/\d+/\d+", output)


def test_newest_links_cut_fails_the_stored_head(database_url: str, tmp_path: Path) -> None:
    books(database_url, tmp_path)
    on_engine(database_url, _grant)  # the newest link: a plain grant
    stored = head_of(database_url)
    on_engine(database_url, _cut_newest_link)
    assert verify(database_url)[0] in (0, 1)  # the cut may also orphan business records
    code, output = verify(database_url, "--expect-head", stored)
    assert code == 1, output
    assert "the link the expected head names is gone" in output


def test_a_rewritten_head_row_fails(database_url: str, tmp_path: Path) -> None:
    books(database_url, tmp_path)

    async def rewind(engine: AsyncEngine) -> None:
        async with engine.begin() as connection:
            await connection.execute(update(chain_heads).where(
                chain_heads.c.chain == "ledger", chain_heads.c.lane == 0)
                .values(seq=chain_heads.c.seq - 1))

    on_engine(database_url, rewind)
    code, output = verify(database_url)
    assert code == 1, output
    assert "a head was rewritten" in output


def test_an_unreadable_head_is_refused(database_url: str, tmp_path: Path) -> None:
    del tmp_path
    code, output = verify(database_url, "--expect-head", "not-a-head")
    assert code == 2
    assert "--expect-head" in output


def test_links_are_counted(database_url: str, tmp_path: Path) -> None:
    books(database_url, tmp_path)

    async def count(engine: AsyncEngine) -> None:
        async with engine.connect() as connection:
            links = (await connection.execute(select(func.count()).select_from(ledger_links)))
            assert links.scalar_one() > 0

    on_engine(database_url, count)
    code, output = verify(database_url)
    assert code == 0 and "ledger links:" in output
