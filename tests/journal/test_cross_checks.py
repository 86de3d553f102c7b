"""`verify` holds every business record to its ledger legs and names the record that is off:
purchases (coins, fee, tax, net, gross), gifts (coin leg, the batch's diamond credit),
withdrawals (pending, posted or voided holds), promotions (hold, charges, return) and
operator adjustments (their audit entries). Each test edits one record the way someone with
write access to the database could; the ledger itself (balances, chain) stays whole."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, update

from fancoins.db.engine import unit_of_work
from fancoins.db.tables import audit_log
from fancoins.db.tables.gifts import gifts
from fancoins.db.tables.payouts import withdrawals
from fancoins.db.tables.promotions import promotion_deliveries, promotions
from fancoins.db.tables.purchases import purchases
from fancoins.ids import new_id
from fancoins.journal.service import journal
from fancoins.journal.verify import Finding, Severity
from fancoins.ledger import COIN, TransferRequest, chart
from fancoins.proof import Proof
from tests.journal.books import BUYER, Books, demo_books


def _errors(proof: Proof) -> list[Finding]:
    return [f for f in proof.findings if f.severity is Severity.ERROR]


def _named(proof: Proof, check: str, subject: str) -> Finding:
    found = [f for f in _errors(proof) if (f.check, f.subject) == (check, subject)]
    assert found, proof.findings
    return found[0]


def _only(proof: Proof, *checks: str) -> None:
    """The ledger itself is whole: every error is one of the cross-checks named."""
    assert not proof.ok
    assert {f.check for f in _errors(proof)} <= set(checks), proof.findings


async def _edit(books: Books, *statements: Any) -> Proof:
    async with books.engine.begin() as connection:
        for statement in statements:
            await connection.execute(statement)
    return await books.prove()


async def _one(books: Books, query: Any) -> Any:
    async with books.engine.connect() as connection:
        return (await connection.execute(query)).first()


async def test_purchase_coins_and_gross(database_url: str, tmp_path: Path) -> None:
    async with demo_books(database_url, tmp_path) as books:
        p = purchases.c
        proof = await _edit(books, update(purchases).where(p.id == books.purchase_id)
                            .values(coins=p.coins + 100, gross_minor=p.gross_minor + 1))
    _only(proof, "purchase")
    detail = _named(proof, "purchase", f"purchase:{books.purchase_id}").detail
    assert "coins 600 on the purchase, 500 in the ledger" in detail
    assert "not the gross" in detail


async def test_purchase_fee_moved_to_net(database_url: str, tmp_path: Path) -> None:
    """The gross still adds up; the split no longer matches the money legs."""
    async with demo_books(database_url, tmp_path) as books:
        p = purchases.c
        proof = await _edit(books, update(purchases).where(p.id == books.purchase_id).values(
            store_fee_minor=p.store_fee_minor - 10, net_minor=p.net_minor + 10))
    _only(proof, "purchase")
    detail = _named(proof, "purchase", f"purchase:{books.purchase_id}").detail
    assert "store fee" in detail and "net" in detail


async def test_purchase_row_gone_leaves_its_legs(database_url: str, tmp_path: Path) -> None:
    async with demo_books(database_url, tmp_path) as books:
        proof = await _edit(books, delete(purchases).where(purchases.c.id == books.purchase_id))
    _only(proof, "purchase")
    assert "does not exist" in _named(proof, "purchase", f"purchase:{books.purchase_id}").detail


async def test_fulfilled_purchase_without_legs(database_url: str, tmp_path: Path) -> None:
    async with demo_books(database_url, tmp_path) as books:
        row = dict((await _one(books, select(purchases).where(
            purchases.c.id == books.purchase_id)))._mapping)
        forged = new_id()
        async with books.engine.begin() as connection:
            await connection.execute(purchases.insert().values(
                {**row, "id": forged, "provider_ref": "forged"}))
        proof = await books.prove()
    _only(proof, "purchase")
    assert "no ledger leg" in _named(proof, "purchase", f"purchase:{forged}").detail


async def test_gift_coins_edited(database_url: str, tmp_path: Path) -> None:
    async with demo_books(database_url, tmp_path) as books:
        gift = await _one(books, select(gifts.c.id, gifts.c.coins).order_by(gifts.c.id))
        proof = await _edit(books, update(gifts).where(gifts.c.id == gift.id)
                            .values(coins=gift.coins + 1, diamonds=gifts.c.diamonds + 1))
    _only(proof, "gift")
    assert f"{gift.coins + 1} coins" in _named(proof, "gift", f"gift:{gift.id}").detail
    assert any("diamonds" in f.detail for f in _errors(proof) if f.check == "gift")


async def test_gift_credited_to_someone_else(database_url: str, tmp_path: Path) -> None:
    async with demo_books(database_url, tmp_path) as books:
        gift = await _one(books, select(gifts.c.id).order_by(gifts.c.id))
        proof = await _edit(books, update(gifts).where(gifts.c.id == gift.id)
                            .values(recipient_id="leo"))
    _only(proof, "gift")
    subjects = {f.subject for f in _errors(proof)}
    assert any(s.endswith(" user:leo:diamonds") for s in subjects)
    assert any(s.endswith(" user:maya:diamonds") for s in subjects)


async def test_gift_row_gone_leaves_its_legs(database_url: str, tmp_path: Path) -> None:
    async with demo_books(database_url, tmp_path) as books:
        gift = await _one(books, select(gifts.c.id).order_by(gifts.c.id))
        proof = await _edit(books, delete(gifts).where(gifts.c.id == gift.id))
    _only(proof, "gift")
    assert "whose gift does not exist" in _named(proof, "gift", str(gift.id)).detail


async def test_withdrawal_amount_edited(database_url: str, tmp_path: Path) -> None:
    async with demo_books(database_url, tmp_path) as books:
        w = withdrawals.c
        proof = await _edit(books, update(withdrawals).where(w.id == books.open_withdrawal_id)
                            .values(amount_minor=w.amount_minor + 1))
    _only(proof, "withdrawal")
    _named(proof, "withdrawal", f"withdrawal:{books.open_withdrawal_id}")


async def test_rejected_withdrawal_marked_paid(database_url: str, tmp_path: Path) -> None:
    async with demo_books(database_url, tmp_path) as books:
        proof = await _edit(books, update(withdrawals).where(
            withdrawals.c.id == books.rejected_withdrawal_id).values(status="paid"))
    _only(proof, "withdrawal")
    detail = _named(proof, "withdrawal", f"withdrawal:{books.rejected_withdrawal_id}").detail
    assert "voided" in detail


async def test_promotion_totals_edited(database_url: str, tmp_path: Path) -> None:
    async with demo_books(database_url, tmp_path) as books:
        p = promotions.c
        proof = await _edit(books, update(promotions).where(p.id == books.promotion_id).values(
            charged_coins=p.charged_coins - 50, returned_coins=p.returned_coins + 50))
    _only(proof, "promotion")
    detail = _named(proof, "promotion", f"promotion:{books.promotion_id}").detail
    assert "charged 150 on record, 200 in the ledger" in detail
    assert "returned 450 on record, 400 in the ledger" in detail


async def test_delivery_charge_edited(database_url: str, tmp_path: Path) -> None:
    async with demo_books(database_url, tmp_path) as books:
        d = promotion_deliveries.c
        delivery = await _one(books, select(d.id).order_by(d.id))
        proof = await _edit(books, update(promotion_deliveries).where(d.id == delivery.id)
                            .values(charged_coins=d.charged_coins + 1))
    _only(proof, "promotion")
    _named(proof, "promotion", f"delivery:{delivery.id}")


async def test_adjustment_without_its_audit_entry(database_url: str, tmp_path: Path) -> None:
    async with demo_books(database_url, tmp_path) as books:
        entry = await _one(books, select(audit_log.c.id, audit_log.c.data)
                           .where(audit_log.c.action == "coins.adjusted")
                           .order_by(audit_log.c.chain_seq.desc()))
        proof = await _edit(books, delete(audit_log).where(audit_log.c.id == entry.id))
    _only(proof, "adjustment", "chain", "head")
    assert "without an audit entry" in _named(
        proof, "adjustment", entry.data["transfer_id"]).detail


async def test_coins_granted_around_the_operator(database_url: str, tmp_path: Path) -> None:
    """A grant recorded in the ledger with no audited operator action behind it."""
    async with demo_books(database_url, tmp_path) as books:
        grant = TransferRequest(id=new_id(), code="operator_grant",
                                debit_account_id=chart.COINS_ISSUED,
                                credit_account_id=chart.user_coins(BUYER), asset=COIN,
                                amount=1_000)
        async with unit_of_work(books.engine) as connection:
            await journal.record(connection, [grant], idempotency_key=str(uuid.uuid4()))
        proof = await books.prove()
    _only(proof, "adjustment")
    assert "without an audit entry" in _named(proof, "adjustment", str(grant.id)).detail


async def test_the_economy_view_gives_the_same_proof(database_url: str, tmp_path: Path) -> None:
    async with demo_books(database_url, tmp_path) as books:
        admin = books.auth("ops", "admin")
        whole = await books.client.get("/v1/admin/economy", headers=admin)
        assert whole.status_code == 200, whole.text
        assert whole.json()["verify"]["ok"] is True
        await _edit(books, update(purchases).where(purchases.c.id == books.purchase_id)
                    .values(coins=purchases.c.coins + 1))
        answer = await books.client.get("/v1/admin/economy", headers=admin)
    verify = answer.json()["verify"]
    assert verify["ok"] is False
    assert {(f["check"], f["subject"]) for f in verify["findings"]} == {
        ("purchase", f"purchase:{books.purchase_id}")}
