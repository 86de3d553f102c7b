"""Reads of the ledger for a user's wallet. The journal runs them: it alone names the
ledger's tables (it is their only writer)."""

from fancoins.journal.reads import accounts_by_id as accounts
from fancoins.journal.reads import statement

__all__ = ["accounts", "statement"]
