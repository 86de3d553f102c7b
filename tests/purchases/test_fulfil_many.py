"""`fulfil_store_many`: many verified store purchases fulfilled together answer exactly as
`fulfil_store` answers them one at a time (replays, the buyer's rules, the platform's caps
counted with the purchases before it in the same call, a buyer's own buying limit, a claim
that arrived before its purchase), and the ledger they leave passes `verify`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.config import Settings
from fancoins.db.engine import unit_of_work
from fancoins.db.tables.ledger import ledger_transfers
from fancoins.db.uow import unit
from fancoins.economy.limits import LimitSet, SpendLimits
from fancoins.identity.service import users
from fancoins.journal.verify import verify
from fancoins.kit.errors import FancoinsError
from fancoins.ledger import chart
from fancoins.purchases.claims import ClaimEvent, claims
from fancoins.purchases.service import PurchaseResult, StorePurchase, purchases
from fancoins.purchases.states import Claim, ClaimKind
from fancoins.safety.limits import Holder, Kind, limit_sets
from fancoins.safety.restrictions import RestrictionScope, restrictions
from tests.support.api import settings_for

ADULT, CHILD = dt.date(1990, 1, 1), dt.date(2016, 1, 1)
# The platform's daily cap in USD is $1,000; ten thousand coins on iOS cost $134.99.
BIG, MEDIUM, SMALL = 10000, 5000, 500


def bought(user_id: str, coins: int, ref: str) -> StorePurchase:
    return StorePurchase(user_id=user_id, provider="apple", channel="ios", provider_ref=ref,
                         payment_ref=ref, product_id=f"coins.{coins}", package_coins=coins,
                         quantity=1, environment="Sandbox", charge=None)


def calls(p: str) -> list[StorePurchase]:
    """One call's purchases, for the users prefixed `p`; the same for both paths."""
    whale = [bought(f"{p}whale", BIG, f"{p}w{i}") for i in range(8)]  # the 8th passes the cap
    return [
        bought(f"{p}adult", SMALL, f"{p}before"),  # fulfilled by an earlier call: a replay
        *whale,
        bought(f"{p}whale", MEDIUM, f"{p}w-medium"),  # still past the cap
        bought(f"{p}whale", SMALL, f"{p}w-small"),  # fits under it
        bought(f"{p}adult", SMALL, f"{p}a1"),
        bought(f"{p}adult", SMALL, f"{p}a1"),  # named twice in the call
        bought(f"{p}child", SMALL, f"{p}c1"),
        bought(f"{p}frozen", SMALL, f"{p}f1"),
        bought(f"{p}nobody", SMALL, f"{p}n1"),
        bought(f"{p}limited", SMALL, f"{p}l1"),  # within their own daily buying limit
        bought(f"{p}limited", MEDIUM, f"{p}l2"),  # past it
        bought(f"{p}adult", SMALL, f"{p}revoked"),  # Apple revoked it before it arrived
    ]


async def _users(engine: AsyncEngine, p: str) -> None:
    async with unit(engine) as uow:
        for name in ("adult", "whale", "frozen", "limited"):
            await users.upsert(uow, f"{p}{name}", display_name=name, country="US",
                               birth_date=ADULT)
        await users.upsert(uow, f"{p}child", display_name="child", country="US",
                           birth_date=CHILD)
        await restrictions.restrict(uow, user_id=f"{p}frozen", scope=RestrictionScope.ALL,
                                    reason="frozen by the test", until_ms=None, actor="test")
        await limit_sets.put(uow, user_id=f"{p}limited", holder=Holder.SELF, kind=Kind.BUY,
                             requested=LimitSet(SpendLimits(daily_coins=2000), "USD"),
                             actor=f"{p}limited", cooling_off_s=0)
    async with unit(engine) as uow:
        connection = await uow.connect()
        await claims.record(connection, ClaimEvent("apple", f"{p}revoked", None, Claim(
            "revocation", ClaimKind.REVOCATION, None, claimed=True, reversal_seen=False)))
        await purchases.fulfil_store(connection, uow, _settings(engine),
                                     bought(f"{p}adult", SMALL, f"{p}before"))


def _settings(engine: AsyncEngine) -> Settings:
    return settings_for(engine.url.render_as_string(hide_password=False))


