"""Tampering with the books, every way someone with write access to the database could: each
is caught by `verify`, which names the first broken link of the chain; untouched books pass."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.journal.books import BUYER, demo_books

CLI_TIMEOUT_S = 120


def fancoins(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FANCOINS_DATABASE_URL": database_url, "COLUMNS": "250"}
    return subprocess.run([sys.executable, "-m", "fancoins.cli", *args], capture_output=True,
                          text=True, env=env, timeout=CLI_TIMEOUT_S)


async def test_consistent_edit_of_a_purchase_is_caught(database_url: str,
                                                       tmp_path: Path) -> None:
    """N more coins on the purchase's coin leg AND on both accounts' posted totals: every
    balance still equals the sum of its transfers and every asset still sums to zero."""
    async with demo_books(database_url, tmp_path) as books:
        assert fancoins("verify", database_url=database_url).returncode == 0
        await books.tamper(
            "UPDATE ledger_transfers SET amount = amount + 1000"
            " WHERE operation_id = :op AND code = 'purchase'",
            f"UPDATE ledger_accounts SET credits_posted = credits_posted + 1000"
            f" WHERE id = 'user:{BUYER}:coins'",
            "UPDATE ledger_accounts SET debits_posted = debits_posted + 1000"
            " WHERE id = 'platform:coins_issued'",
            op=f"purchase:{books.purchase_id}",
        )
        tampered = fancoins("verify", database_url=database_url)
    assert tampered.returncode == 1, tampered.stdout + tampered.stderr
    assert "FAILED" in tampered.stdout
