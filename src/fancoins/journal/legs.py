"""The ledger's transfers as a read-only view, for the domains' cross-checks.

Each domain's `reconcile.py` joins its own records to their ledger legs in one set-based
query; it takes the transfers from here (a subquery: nothing can be written through it), so
that the journal stays the only code that names the ledger's tables.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.sql.selectable import Subquery

from fancoins.db.tables.ledger import ledger_transfers


def transfer_legs(name: str = "legs") -> Subquery:
    """Every transfer: id, accounts, asset, amount, code, flags, pending id and status,
    operation id (the idempotency key it was recorded under) and creation time."""
    t = ledger_transfers.c
    return select(
        t.id, t.debit_account_id, t.credit_account_id, t.asset, t.amount, t.code, t.flags,
        t.pending_id, t.pending_status, t.operation_id, t.created_at_ms,
    ).subquery(name)
