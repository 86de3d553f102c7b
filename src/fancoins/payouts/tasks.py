"""`payout.submit`: send requested (or approved) withdrawals to PayPal Payouts.

Each withdrawal is read in one short transaction, sent with no transaction open (a network
call never holds a lock), and its outcome written in another. A crash or timeout in between is
safe: the next run sends the same `sender_batch_id`, PayPal answers "duplicate" and names the
batch it already has, so nothing is paid twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.config import Settings
from fancoins.db.engine import read_only
from fancoins.db.uow import unit
from fancoins.payouts.service import Withdrawal, payouts
from fancoins.payouts.states import SUBMITTABLE
from fancoins.providers.errors import (
    ProviderRejected,
    ProviderUnavailable,
    ProviderVerificationError,
)
from fancoins.providers.paypal import PayoutBatch, PayoutBatchDuplicate, PayPalPayouts

PAYOUT_NOTE = "Your creator earnings"
BATCH_DENIED = "DENIED"


@dataclass(slots=True)
class SubmitReport:
    submitted: list[uuid.UUID] = field(default_factory=list)
    failed: list[uuid.UUID] = field(default_factory=list)
    retry_later: list[uuid.UUID] = field(default_factory=list)


async def submit_due(
    engine: AsyncEngine, settings: Settings, client: PayPalPayouts
) -> SubmitReport:
    """Submit up to `payouts.submit_batch_max` withdrawals, oldest first."""
    report = SubmitReport()
    async with read_only(engine) as connection:
        due = await payouts.submittable(connection, settings.payouts.submit_batch_max)
    for withdrawal_id in due:
        await _submit_one(engine, settings, client, withdrawal_id, report)
    return report


async def _submit_one(
    engine: AsyncEngine, settings: Settings, client: PayPalPayouts, withdrawal_id: uuid.UUID,
    report: SubmitReport,
) -> None:
    async with read_only(engine) as connection:
        withdrawal = await payouts.get(connection, withdrawal_id)
    if withdrawal.status not in SUBMITTABLE:
        return
    try:
        batch = await _send(client, withdrawal)
    except (ProviderUnavailable, ProviderVerificationError) as error:
        # Unreachable, or an answer we could not read: the retry learns what PayPal has.
        await _record_failure(engine, settings, withdrawal_id, str(error), final=False)
        report.retry_later.append(withdrawal_id)
        return
    except ProviderRejected as error:
        await _record_failure(engine, settings, withdrawal_id, str(error), final=True)
        report.failed.append(withdrawal_id)
        return
    if batch is not None and batch.batch_status == BATCH_DENIED:
        await _record_failure(engine, settings, withdrawal_id, "batch denied", final=True)
        report.failed.append(withdrawal_id)
        return
    item_id = batch.items[0].payout_item_id if batch and batch.items else None
    async with unit(engine) as uow:
        await payouts.record_submitted(uow, withdrawal_id, batch.batch_id if batch else None,
                                       item_id)
    report.submitted.append(withdrawal_id)


async def _send(client: PayPalPayouts, withdrawal: Withdrawal) -> PayoutBatch | None:
    """The batch PayPal has for this withdrawal: the new one, or the one a lost answer made
    (None if PayPal says it has one but does not name it; its webhook will)."""
    try:
        return await client.create_payout(
            sender_batch_id=withdrawal.sender_batch_id, sender_item_id=str(withdrawal.id),
            receiver_email=withdrawal.paypal_email, amount_minor=withdrawal.amount_minor,
            currency=withdrawal.currency, note=PAYOUT_NOTE,
        )
    except PayoutBatchDuplicate as duplicate:
        if duplicate.existing_batch_id is None:
            return None
        return await client.get_payout_batch(duplicate.existing_batch_id)


async def _record_failure(
    engine: AsyncEngine, settings: Settings, withdrawal_id: uuid.UUID, error: str, *,
    final: bool,
) -> None:
    async with unit(engine) as uow:
        await payouts.record_submit_failure(
            uow, withdrawal_id, error, final=final,
            attempts_max=settings.payouts.submit_attempts_max,
        )
