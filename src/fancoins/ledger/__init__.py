"""The pure ledger core: assets, accounts, transfers and the rules that decide them.

Standard library only; no I/O, no async. Storage lives in `fancoins.journal`.
"""

from fancoins.ledger.assets import COIN, DIAMOND, Asset, asset, format_minor, is_known_asset
from fancoins.ledger.decide import LedgerState, Plan, apply_plan, plan_batch, plan_group
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

__all__ = [
    "COIN", "DIAMOND", "Account", "AccountFlags", "Asset", "GroupRejected", "InvariantViolation",
    "LedgerState", "PendingStatus", "PendingTransfer", "Plan", "Transfer", "TransferError",
    "TransferFlags", "TransferRequest", "apply_plan", "asset", "format_minor", "invariant",
    "is_known_asset", "plan_batch", "plan_group",
]
