"""Refund abuse: a buyer who refunds or charges back what they bought keeps what they spent
the coins on. Each refund or chargeback is counted once (by the claim recording the store's
id of it); enough of them within the window block buying for a while: a ban of scope
"buying" whose reason names the refunds and whose expiry is the block's end. The user reads
it in their status, the operator in the user's restrictions, and lifts it like any other
(audited).

Purchases call `count` where a store's claim is applied, in the transaction that applies it
(a bare connection): a reversal of a refund is not counted."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.config import Settings
from fancoins.economy.restrictions import RestrictionScope
from fancoins.kit.clock import MS_PER_DAY, MS_PER_SECOND, now_ms
from fancoins.safety import repository
from fancoins.safety.restrictions import Restriction, restrictions

ACTOR = "system:refund-abuse"
SOURCE = "refund_abuse"


@dataclass(frozen=True, slots=True)
class RefundAbusePolicy:
    refunds_max: int  # 0: refunds never block buying
    window_s: int
    block_s: int

    @classmethod
    def of(cls, settings: Settings) -> RefundAbusePolicy:
        return cls(settings.safety.refund_abuse_refunds_max, settings.safety.refund_abuse_window_s,
                   settings.safety.refund_abuse_block_s)


def _reason(refunds: int, window_s: int) -> str:
    days = max(1, window_s * MS_PER_SECOND // MS_PER_DAY)
    return f"{refunds} refunds or chargebacks of purchases within {days} days"


class RefundAbuseService:
    async def count(
        self, connection: AsyncConnection, policy: RefundAbusePolicy, *, claim_id: uuid.UUID,
        user_id: str, purchase_id: str, kind: str,
    ) -> Restriction | None:
        """Count a refund or chargeback once, by the claim that records the store's refund
        (a store re-sending it, a later step of the same claim, or the same refund again after
        a reversal is not counted again); when it makes `refunds_max` within the window and
        no such block is in force already, block buying for `block_s`. Returns the new
        restriction, if any."""
        at_ms = now_ms()
        counted = await repository.insert_refund_mark(connection, {
            "id": claim_id.hex, "user_id": user_id,
            "purchase_id": purchase_id, "kind": kind, "at_ms": at_ms})
        if not counted or policy.refunds_max == 0:
            return None
        # Refunds counted towards an earlier block (even one the operator lifted) are not
        # counted again: after a block, it takes `refunds_max` new ones.
        since_ms = at_ms - policy.window_s * MS_PER_SECOND
        blocks = [r for r in await restrictions.history(connection, user_id)
                  if r.source == SOURCE]
        if blocks:
            since_ms = max(since_ms, blocks[0].created_at_ms + 1)
        refunds = await repository.refunds_since(connection, user_id, since_ms)
        if refunds < policy.refunds_max:
            return None
        return await restrictions.ban_within(
            connection, user_id=user_id, scope=RestrictionScope.BUYING,
            reason=_reason(refunds, policy.window_s),
            until_ms=at_ms + policy.block_s * MS_PER_SECOND, actor=ACTOR, source=SOURCE)


refund_abuse = RefundAbuseService()
