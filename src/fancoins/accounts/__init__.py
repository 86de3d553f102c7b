"""Read access to ledger accounts and transfers, for their owners and operators."""
