"""Sub-accounts of the accounts every gift batch writes (see `ledger.chart.SLOTS_MAX`).

A batch picks one slot: its chain lane (locked for its transaction, so no two concurrent
batches hold the same one) plus the current second, mod the slots in use. Concurrent batches
in several processes then credit different rows; as seconds pass every slot takes its turn,
on one process as on several. A slot is an ordinary account (same asset, kind, flags and
owner as its account), so `verify` proves it like any other; readers add the slots to their
account, and a debit that decides against a balance first sweeps them into it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import literal, select
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import insert_ignoring_conflicts
from fancoins.db.tables.ledger import ledger_accounts
from fancoins.ids import new_id
from fancoins.journal import chain, repository
from fancoins.journal.service import journal
from fancoins.kit.clock import MS_PER_SECOND
from fancoins.ledger import GroupRejected, TransferRequest, chart
from fancoins.ledger.chain import LEDGER

a = ledger_accounts
# How long one slot stays a lane's before the next takes its turn: long against a batch (a
# few ms), so concurrent batches nearly always see the same second and distinct slots.
SLOT_TURN_MS = MS_PER_SECOND
_OPENED_COLUMNS = ("id", "asset", "flags", "owner_user_id", "kind", "debits_pending",
                   "debits_posted", "credits_pending", "credits_posted", "created_at_ms")


@dataclass(frozen=True, slots=True)
class Slot:
    """Where this batch writes its hot accounts: `at(account)` is the row to credit."""

    number: int | None  # None: the accounts themselves (slots not in use)

    def at(self, account_id: str) -> str:
        return account_id if self.number is None else chart.slot_account(account_id,
                                                                         self.number)


UNSLOTTED = Slot(None)


async def slot_for_batch(connection: AsyncConnection, slots: int, at_ms: int) -> Slot:
    """The slot this transaction writes (with more than one slot in use, it takes its chain
    lane now: the same lane its transfers join later)."""
    if slots <= 1:
        return UNSLOTTED
    lane = await chain.take_lane(connection, LEDGER)
    return Slot((lane.lane + at_ms // SLOT_TURN_MS) % slots)


async def open_slots(connection: AsyncConnection, account_ids: Collection[str], slot: Slot,
                     at_ms: int) -> None:
    """Create `slot` of each existing account among `account_ids` (once: existing slots are
    left as they are). Reads the accounts without locking them: they are never deleted."""
    if slot.number is None or not account_ids:
        return
    suffix = chart.slot_account("", slot.number)
    zero = literal(0)
    source = select(
        a.c.id + literal(suffix), a.c.asset, a.c.flags, a.c.owner_user_id, a.c.kind,
        zero, zero, zero, zero, literal(at_ms),
    ).where(a.c.id.in_(sorted(account_ids)))
    await connection.execute(
        insert_ignoring_conflicts(connection, a).from_select(list(_OPENED_COLUMNS), source))


async def sweep(connection: AsyncConnection, account_ids: Collection[str]) -> int:
    """Move every slot's balance into its account, in the caller's transaction, as one group
    of journalled transfers; the account and its slots stay locked until the commit (no
    batch credits a slot meanwhile). Returns the transfers recorded."""
    ids = {slot for account in account_ids for slot in chart.slot_accounts(account)}
    locked = await repository.lock_accounts(connection, ids | set(account_ids))
    requests = [
        TransferRequest(id=new_id(), code=chart.SLOT_SWEEP_CODE, debit_account_id=found.id,
                        credit_account_id=chart.main_account(found.id), asset=found.asset,
                        amount=found.balance)
        for found in sorted(locked.values(), key=lambda f: f.id)
        if chart.is_slot(found.id) and found.balance > 0
        and chart.main_account(found.id) in locked
    ]
    if not requests:
        return 0
    outcome = (await journal.apply_groups(connection, [requests], operation_id="slot-sweep"))[0]
    if isinstance(outcome, GroupRejected):  # a slot holds no more than its posted balance
        raise outcome
    return len(requests)
