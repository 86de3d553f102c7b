"""Tampering with the books, every way someone with write access to the database could: each
is caught by `verify`, which names the first broken link of the chain; untouched books pass."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, update

from fancoins.db.tables import audit_log
from fancoins.db.tables.ledger import ledger_accounts as a
from fancoins.db.tables.ledger import ledger_transfers as t
from fancoins.ids import new_id
from fancoins.journal.verify import Finding, Severity
from fancoins.proof import Proof
from tests.journal.books import BUYER, Books, demo_books

CLI_TIMEOUT_S = 120


async def fancoins(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    """The CLI in its own process; this test's event loop (the app's) keeps running meanwhile,
    so whatever the app is doing with the database finishes."""
    env = {**os.environ, "FANCOINS_DATABASE_URL": database_url, "COLUMNS": "250"}
    return await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "fancoins.cli", *args], capture_output=True,
        text=True, env=env, timeout=CLI_TIMEOUT_S)


async def test_consistent_edit_of_a_purchase_is_caught(database_url: str,
                                                       tmp_path: Path) -> None:
    """N more coins on the purchase's coin leg AND on both accounts' posted totals: every
    balance still equals the sum of its transfers and every asset still sums to zero."""
    async with demo_books(database_url, tmp_path) as books:
        assert (await fancoins("verify", database_url=database_url)).returncode == 0
        await books.tamper(
            "UPDATE ledger_transfers SET amount = amount + 1000"
            " WHERE operation_id = :op AND code = 'purchase'",
            f"UPDATE ledger_accounts SET credits_posted = credits_posted + 1000"
            f" WHERE id = 'user:{BUYER}:coins'",
            "UPDATE ledger_accounts SET debits_posted = debits_posted + 1000"
            " WHERE id = 'platform:coins_issued'",
            op=f"purchase:{books.purchase_id}",
        )
        tampered = await fancoins("verify", database_url=database_url)
        assert tampered.returncode == 1, tampered.stdout + tampered.stderr
        assert "FAILED" in tampered.stdout
        linked = await _link_of_operation(books, f"purchase:{books.purchase_id}", "purchase")
    assert f"ledger/{linked[0]}/{linked[1]}" in tampered.stdout, tampered.stdout


# --- every kind of tampering, through the proof itself ---------------------------------------


def _errors(proof: Proof) -> set[tuple[str, str]]:
    return {(f.check, f.subject) for f in proof.findings if f.severity is Severity.ERROR}


def _chain_errors(proof: Proof) -> list[Finding]:
    return [f for f in proof.findings if f.check == "chain" and f.severity is Severity.ERROR]


async def _link_of(books: Books, transfer_id: uuid.UUID) -> tuple[int, int]:
    async with books.engine.connect() as connection:
        row = (await connection.execute(select(t.c.chain_lane, t.c.chain_seq)
                                        .where(t.c.id == transfer_id))).one()
    return int(row.chain_lane), int(row.chain_seq)


async def _link_of_operation(books: Books, operation_id: str, code: str) -> tuple[int, int]:
    return await _link_of(books, await _transfer(books, operation_id, code))


async def _transfer(books: Books, operation_id: str, code: str) -> uuid.UUID:
    async with books.engine.connect() as connection:
        found = (await connection.execute(select(t.c.id).where(
            t.c.operation_id == operation_id, t.c.code == code))).scalar_one()
    return uuid.UUID(str(found))


async def _gift_transfer(books: Books) -> uuid.UUID:
    async with books.engine.connect() as connection:
        found = (await connection.execute(select(t.c.id).where(t.c.code == "gift_sent")
                                          .order_by(t.c.id).limit(1))).scalar_one()
    return uuid.UUID(str(found))


async def _shift_totals(books: Books, debit: str, credit: str, amount: int) -> Any:
    """Statements that keep both accounts equal to their transfers after a tampered one."""
    return [
        update(a).where(a.c.id == debit).values(debits_posted=a.c.debits_posted + amount),
        update(a).where(a.c.id == credit).values(credits_posted=a.c.credits_posted + amount),
    ]


async def _run(books: Books, *statements: Any) -> None:
    async with books.engine.begin() as connection:
        for statement in statements:
            await connection.execute(statement)


async def _row(books: Books, transfer_id: uuid.UUID) -> dict[str, Any]:
    async with books.engine.connect() as connection:
        return dict((await connection.execute(
            select(t).where(t.c.id == transfer_id))).mappings().one())


def _names_link(proof: Proof, link: tuple[int, int], chain: str = "ledger") -> None:
    assert not proof.ok
    assert ("chain", f"{chain}/{link[0]}/{link[1]}") in _errors(proof), proof.findings
    assert "first broken link" in next(
        f.detail for f in _chain_errors(proof) if f.subject == f"{chain}/{link[0]}/{link[1]}")


async def test_untouched_books_pass(database_url: str, tmp_path: Path) -> None:
    async with demo_books(database_url, tmp_path) as books:
        proof = await books.prove()
    assert proof.ok, proof.findings
    assert [f for f in proof.findings if f.severity is Severity.ERROR] == []
    assert proof.links["ledger"] > 5 and proof.links["audit"] >= 4
    assert proof.heads and all(h.seq > 0 for h in proof.heads)


async def test_transfer_amount_changed(database_url: str, tmp_path: Path) -> None:
    async with demo_books(database_url, tmp_path) as books:
        gift = await _gift_transfer(books)
        await _run(books, update(t).where(t.c.id == gift).values(amount=t.c.amount + 1))
        proof = await books.prove()
        _names_link(proof, await _link_of(books, gift))
    assert ("balance", f"user:{BUYER}:coins") in _errors(proof)


async def test_account_totals_changed(database_url: str, tmp_path: Path) -> None:
    async with demo_books(database_url, tmp_path) as books:
        await _run(books, update(a).where(a.c.id == f"user:{BUYER}:coins")
                   .values(credits_posted=a.c.credits_posted + 50))
        proof = await books.prove()
    assert not proof.ok
    assert {("balance", f"user:{BUYER}:coins"), ("zero_sum", "COIN")} <= _errors(proof)
    assert _chain_errors(proof) == []  # no transfer changed: the chain itself is whole


async def test_transfer_deleted_with_totals_made_to_match(database_url: str,
                                                          tmp_path: Path) -> None:
    async with demo_books(database_url, tmp_path) as books:
        gift = await _gift_transfer(books)
        row = await _row(books, gift)
        link = await _link_of(books, gift)
        await _run(books, delete(t).where(t.c.id == gift),
                   *await _shift_totals(books, row["debit_account_id"],
                                        row["credit_account_id"], -row["amount"]))
        proof = await books.prove()
    _names_link(proof, link)
    assert not any(check == "balance" for check, _ in _errors(proof))


async def test_transfer_inserted_with_totals_made_to_match(database_url: str,
                                                           tmp_path: Path) -> None:
    async with demo_books(database_url, tmp_path) as books:
        gift = await _gift_transfer(books)
        row = await _row(books, gift)
        await _run(books, insert(t).values({**row, "id": new_id()}),
                   *await _shift_totals(books, row["debit_account_id"],
                                        row["credit_account_id"], row["amount"]))
        proof = await books.prove()
        _names_link(proof, await _link_of(books, gift))
    assert not any(check == "balance" for check, _ in _errors(proof))


async def test_inserted_transfer_outside_any_link(database_url: str, tmp_path: Path) -> None:
    async with demo_books(database_url, tmp_path) as books:
        row = await _row(books, await _gift_transfer(books))
        forged = new_id()
        await _run(books, insert(t).values({**row, "id": forged, "chain_lane": None,
                                            "chain_seq": None}),
                   *await _shift_totals(books, row["debit_account_id"],
                                        row["credit_account_id"], row["amount"]))
        proof = await books.prove()
    assert ("chain", str(forged)) in _errors(proof)


async def test_two_transfers_swap_places(database_url: str, tmp_path: Path) -> None:
    """The purchase's coin leg and a gift's coin leg trade ids (so each sits in the other's
    link): every amount and balance is untouched."""
    async with demo_books(database_url, tmp_path) as books:
        first = await _transfer(books, f"purchase:{books.purchase_id}", "purchase")
        second = await _gift_transfer(books)
        links = {await _link_of(books, first), await _link_of(books, second)}
        parked = new_id()
        await _run(books, update(t).where(t.c.id == first).values(id=parked),
                   update(t).where(t.c.id == second).values(id=first),
                   update(t).where(t.c.id == parked).values(id=second))
        proof = await books.prove()
    assert not proof.ok
    named = {f.subject for f in _chain_errors(proof)}
    # Per lane the first broken link is named (the other, if in the same lane, is counted).
    assert named <= {f"ledger/{lane}/{seq}" for lane, seq in links}
    first_per_lane = {min(s for ln, s in links if ln == lane) for lane, _ in links}
    assert {int(n.split("/")[2]) for n in named} == first_per_lane


async def test_audit_entry_edited(database_url: str, tmp_path: Path) -> None:
    async with demo_books(database_url, tmp_path) as books:
        async with books.engine.connect() as connection:
            entry = (await connection.execute(
                select(audit_log.c.id, audit_log.c.chain_lane, audit_log.c.chain_seq)
                .where(audit_log.c.action == "coins.adjusted")
                .order_by(audit_log.c.chain_seq).limit(1))).one()
        await _run(books, update(audit_log).where(audit_log.c.id == entry.id)
                   .values(reason="nothing to see here"))
        proof = await books.prove()
    _names_link(proof, (entry.chain_lane, entry.chain_seq), chain="audit")
    assert len([f for f in _chain_errors(proof) if f.subject.startswith("audit/")]) == 1
