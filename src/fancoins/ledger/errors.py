"""Expected reasons a transfer is refused. Each maps to one stable problem type upstream."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class TransferError(enum.StrEnum):
    AMOUNT_NOT_POSITIVE = "amount_not_positive"
    AMOUNT_REQUIRED = "amount_required"
    ACCOUNTS_MUST_BE_DIFFERENT = "accounts_must_be_different"
    ACCOUNT_NOT_FOUND = "account_not_found"
    ASSET_MISMATCH = "asset_mismatch"
    EXCEEDS_CREDITS = "exceeds_credits"
    EXCEEDS_DEBITS = "exceeds_debits"
    FLAGS_ARE_MUTUALLY_EXCLUSIVE = "flags_are_mutually_exclusive"
    PENDING_ID_REQUIRED = "pending_id_required"
    PENDING_ID_MUST_BE_ABSENT = "pending_id_must_be_absent"
    PENDING_TRANSFER_NOT_FOUND = "pending_transfer_not_found"
    PENDING_TRANSFER_NOT_PENDING = "pending_transfer_not_pending"
    PENDING_TRANSFER_ALREADY_POSTED = "pending_transfer_already_posted"
    PENDING_TRANSFER_ALREADY_VOIDED = "pending_transfer_already_voided"
    PENDING_TRANSFER_EXPIRED = "pending_transfer_expired"
    PENDING_TRANSFER_HAS_DIFFERENT_ACCOUNTS = "pending_transfer_has_different_accounts"
    EXCEEDS_PENDING_TRANSFER_AMOUNT = "exceeds_pending_transfer_amount"
    TIMEOUT_RESERVED_FOR_PENDING = "timeout_reserved_for_pending_transfer"
    TIMEOUT_NEGATIVE = "timeout_negative"
    AMOUNT_TOO_LARGE = "amount_too_large"
    OVERFLOWS_ACCOUNT = "overflows_account"
    DUPLICATE_ID = "duplicate_id"
    LINKED_EVENT_FAILED = "linked_event_failed"


@dataclass(slots=True, eq=False)  # frozen breaks `raise` through context managers
class GroupRejected(Exception):
    """A group of transfers was refused as a whole; `index` names the transfer that failed."""

    index: int
    error: TransferError

    def __str__(self) -> str:
        return f"transfer #{self.index} refused: {self.error.value}"
