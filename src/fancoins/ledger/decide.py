"""The ledger's decisions: whether a group of transfers may be applied, and what it changes.

A group commits together or not at all. A batch is many independent groups decided in arrival
order against the same balances, so one group's refusal never affects another's.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from fancoins.ledger.errors import GroupRejected, TransferError
from fancoins.ledger.invariants import InvariantViolation, invariant
from fancoins.ledger.model import (
    Account,
    AccountFlags,
    PendingStatus,
    PendingTransfer,
    Transfer,
    TransferFlags,
    TransferRequest,
)

# Balances are 64-bit signed integers in both databases.
AMOUNT_MAX = 2**63 - 1

_PHASE_FLAGS = TransferFlags.PENDING | TransferFlags.POST_PENDING | TransferFlags.VOID_PENDING


@dataclass(slots=True)
class LedgerState:
    """The balances and pending transfers a decision reads and changes (copy-on-write)."""

    accounts: dict[str, Account]
    pendings: dict[uuid.UUID, PendingTransfer]
    known_transfer_ids: set[uuid.UUID] = field(default_factory=set)


@dataclass(slots=True)
class Plan:
    """What a group does once applied: transfers to insert, new balances, pending outcomes."""

    transfers: list[Transfer] = field(default_factory=list)
    accounts: dict[str, Account] = field(default_factory=dict)
    pending_status: dict[uuid.UUID, PendingStatus] = field(default_factory=dict)


class _GroupView:
    """A group's private view of the state: reads fall through, writes stay local."""

    def __init__(self, state: LedgerState) -> None:
        self._state = state
        self.plan = Plan()
        self.new_pendings: dict[uuid.UUID, PendingTransfer] = {}
        # Ids this group has used: a set, so a group of n transfers is decided in O(n).
        self.ids: set[uuid.UUID] = set()

    def account(self, account_id: str) -> Account | None:
        touched = self.plan.accounts.get(account_id)
        if touched is not None:
            return touched
        stored = self._state.accounts.get(account_id)
        if stored is None:
            return None
        own = stored.copy()
        self.plan.accounts[account_id] = own
        return own

    def pending(self, pending_id: uuid.UUID) -> PendingTransfer | None:
        found = self.new_pendings.get(pending_id) or self._state.pendings.get(pending_id)
        if found is None:
            return None
        status = self.plan.pending_status.get(pending_id, found.status)
        return PendingTransfer(found.transfer, status)

    def id_taken(self, transfer_id: uuid.UUID) -> bool:
        return transfer_id in self._state.known_transfer_ids or transfer_id in self.ids

    def add(self, transfer: Transfer) -> None:
        self.plan.transfers.append(transfer)
        self.ids.add(transfer.id)


def plan_group(
    requests: Sequence[TransferRequest], state: LedgerState, now_ms: int
) -> Plan:
    """Decide a group of transfers against `state` without changing it.

    Raises `GroupRejected` naming the first transfer that cannot be applied.
    """
    view = _GroupView(state)
    for index, request in enumerate(requests):
        error = _apply_one(view, request, now_ms)
        if error is not None:
            raise GroupRejected(index, error)
    return view.plan


def apply_plan(state: LedgerState, plan: Plan) -> None:
    """Fold an accepted plan into `state`, so later groups of a batch see its effects."""
    state.accounts.update(plan.accounts)
    for transfer in plan.transfers:
        state.known_transfer_ids.add(transfer.id)
        if TransferFlags.PENDING in transfer.flags:
            state.pendings[transfer.id] = PendingTransfer(transfer, PendingStatus.PENDING)
    for pending_id, status in plan.pending_status.items():
        pending = state.pendings[pending_id]
        state.pendings[pending_id] = PendingTransfer(pending.transfer, status)


def plan_batch(
    groups: Iterable[Sequence[TransferRequest]], state: LedgerState, now_ms: int
) -> list[Plan | GroupRejected]:
    """Decide independent groups in arrival order; each sees the ones accepted before it."""
    outcomes: list[Plan | GroupRejected] = []
    for group in groups:
        try:
            plan = plan_group(group, state, now_ms)
        except GroupRejected as rejected:
            outcomes.append(rejected)
            continue
        apply_plan(state, plan)
        outcomes.append(plan)
    return outcomes


def _apply_one(view: _GroupView, request: TransferRequest, now_ms: int) -> TransferError | None:
    if bin(int(request.flags & _PHASE_FLAGS)).count("1") > 1:
        return TransferError.FLAGS_ARE_MUTUALLY_EXCLUSIVE
    if view.id_taken(request.id):
        return TransferError.DUPLICATE_ID
    if request.resolves_pending:
        return _resolve_pending(view, request, now_ms)
    return _apply_new(view, request, now_ms)


