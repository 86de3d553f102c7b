"""A database made before the hash chain: migration 0007 seals its rows, so the books still
verify as a whole, the seal is history like any other link, and new commits chain on."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update

from fancoins.db.engine import create_engine, unit_of_work
from fancoins.db.migrate import upgrade
from fancoins.db.tables import audit_log
from fancoins.db.tables.ledger import ledger_accounts, ledger_transfers
from fancoins.ids import new_id
from fancoins.journal.service import AccountSpec, journal
from fancoins.journal.verify import Severity
from fancoins.ledger import COIN, AccountFlags, TransferFlags, TransferRequest, chart
from fancoins.proof import Proof, prove
from tests.conftest import _admin
from tests.support.servers import PostgresServer

CHAIN_REVISION = "0007"
SEAL_CHUNK = 10_000  # the migration's: more old transfers than this make two sealed links
LEGACY_TRANSFERS = SEAL_CHUNK + 7
WALLET = chart.user_coins("old")
GRANT_COINS = 100


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    server: PostgresServer = request.getfixturevalue("pg_server")
    name = f"old_{uuid.uuid4().hex[:10]}"
    _admin(server, f"CREATE DATABASE {name}")
    return server.url(name)


async def _old_books(url: str) -> uuid.UUID:
    """Rows as the code before the chain wrote them: a wallet, an audited grant (JSON with
    non-ASCII text), an open hold, and enough small transfers to need two sealed links.
    Returns the grant's transfer id."""
    t, a = ledger_transfers.c, ledger_accounts.c
    grant_id = new_id()
    base = {"asset": COIN, "flags": 0, "timeout_s": 0, "created_at_ms": 1_700_000_000_000,
            "expires_at_ms": None, "pending_status": None}
    rows = [
        {**base, "id": grant_id, "debit_account_id": chart.COINS_ISSUED,
         "credit_account_id": WALLET, "amount": GRANT_COINS, "code": "operator_grant",
         "operation_id": "grant-1", "user_data": {"actor": "ops", "reason": "café ☕"}},
        {**base, "id": new_id(), "debit_account_id": WALLET,
         "credit_account_id": chart.COINS_SPENT, "amount": 10, "code": "promotion_hold_old",
         "flags": int(TransferFlags.PENDING), "timeout_s": 3600, "expires_at_ms": 1,
         "pending_status": "pending", "operation_id": None, "user_data": None},
        *({**base, "id": new_id(), "debit_account_id": chart.COINS_ISSUED,
           "credit_account_id": WALLET, "amount": 1, "code": "legacy", "operation_id": None,
           "user_data": None} for _ in range(LEGACY_TRANSFERS - 2)),
    ]
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(insert(ledger_accounts).values(
                id=WALLET, asset=COIN, flags=int(AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS),
                owner_user_id="old", kind="coins", debits_pending=10, debits_posted=0,
                credits_pending=0, credits_posted=GRANT_COINS + LEGACY_TRANSFERS - 2,
                created_at_ms=0))
            await connection.execute(
                update(ledger_accounts).where(a.id == chart.COINS_ISSUED)
                .values(debits_posted=GRANT_COINS + LEGACY_TRANSFERS - 2))
            await connection.execute(update(ledger_accounts).where(a.id == chart.COINS_SPENT)
                                     .values(credits_pending=10))
            await connection.execute(insert(ledger_transfers), rows)
            await connection.execute(insert(audit_log).values(
                id=new_id(), actor="ops", action="coins.adjusted", target="user:old",
                reason="welcome back", created_at_ms=1_700_000_000_001,
                data={"amount_coins": GRANT_COINS, "transfer_id": str(grant_id)}))
            assert (await connection.execute(select(t.id).limit(1))).first() is not None
    finally:
        await engine.dispose()
    return grant_id


async def _prove(url: str) -> Proof:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await prove(connection)
    finally:
        await engine.dispose()


async def _edit_and_continue(url: str, grant_id: uuid.UUID) -> tuple[Proof, Proof]:
    engine = create_engine(url)
    try:
        async with unit_of_work(engine) as connection:  # a new commit after the seal
            await journal.open_accounts(connection, [AccountSpec("platform:x", COIN, "x")])
            await journal.record(connection, [TransferRequest(
                id=new_id(), code="later", debit_account_id="platform:x",
                credit_account_id=chart.COINS_SPENT, asset=COIN, amount=3)],
                idempotency_key="after-the-seal")
        async with engine.connect() as connection:
            continued = await prove(connection)
        async with engine.begin() as connection:  # then someone edits a sealed row
            await connection.execute(update(ledger_transfers)
                                     .where(ledger_transfers.c.id == grant_id)
                                     .values(code="operator_gift"))
        async with engine.connect() as connection:
            edited = await prove(connection)
    finally:
        await engine.dispose()
    return continued, edited


def _before_the_chain() -> str:
    """The revision the chain's migration follows (wherever the history puts it)."""
    from alembic.script import ScriptDirectory

    from fancoins.db.migrate import alembic_config

    before = ScriptDirectory.from_config(alembic_config("sqlite://")).get_revision(
        CHAIN_REVISION).down_revision
    assert isinstance(before, str)
    return before


def test_rows_from_before_the_chain_are_sealed(empty_url: str) -> None:
    upgrade(empty_url, _before_the_chain())
    grant_id = asyncio.run(_old_books(empty_url))
    upgrade(empty_url)
    proof = asyncio.run(_prove(empty_url))
    assert proof.ok, proof.findings
    assert proof.transfers == LEGACY_TRANSFERS
    assert proof.links == {"ledger": 2, "audit": 1}  # 10,007 transfers: two sealed links
    continued, edited = asyncio.run(_edit_and_continue(empty_url, grant_id))
    assert continued.ok, continued.findings
    assert continued.links["ledger"] == 3
    errors = {(f.check, f.subject) for f in edited.findings if f.severity is Severity.ERROR}
    assert ("chain", "ledger/0/1") in errors  # the grant sorts first: the first sealed link
    # Its audit entry now names a transfer that is no adjustment.
    assert any(check == "adjustment" and subject.startswith("audit entry ")
               for check, subject in errors)
