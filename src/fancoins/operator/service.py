"""Audited operator actions. The ledger change and its audit entry commit together."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.identity.service import audit, users
from fancoins.ids import new_id
from fancoins.journal.service import journal
from fancoins.ledger import COIN, TransferRequest, chart

ADJUSTMENT_SCOPE = "operator_adjustment"


class ReasonRequired(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Adjustment:
    transfer_id: str
    user_id: str
    amount_coins: int
    replayed: bool


class OperatorService:
    async def adjust_coins(
        self, connection: AsyncConnection, *, actor: str, user_id: str, amount_coins: int,
        reason: str, idempotency_key: str,
    ) -> Adjustment:
        """Grant (positive) or remove (negative) coins, with a reason in the audit log.

        Raises `UserNotFound`, `GroupRejected` (e.g. removing more than the user holds),
        `IdempotencyConflict` or `ReasonRequired`.
        """
        if not reason.strip():
            raise ReasonRequired("an adjustment needs a reason")
        await users.get(connection, user_id)
        grant = amount_coins > 0
        wallet = chart.user_coins(user_id)
        request = TransferRequest(
            id=new_id(), code="operator_grant" if grant else "operator_removal",
            debit_account_id=chart.COINS_ISSUED if grant else wallet,
            credit_account_id=wallet if grant else chart.COINS_ISSUED,
            asset=COIN, amount=abs(amount_coins),
            user_data={"actor": actor, "reason": reason[:200]},
        )
        recorded = await journal.record(
            connection, [request], idempotency_key=idempotency_key, scope=ADJUSTMENT_SCOPE
        )
        if not recorded.replayed:
            await audit.record(
                connection, actor=actor, action="coins.adjusted", target=f"user:{user_id}",
                reason=reason, data={"amount_coins": amount_coins,
                                     "transfer_id": str(recorded.transfer_ids[0])},
            )
        return Adjustment(str(recorded.transfer_ids[0]), user_id, amount_coins, recorded.replayed)

    async def set_frozen(
        self, connection: AsyncConnection, *, actor: str, user_id: str, frozen: bool, reason: str
    ) -> None:
        if not reason.strip():
            raise ReasonRequired("freezing or unfreezing needs a reason")
        await users.update(connection, user_id, frozen=frozen)
        await audit.record(connection, actor=actor, action="user.frozen" if frozen else
                           "user.unfrozen", target=f"user:{user_id}", reason=reason)


operator = OperatorService()
