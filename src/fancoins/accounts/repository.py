"""Reads of the ledger for the accounts API. The journal runs them: it alone names the
ledger's tables (it is their only writer)."""

from fancoins.journal.reads import get_account, get_transfer, list_accounts, list_transfers

__all__ = ["get_account", "get_transfer", "list_accounts", "list_transfers"]
