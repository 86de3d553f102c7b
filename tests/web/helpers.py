"""What the web tests share: demo data, ledger reads straight from the tables, verify."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.db.engine import unit_of_work
from fancoins.db.tables.ledger import ledger_accounts
from fancoins.journal.verify import verify
from fancoins.ledger import chart

# The demo grants (fancoins.demo) and the demo gifts (fancoins.gifts.demo), in coins.
DEMO_GRANTS_COINS = 5_000 + 1_200 + 300
DEMO_GIFTS_COINS = 10 * 1 + 3 * 5 + 25 + 5 * 1 + 500
DEMO_GIFTS_SENT = 5


async def ledger_balance(engine: AsyncEngine, account_id: str) -> int:
    """Posted balance of one account, read from the ledger table itself."""
    async with engine.connect() as connection:
        row = (await connection.execute(
            select(ledger_accounts).where(ledger_accounts.c.id == account_id))).first()
    return 0 if row is None else int(row.credits_posted - row.debits_posted)


async def coins_of(engine: AsyncEngine, user_id: str) -> int:
    return await ledger_balance(engine, chart.user_coins(user_id))


async def assert_verified(engine: AsyncEngine) -> None:
    async with unit_of_work(engine) as connection:
        report = await verify(connection)
    assert report.ok, report.findings
