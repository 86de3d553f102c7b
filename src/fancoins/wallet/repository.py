"""Reads of the ledger for a user's wallet, as typed rows. The journal runs them: it alone
names the ledger's tables (it is their only writer)."""

from fancoins.journal.reads import Balance, Movement, balances, statement

__all__ = ["Balance", "Movement", "balances", "statement"]
