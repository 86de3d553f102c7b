"""Revision 0006 on a database that already holds purchases and claw-backs: the quote is kept
beside the booked money, and each earlier claw-back becomes an applied claim (so a reversal
arriving after the upgrade finds what it reverses). Down and up again keep the purchases."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Uuid, column, insert, table, text

from fancoins.db.engine import create_engine
from fancoins.db.migrate import downgrade, upgrade
from tests.conftest import _admin
from tests.support.servers import PostgresServer

APPLE_ID, STRIPE_ID = uuid.uuid4(), uuid.uuid4()
UUID_COLUMNS = frozenset({"id", "purchase_id"})


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"
    server: PostgresServer = request.getfixturevalue("pg_server")
    name = f"migration6_{uuid.uuid4().hex[:10]}"
    _admin(server, f"CREATE DATABASE {name}")
    return server.url(name)


def _purchase(purchase_id: uuid.UUID, provider: str, ref: str, payment_ref: str,
              clawed: int, refunded: int) -> dict[str, Any]:
    return {
        "id": purchase_id, "user_id": "ann", "provider": provider, "channel": "ios",
        "provider_ref": ref, "payment_ref": payment_ref, "product_id": "coins.500",
        "environment": None, "country": "US", "currency": "USD", "package_coins": 500,
        "quantity": 1, "coins": 500, "gross_minor": 649, "store_fee_minor": 195,
        "tax_minor": 0, "net_minor": 454, "status": "refunded", "coins_clawed_back": clawed,
        "gross_refunded_minor": refunded, "fee_refunded_minor": 0, "tax_refunded_minor": 0,
        "net_refunded_minor": refunded, "checkout_url": None, "created_at_ms": 1,
        "fulfilled_at_ms": 1,
    }


def _refund(purchase_id: uuid.UUID, provider: str, ref: str, gross: int) -> dict[str, Any]:
    return {"id": uuid.uuid4(), "purchase_id": purchase_id, "user_id": "ann",
            "provider": provider, "refund_ref": ref, "kind": "refund",
            "coins_clawed_back": gross * 500 // 649, "gross_minor": gross, "currency": "USD",
            "created_at_ms": 2}


async def _insert(url: str, inserts: list[tuple[str, list[dict[str, Any]]]]) -> None:
    """Rows into tables as revision 0005 made them (only the columns given)."""
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            for name, rows in inserts:
                columns = [column(key, Uuid() if key in UUID_COLUMNS else None)
                           for key in rows[0]]
                await connection.execute(insert(table(name, *columns)), rows)
    finally:
        await engine.dispose()


async def _rows(url: str, sql: str) -> list[Any]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return list((await connection.execute(text(sql))).all())
    finally:
        await engine.dispose()


def test_earlier_purchases_and_claw_backs_are_carried_over(empty_url: str) -> None:
    upgrade(empty_url, "0005")
    apple = _purchase(APPLE_ID, "apple", "t-1", "t-1", 500, 649)
    stripe = _purchase(STRIPE_ID, "stripe", "cs_1", "pi_1", 500, 649)
    refunds = [_refund(APPLE_ID, "apple", "revoke:t-1", 649),
               _refund(STRIPE_ID, "stripe", "refund:evt_1", 200),
               _refund(STRIPE_ID, "stripe", "refund:evt_2", 100),
               _refund(STRIPE_ID, "stripe", "dispute:dp_1", 349)]
    asyncio.run(_insert(empty_url, [("purchases", [apple, stripe]),
                                    ("purchase_refunds", refunds)]))
    upgrade(empty_url)
    quoted = asyncio.run(_rows(empty_url, "SELECT revenue_source, quoted_currency, "
                                          "quoted_gross_minor, price_mismatch FROM purchases"))
    assert {tuple(r) for r in quoted} == {("quoted", "USD", 649, False)}
    claims = asyncio.run(_rows(empty_url, "SELECT provider, purchase_ref, claim_ref, kind, "
                                          "amount_minor, applied FROM purchase_claims"))
    assert sorted(tuple(r) for r in claims) == [
        ("apple", "t-1", "revocation", "revocation", None, True),
        ("stripe", "pi_1", "dispute:dp_1", "dispute", 349, True),
        ("stripe", "pi_1", "refunds", "refund", 300, True),
    ]
    linked = asyncio.run(_rows(empty_url, "SELECT count(*) FROM purchase_refunds "
                                          "WHERE claim_id IS NOT NULL AND net_minor = gross_minor"))
    assert linked[0][0] == 4
    downgrade(empty_url, "0005")
    assert asyncio.run(_rows(empty_url, "SELECT count(*) FROM purchase_refunds"))[0][0] == 4
    upgrade(empty_url)
    assert asyncio.run(_rows(empty_url, "SELECT count(*) FROM purchases"))[0][0] == 2