def _seen(answer: PurchaseResult | FancoinsError) -> tuple[Any, ...]:
    """What an answer says, without what differs between any two purchases (ids, refs)."""
    if isinstance(answer, FancoinsError):
        return ("refused", answer.slug, answer.body().get("window"))
    row = answer.purchase
    return ("bought", answer.replayed, row.user_id[1:], row.coins, row.gross_minor,
            row.currency, row.status, row.coins_clawed_back, row.gross_refunded_minor)


async def _one_at_a_time(engine: AsyncEngine, items: list[StorePurchase]
                         ) -> list[PurchaseResult | FancoinsError]:
    answers: list[PurchaseResult | FancoinsError] = []
    async with unit(engine) as uow:
        connection = await uow.connect()
        for item in items:
            try:
                async with connection.begin_nested():
                    answers.append(await purchases.fulfil_store(connection, uow,
                                                                _settings(engine), item))
            except FancoinsError as refused:
                answers.append(refused)
    return answers


async def _together(engine: AsyncEngine, items: list[StorePurchase]
                    ) -> list[PurchaseResult | FancoinsError]:
    async with unit(engine) as uow:
        return await purchases.fulfil_store_many(await uow.connect(), _settings(engine), items)


async def _coins(engine: AsyncEngine, user_id: str) -> int:
    async with unit_of_work(engine) as connection:
        return await _balance(connection, chart.user_coins(user_id))


async def _balance(connection: Any, account_id: str) -> int:
    from fancoins.db.tables.ledger import ledger_accounts

    row = (await connection.execute(select(ledger_accounts).where(
        ledger_accounts.c.id == account_id))).first()
    return 0 if row is None else int(row.credits_posted - row.debits_posted)


async def test_together_answers_as_one_at_a_time(engine: AsyncEngine) -> None:
    await _users(engine, "a")
    await _users(engine, "b")
    single = await _one_at_a_time(engine, calls("a"))
    many = await _together(engine, calls("b"))
    assert [_seen(a) for a in many] == [_seen(a) for a in single]
    seen = [_seen(a) for a in many]
    # What the call was about, spelled out.
    assert seen[0][:2] == ("bought", True)  # the earlier purchase, replayed
    assert [s[0] for s in seen[1:8]] == ["bought"] * 7
    assert seen[8] == seen[9] == ("refused", "purchase-cap-exceeded", "daily")
    assert seen[10][:2] == ("bought", False) and seen[11][:2] == ("bought", False)
    assert seen[12][:2] == ("bought", True)  # the same store id again
    assert [s[1] for s in seen[13:16]] == ["age-restricted", "account-frozen",
                                           "user-not-found"]
    assert seen[16][:2] == ("bought", False)
    assert seen[17][:2] == ("refused", "spending-limit-exceeded")
    assert seen[18][6:9] == ("refunded", SMALL, 649)  # clawed back in the same commit
    for who in ("adult", "whale", "limited"):
        assert await _coins(engine, f"b{who}") == await _coins(engine, f"a{who}") > 0
    async with unit_of_work(engine) as connection:
        report = await verify(connection)
        assert report.ok, report.findings
        # Each purchase's legs under its own operation, as `verify` finds them.
        together = [a.purchase.id for a in many
                    if isinstance(a, PurchaseResult) and not a.replayed]
        operations = (await connection.execute(
            select(func.count(func.distinct(ledger_transfers.c.operation_id))).where(
                ledger_transfers.c.operation_id.in_([f"purchase:{i}" for i in together]))
        )).scalar_one()
        assert operations == len(together) == 11


async def test_a_second_call_with_the_same_purchases_replays_them(engine: AsyncEngine) -> None:
    await _users(engine, "a")
    first = await _together(engine, calls("a"))
    again = await _together(engine, calls("a"))
    assert [_seen(a)[2:] for a in again if isinstance(a, PurchaseResult)] == \
        [_seen(a)[2:] for a in first if isinstance(a, PurchaseResult)]
    assert all(a.replayed for a in again if isinstance(a, PurchaseResult))
    coins = await _coins(engine, "awhale")
    assert coins == 7 * BIG + SMALL
    async with unit_of_work(engine) as connection:
        assert (await verify(connection)).ok
