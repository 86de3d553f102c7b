"""Reads of the ledger for the accounts API, as typed rows. The journal runs them: it alone
names the ledger's tables (it is their only writer)."""

from fancoins.journal.reads import (
    Account,
    Transfer,
    get_account,
    get_transfer,
    list_accounts,
    list_transfers,
)

__all__ = ["Account", "Transfer", "get_account", "get_transfer", "list_accounts",
           "list_transfers"]
