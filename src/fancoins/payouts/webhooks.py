"""Verified PayPal Payouts events applied to withdrawals: once per event id, and only along
the state machine's edges (`states.plan_event`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.uow import UnitOfWork
from fancoins.ids import now_ms
from fancoins.ledger import format_minor
from fancoins.payouts import repository
from fancoins.payouts.errors import WebhookPayloadInvalid, WithdrawalNotFound
from fancoins.payouts.service import Withdrawal, payouts
from fancoins.payouts.states import WithdrawalStatus, plan_event
from fancoins.providers.paypal import PayPalWebhookEvent

EVENT_ID_CHARS_MAX = 64  # the column's width; PayPal's ids are about 40 characters
EVENT_TYPE_CHARS_MAX = 64


@dataclass(frozen=True, slots=True)
class EventOutcome:
    outcome: str  # duplicate, unknown_withdrawal, amount_mismatch, ignored, or the new status
    withdrawal_id: uuid.UUID | None = None


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _references(resource: dict[str, Any]) -> tuple[uuid.UUID | None, str | None, str | None]:
    """(our withdrawal id from sender_item_id, sender_batch_id, payout_batch_id)."""
    item = _dict(resource.get("payout_item"))
    header = _dict(resource.get("batch_header"))
    sender_batch_id = _str(resource.get("sender_batch_id")) or _str(
        _dict(header.get("sender_batch_header")).get("sender_batch_id")
    )
    payout_batch_id = _str(resource.get("payout_batch_id")) or _str(header.get("payout_batch_id"))
    try:
        item_id = uuid.UUID(_str(item.get("sender_item_id")) or "")
    except ValueError:
        item_id = None
    return item_id, sender_batch_id, payout_batch_id


def _amount_matches(resource: dict[str, Any], withdrawal: Withdrawal) -> bool:
    """An item event that names an amount must name ours (a batch event names none)."""
    amount = _dict(_dict(resource.get("payout_item")).get("amount"))
    if not amount:
        return True
    return (amount.get("currency") == withdrawal.currency
            and amount.get("value") == format_minor(withdrawal.amount_minor, withdrawal.currency))


class PayPalEvents:
    async def apply(self, uow: UnitOfWork, event: PayPalWebhookEvent) -> EventOutcome:
        """Apply a verified event once per event id (a redelivery answers `duplicate`).
        Raises `WebhookPayloadInvalid` for an id longer than PayPal ever sends."""
        connection = await uow.connect()
        if len(event.id) > EVENT_ID_CHARS_MAX:
            raise WebhookPayloadInvalid(f"event id longer than {EVENT_ID_CHARS_MAX} characters")
        fresh = await repository.insert_webhook_event(connection, {
            "event_id": event.id, "event_type": event.event_type[:EVENT_TYPE_CHARS_MAX],
            "withdrawal_id": None, "outcome": "received", "received_at_ms": now_ms(),
        })
        if not fresh:
            return EventOutcome("duplicate")
        outcome = await self._apply_fresh(connection, event)
        await repository.set_webhook_outcome(
            connection, event.id, outcome.withdrawal_id, outcome.outcome
        )
        return outcome

    async def _apply_fresh(
        self, connection: AsyncConnection, event: PayPalWebhookEvent
    ) -> EventOutcome:
        item_id, sender_batch_id, payout_batch_id = _references(event.resource)
        withdrawal_id = item_id or await repository.find_withdrawal_id(
            connection, sender_batch_id=sender_batch_id, payout_batch_id=payout_batch_id
        )
        if withdrawal_id is None:
            return EventOutcome("unknown_withdrawal")
        try:
            withdrawal = await payouts.get(connection, withdrawal_id, lock=True)
        except WithdrawalNotFound:
            return EventOutcome("unknown_withdrawal")
        if not _amount_matches(event.resource, withdrawal):
            return EventOutcome("amount_mismatch", withdrawal.id)
        path = plan_event(withdrawal.status, event.event_type)
        if not path:
            return EventOutcome("ignored", withdrawal.id)
        for target in path:
            values: dict[str, Any] = {}
            if target is WithdrawalStatus.SUBMITTED:
                # Our own record of the submission was lost; PayPal's event names the batch.
                values = {"payout_batch_id": payout_batch_id,
                          "payout_item_id": _str(event.resource.get("payout_item_id"))}
            withdrawal = await payouts.transition(connection, withdrawal, target, **values)
        return EventOutcome(withdrawal.status.value, withdrawal.id)


paypal_events = PayPalEvents()