def _apply_new(view: _GroupView, request: TransferRequest, now_ms: int) -> TransferError | None:
    is_pending = TransferFlags.PENDING in request.flags
    if request.pending_id is not None:
        return TransferError.PENDING_ID_MUST_BE_ABSENT
    if request.amount is None:
        return TransferError.AMOUNT_REQUIRED
    if request.amount <= 0:
        return TransferError.AMOUNT_NOT_POSITIVE
    if request.amount > AMOUNT_MAX:
        return TransferError.AMOUNT_TOO_LARGE
    if request.timeout_s < 0:
        return TransferError.TIMEOUT_NEGATIVE
    if request.timeout_s and not is_pending:
        return TransferError.TIMEOUT_RESERVED_FOR_PENDING
    if request.debit_account_id == request.credit_account_id:
        return TransferError.ACCOUNTS_MUST_BE_DIFFERENT
    debit = view.account(request.debit_account_id)
    credit = view.account(request.credit_account_id)
    if debit is None or credit is None:
        return TransferError.ACCOUNT_NOT_FOUND
    if not (request.asset == debit.asset == credit.asset):
        return TransferError.ASSET_MISMATCH
    amount = request.amount
    if is_pending:
        debit.debits_pending += amount
        credit.credits_pending += amount
    else:
        debit.debits_posted += amount
        credit.credits_posted += amount
    if max(debit.debits_pending + debit.debits_posted,
           credit.credits_pending + credit.credits_posted) > AMOUNT_MAX:
        return TransferError.OVERFLOWS_ACCOUNT
    error = _check_flags(debit, credit, request.flags)
    if error is not None:
        return error
    expires_at_ms = now_ms + request.timeout_s * 1000 if request.timeout_s else None
    transfer = _record(request, request.debit_account_id, request.credit_account_id,
                       request.asset, amount, expires_at_ms, now_ms)
    view.add(transfer)
    if is_pending:
        view.new_pendings[transfer.id] = PendingTransfer(transfer, PendingStatus.PENDING)
    return None


def _check_flags(debit: Account, credit: Account, flags: TransferFlags) -> TransferError | None:
    overdraft_allowed = TransferFlags.ALLOW_OVERDRAFT in flags
    if (
        AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS in debit.flags
        and not overdraft_allowed
        and debit.debits_exceed_credits()
    ):
        return TransferError.EXCEEDS_CREDITS
    credit_capped = AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS in credit.flags
    if credit_capped and credit.credits_exceed_debits():
        return TransferError.EXCEEDS_DEBITS
    return None


def _resolve_pending(
    view: _GroupView, request: TransferRequest, now_ms: int
) -> TransferError | None:
    if request.pending_id is None:
        return TransferError.PENDING_ID_REQUIRED
    found = view.pending(request.pending_id)
    if found is None:
        return TransferError.PENDING_TRANSFER_NOT_FOUND
    error = _check_resolvable(found, request, now_ms)
    if error is not None:
        return error
    pending = found.transfer
    is_post = TransferFlags.POST_PENDING in request.flags
    amount = pending.amount if request.amount is None or not is_post else request.amount
    if is_post and (amount <= 0 or amount > pending.amount):
        return TransferError.EXCEEDS_PENDING_TRANSFER_AMOUNT
    if not is_post and request.amount not in (None, pending.amount):
        return TransferError.EXCEEDS_PENDING_TRANSFER_AMOUNT
    debit = view.account(pending.debit_account_id)
    credit = view.account(pending.credit_account_id)
    if debit is None or credit is None:
        raise InvariantViolation(f"pending transfer {pending.id}: its accounts vanished")
    debit.debits_pending -= pending.amount
    credit.credits_pending -= pending.amount
    if is_post:
        debit.debits_posted += amount
        credit.credits_posted += amount
    invariant(debit.debits_pending >= 0 and credit.credits_pending >= 0, "negative pending")
    status = PendingStatus.POSTED if is_post else _void_status(pending, now_ms)
    view.plan.pending_status[pending.id] = status
    view.add(
        _record(request, pending.debit_account_id, pending.credit_account_id, pending.asset,
                amount, None, now_ms)
    )
    return None


def _check_resolvable(
    found: PendingTransfer, request: TransferRequest, now_ms: int
) -> TransferError | None:
    pending = found.transfer
    if TransferFlags.PENDING not in pending.flags:
        return TransferError.PENDING_TRANSFER_NOT_PENDING
    if found.status is PendingStatus.POSTED:
        return TransferError.PENDING_TRANSFER_ALREADY_POSTED
    if found.status is PendingStatus.VOIDED:
        return TransferError.PENDING_TRANSFER_ALREADY_VOIDED
    if found.status is PendingStatus.EXPIRED:
        return TransferError.PENDING_TRANSFER_EXPIRED
    is_post = TransferFlags.POST_PENDING in request.flags
    if is_post and pending.expires_at_ms is not None and now_ms >= pending.expires_at_ms:
        return TransferError.PENDING_TRANSFER_EXPIRED
    if (request.debit_account_id and request.debit_account_id != pending.debit_account_id) or (
        request.credit_account_id and request.credit_account_id != pending.credit_account_id
    ):
        return TransferError.PENDING_TRANSFER_HAS_DIFFERENT_ACCOUNTS
    if request.asset and request.asset != pending.asset:
        return TransferError.ASSET_MISMATCH
    return None


def _void_status(pending: Transfer, now_ms: int) -> PendingStatus:
    if pending.expires_at_ms is not None and now_ms >= pending.expires_at_ms:
        return PendingStatus.EXPIRED
    return PendingStatus.VOIDED


def _record(
    request: TransferRequest,
    debit_account_id: str,
    credit_account_id: str,
    asset: str,
    amount: int,
    expires_at_ms: int | None,
    now_ms: int,
) -> Transfer:
    return Transfer(
        id=request.id,
        debit_account_id=debit_account_id,
        credit_account_id=credit_account_id,
        asset=asset,
        amount=amount,
        code=request.code,
        flags=request.flags,
        pending_id=request.pending_id,
        timeout_s=request.timeout_s,
        expires_at_ms=expires_at_ms,
        created_at_ms=now_ms,
        user_data=dict(request.user_data),
    )
