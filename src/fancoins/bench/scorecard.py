"""The benchmarks' verdicts, kept across the commands of one `make bench` and printed last as
one table: every figure the scale and LIVE targets name, its target, and met or missed.

Each bench command runs in its own process (and the LIVE benches start more), so the verdicts
go to a JSON-lines file named by `fancoins bench --scorecard FILE`; `fancoins bench report FILE`
prints it. Without `--scorecard` nothing is kept: the commands print their verdicts as before.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    figure: str
    target: str


# The figures of the scale issue's table, then LIVE's with a battle and a goal, in its order.
ROWS = (
    Row("writer-postgres", "gift writer, 10,000 viewers -> 1 creator, PostgreSQL",
        ">= 20,000 gifts/s with p99 < 100 ms (goal: 40,000/s, p99 < 50 ms)"),
    Row("writer-sqlite", "gift writer, SQLite", ">= 20,000 gifts/s"),
    Row("http-ratio", "POST /v1/gifts/send / no-op GET /v1/ping, same server", ">= 0.8"),
    Row("processes", "API processes / 1, one hot creator, PostgreSQL", ">= 1.6x"),
    Row("live-10000", "LIVE fan-out, 10,000 viewers at 1,000 gifts/s, two processes + Redis",
        "p99 < 250 ms, exact"),
    Row("live-features", "LIVE, 2,000 viewers at 1,000 gifts/s, a battle and a goal",
        "p99 < 250 ms, exact"),
    Row("verify", "fancoins verify, 1,000,000 transfers, PostgreSQL", "< 5 s"),
)
_KEYS = {row.key for row in ROWS}


@dataclass(frozen=True, slots=True)
class Verdict:
    key: str  # one of ROWS' keys, or "" for a target outside the table
    label: str
    figure: str
    met: bool


_sink: Path | None = None


def keep_in(path: Path | None) -> None:
    """Where this process appends its verdicts (None: nowhere)."""
    global _sink
    _sink = path


def record(verdict: Verdict) -> None:
    if verdict.key and verdict.key not in _KEYS:
        raise ValueError(f"no scorecard row {verdict.key!r}")
    if _sink is None:
        return
    _sink.parent.mkdir(parents=True, exist_ok=True)
    with _sink.open("a", encoding="utf-8") as file:
        file.write(json.dumps(asdict(verdict)) + "\n")


def say(console: Console, verdict: Verdict) -> None:
    """Print a verdict as every bench prints one, and keep it (see `record`)."""
    console.print(f"{verdict.label}: {verdict.figure} ({_mark(verdict.met)})")
    record(verdict)


def read(path: Path) -> list[Verdict]:
    if not path.exists():
        return []
    return [Verdict(**json.loads(line)) for line in path.read_text("utf-8").splitlines()
            if line.strip()]


def unmeasured(verdicts: list[Verdict]) -> list[Row]:
    measured = {verdict.key for verdict in verdicts}
    return [row for row in ROWS if row.key not in measured]


def _mark(met: bool) -> str:
    return "[green]met[/green]" if met else "[red]missed[/red]"


def tables(verdicts: list[Verdict]) -> tuple[Table, Table]:
    """The issue's table (a row no bench ran says so), then every other target measured."""
    table = Table("figure", "measured", "target", "", title="targets of the scale and LIVE "
                  "issues, this run")
    for row in ROWS:
        found = [v for v in verdicts if v.key == row.key]
        if not found:  # its benchmark failed before its verdict, or was not run
            table.add_row(row.figure, "not measured", row.target, "[yellow]not run[/yellow]")
            continue
        table.add_row(row.figure, "; ".join(v.figure for v in found), row.target,
                      _mark(all(v.met for v in found)))
    others = Table("target", "measured", "", title="the other targets measured")
    for verdict in verdicts:
        if not verdict.key:
            others.add_row(verdict.label, verdict.figure, _mark(verdict.met))
    return table, others
