"""The proof of the books, as `fancoins verify` and the operator's economy view give it.

Three parts, each a list of findings naming what is wrong:
1. the ledger alone (`journal.verify`): every balance recomputed from its transfers, every
   asset summing to zero, flags, pending transfers;
2. the hash chain (`journal.chain_verify`): every commit's link and every audit entry
   recomputed, the first broken link of each lane named, the heads checked, and optionally
   the books checked against a head exported earlier;
3. every business record against its legs (each domain's `reconcile`): purchases, gifts,
   withdrawals, promotions, operator adjustments.

The journal knows no domain; this module, above them all, is where they meet.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.gifts import reconcile as gifts
from fancoins.journal.chain_verify import check_chains
from fancoins.journal.verify import VerifyReport, verify
from fancoins.ledger.chain import ExpectedHead
from fancoins.operator import reconcile as adjustments
from fancoins.payouts import reconcile as withdrawals
from fancoins.promotions import reconcile as promotions
from fancoins.purchases import reconcile as purchases

Proof = VerifyReport
Reconcile = Callable[[AsyncConnection, VerifyReport], Awaitable[None]]

RECONCILES: tuple[Reconcile, ...] = (
    purchases.check, gifts.check, withdrawals.check, promotions.check, adjustments.check,
)


async def prove(connection: AsyncConnection, *,
                expected_head: ExpectedHead | None = None) -> Proof:
    """Everything `verify` checks, read in the caller's connection."""
    report = await verify(connection)
    await check_chains(connection, report, expected_head)
    for reconcile in RECONCILES:
        await reconcile(connection, report)
    return report
