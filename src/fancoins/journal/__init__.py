"""The only writer of the ledger tables: idempotent groups, batches, expiry and verify."""
