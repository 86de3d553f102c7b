"""Read-only aggregates over the ledger for the operator's economy view. The journal runs
them: it alone names the ledger's tables (it is their only writer)."""

from fancoins.journal.reads import (
    AssetTotals,
    PlatformAccount,
    asset_sums,
    credited_accounts_since,
    platform_accounts,
    transfers_per_minute,
    transfers_since,
    user_totals,
    uuid7_floor,
)

__all__ = [
    "AssetTotals", "PlatformAccount", "asset_sums", "credited_accounts_since",
    "platform_accounts", "transfers_per_minute", "transfers_since", "user_totals", "uuid7_floor",
]
