"""Only `fancoins.journal` and `fancoins.db` name the ledger's tables.

import-linter sees imports; it cannot see a table named in a SQL string (the gift writer's
COPY and set-based statements are strings). This reads every module's code instead: its
names and its string literals (SQL included). Comments and docstrings are prose, not code,
and may mention a table.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
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


def _docstring_lines(source: str) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                lines.add(first.lineno)
    return lines


def code_naming_a_table(source: str) -> Iterator[tuple[int, str]]:
    """(line, text) of each name or string literal in `source` that names a ledger table."""
    docstrings = _docstring_lines(source)
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in (tokenize.NAME, tokenize.STRING):
            continue
        if token.type == tokenize.STRING and token.start[0] in docstrings:
            continue
        if NAMED.search(token.string):
            yield token.start[0], token.string


def test_no_module_outside_journal_and_db_names_a_ledger_table() -> None:
    offenders = [
        f"{path.relative_to(SOURCE_ROOT)}:{number}: {text[:80]}"
        for path in _outside_owners()
        for number, text in code_naming_a_table(path.read_text())
    ]
    assert offenders == []


def test_the_scan_finds_a_table_in_code_and_sql_strings() -> None:
    source = (
        '"""A module docstring may say ledger_accounts."""\n'
        "# so may a comment: ledger_transfers\n"
        "from fancoins.db.tables.ledger import ledger_accounts\n"
        'SQL = """\nUPDATE ledger_accounts AS a SET debits_posted = 1\n"""\n'
        "async def f(raw):\n"
        '    """Writes ledger_transfers (prose)."""\n'
        '    await raw.copy_records_to_table("ledger_transfers", columns=())\n'
    )
    assert [line for line, _ in code_naming_a_table(source)] == [3, 4, 9]
    assert not NAMED.search("ledger_transfers_debit_idx_not_a_table_name_x")
