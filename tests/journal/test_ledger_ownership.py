"""Only `fancoins.journal` and `fancoins.db` name the ledger's tables.

import-linter sees imports; it cannot see a table named in a SQL string (the gift writer's
COPY and set-based statements are strings). This reads every module's source instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import fancoins

SOURCE_ROOT = Path(fancoins.__file__).parent
# The journal writes and reads the ledger; db declares it; migrations build it.
OWNERS = ("journal", "db", "migrations")
LEDGER_TABLES = ("ledger_transfers", "ledger_accounts", "ledger_links", "chain_heads",
                 "idempotency_keys")
NAMED = re.compile(r"\b(" + "|".join(LEDGER_TABLES) + r")\b")


def _outside_owners() -> list[Path]:
    return [path for path in sorted(SOURCE_ROOT.rglob("*.py"))
            if path.relative_to(SOURCE_ROOT).parts[0] not in OWNERS]


def test_the_scan_sees_the_whole_package() -> None:
    scanned = {p.relative_to(SOURCE_ROOT).as_posix() for p in _outside_owners()}
    assert {"gifts/repository.py", "gifts/service.py", "operator/repository.py",
            "wallet/repository.py", "proof.py"} <= scanned


def test_no_module_outside_journal_and_db_names_a_ledger_table() -> None:
    offenders = [
        f"{path.relative_to(SOURCE_ROOT)}:{number}: {line.strip()}"
        for path in _outside_owners()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if NAMED.search(line)
    ]
    assert offenders == []


def test_the_pattern_finds_a_table_in_a_sql_string() -> None:
    assert NAMED.search('raw.copy_records_to_table("ledger_transfers", columns=...)')
    assert NAMED.search("UPDATE ledger_accounts AS a SET debits_posted = ...")
    assert not NAMED.search("ledger_transfers_debit_idx_not_a_table_name_x")
