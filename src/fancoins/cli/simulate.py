"""`fancoins simulate SCENARIO.toml [--compare OTHER.toml]`: a seeded platform, played through
the real engine on a throwaway database, reported from its ledger.

Writes report.json, report.csv, daily.csv and report.html to --out (and compare.json,
compare.html with --compare). Exit status 0 when verify passes and the books tie, 1 when not,
2 for a bad scenario.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from fancoins.simulate import compare, html, results
from fancoins.simulate.scenario import Scenario, ScenarioError, load_scenario
from fancoins.simulate.service import checked_economy
from fancoins.simulate.service import simulate as run_scenario


def _load(path: Path) -> Scenario:
    from fancoins.cli.common import fail

    try:
        return load_scenario(path)
    except ScenarioError as error:
        fail(f"bad scenario: {error}")


def _run(scenario: Scenario, base_economy: Path | None,
         keep_database: Path | None = None) -> results.Json:
    from fancoins.cli.common import err, fail
    from fancoins.observability import configure_logging

    # One line per purchase and gift batch would drown the progress bar.
    configure_logging(json_logs=False, level=logging.WARNING)
    try:  # a bad scenario is told before the progress bar shows
        checked_economy(scenario, base_economy)
    except ScenarioError as error:
        fail(f"bad scenario: {error}")
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("days  {task.fields[gifts]:>12,} gifts"), TimeElapsedColumn(),
                  console=err) as bar:
        task = bar.add_task(scenario.name, total=scenario.days, gifts=0)

        def progress(day: int, _days: int, gifts: int) -> None:
            bar.update(task, completed=day, gifts=gifts)

        try:
            return run_scenario(scenario, base_economy_file=base_economy, progress=progress,
                                keep_database=keep_database)
        except ScenarioError as error:
            fail(f"bad scenario: {error}")


def _headline_table(a: results.Json, b: results.Json) -> Table:
    table = Table("figure", a["scenario"]["name"], b["scenario"]["name"], "difference",
                  title="Same seed, two economies")
    for row in compare.headline_rows(a, b):
        delta = row.delta
        table.add_row(row.key, html.cell(row.a), html.cell(row.b),
                      "" if delta is None else f"{delta:+,}",
                      style=None if row.changed else "dim")
    return table


def _summary(data: results.Json) -> Table:
    creators, margin, ledger = data["creators"], data["margin"], data["ledger"]
    table = Table("figure", "value", title=f"Simulation: {data['scenario']['name']}")
    payout = creators["currency"]
    for currency, row in data["by_currency"].items():
        table.add_row(f"gross sales {currency}", html.money(row["gross_minor"], currency))
        table.add_row(f"  net after refunds {currency}",
                      html.money(row["net_after_refunds_minor"], currency))
    table.add_row("gifts sent", f"{data['activity']['gifts_sent']:,}")
    table.add_row("creators' median earnings", html.money(creators["median_minor"], payout))
    table.add_row("top 1% of creators' share", html.percent(creators["top_1pct_share_bp"]))
    table.add_row("creators reaching the threshold",
                  html.percent(creators["reaching_threshold_share_bp"]))
    table.add_row("platform margin", f"{html.money(margin['margin_minor'], payout)} "
                                     f"({html.percent(margin['margin_bp'])})")
    table.add_row("coins outstanding", f"{ledger['coins']['outstanding']:,}")
    table.add_row("creators' liability", html.money(ledger["diamonds"]["liability_minor"],
                                                    payout))
    table.add_row("verify", "OK" if data["verify"]["ok"] else "FAILED")
    table.add_row("books tie to the ledger", "yes" if ledger["ties"] else "NO")
    return table


def _write(out: Path, data: results.Json) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_bytes(results.as_json(data))
    (out / "report.csv").write_bytes(results.as_csv(data))
    (out / "daily.csv").write_bytes(results.daily_csv(data))
    (out / "report.html").write_bytes(html.report_html(data))


def _sound(data: results.Json) -> bool:
    return bool(data["verify"]["ok"] and data["ledger"]["ties"])


def simulate(
    scenario_file: Annotated[Path, typer.Argument(help="The scenario (TOML).")],
    compare_with: Annotated[Path | None, typer.Option(
        "--compare", help="Run this scenario too, with the first one's seed, and compare.")]
    = None,
    out: Annotated[Path, typer.Option("--out", help="Where the reports are written.")]
    = Path("simulation"),
    seed: Annotated[int | None, typer.Option(help="Overrides the scenario's seed.")] = None,
    economy_file: Annotated[Path | None, typer.Option(
        "--economy-file", help="The economy the scenarios start from (else "
        "FANCOINS_ECONOMY_FILE or the defaults), unless a scenario names its own.")] = None,
    keep_database: Annotated[Path | None, typer.Option(
        "--keep-database", help="Keep the (first) run's SQLite database here.")] = None,
) -> None:
    """Simulate a platform over the scenario's days through the real engine (a throwaway
    SQLite database), then report revenue, fees, taxes, creators' earnings, margin, coins and
    diamonds over time, refunds and `verify`."""
    from fancoins.cli.common import console, err

    first = _load(scenario_file)
    if seed is not None:
        first = first.with_seed(seed)
    other = None if compare_with is None else _load(compare_with).with_seed(first.seed)
    data = _run(first, economy_file, keep_database)
    _write(out / first.name if other else out, data)
    if other is None:
        console.print(_summary(data))
        err.print(f"wrote {out}/report.json, report.csv, daily.csv, report.html")
        if not _sound(data):
            raise typer.Exit(1)
        return
    second = _run(other, economy_file)
    if second["scenario"]["name"] == data["scenario"]["name"]:
        second["scenario"]["name"] += " (2)"
    _write(out / second["scenario"]["name"], second)
    (out / "compare.json").write_bytes(results.as_json(compare.comparison(data, second)))
    (out / "compare.html").write_bytes(html.compare_html(data, second))
    console.print(_headline_table(data, second))
    changed = len(compare.changed_rows(data, second))
    err.print(f"{changed} figures differ; wrote {out}/compare.html, compare.json and each "
              "run's reports")
    if not (_sound(data) and _sound(second)):
        raise typer.Exit(1)


simulate_app = typer.Typer()
simulate_app.command("simulate")(simulate)


# "A million gifts in a few minutes": this many gifts a second of wall clock, on the 2-core
# machine the project is measured on.
TARGET_GIFTS_PER_S = 3_000
BENCHMARK_SCENARIO = Path("scenarios/million-gifts.toml")


def bench(
    scenario_file: Annotated[Path, typer.Argument(
        help="The scenario (TOML); the shipped benchmark by default.")] = BENCHMARK_SCENARIO,
    days: Annotated[int | None, typer.Option(
        min=1, max=366, help="Only the scenario's first N days (the benchmark's first 3: "
        "about 100,000 gifts).")] = None,
    target_gifts_per_s: Annotated[int, typer.Option(
        min=0, help="The target: gifts per second of wall clock.")] = TARGET_GIFTS_PER_S,
) -> None:
    """Time a simulation (by default `scenarios/million-gifts.toml`: about 1,000,000 gifts):
    wall clock, CPU time, peak memory and gifts per second against the target. Exit status 1
    when verify fails, a figure does not tie or the run is slower than the target."""
    import resource
    import time

    from fancoins.cli.common import console

    scenario = _load(scenario_file)
    if days is not None:
        scenario = scenario.model_copy(update={"days": days})
    began = time.perf_counter()
    data = _run(scenario, None)
    wall_s = time.perf_counter() - began
    usage = resource.getrusage(resource.RUSAGE_SELF)
    gifts = int(data["activity"]["gifts_sent"])
    rate = gifts / wall_s if wall_s > 0 else 0.0
    table = Table("figure", "value", title=f"fancoins simulate {scenario_file} "
                                           f"({scenario.days} days)")
    table.add_row("gifts sent", f"{gifts:,}")
    table.add_row("purchases", f"{data['activity']['purchases']:,}")
    table.add_row("wall clock", f"{wall_s:,.1f} s")
    table.add_row("CPU time (user + system)",
                  f"{usage.ru_utime + usage.ru_stime:,.1f} s ({usage.ru_utime:,.1f} + "
                  f"{usage.ru_stime:,.1f})")
    table.add_row("peak memory (max RSS)", f"{usage.ru_maxrss // 1024:,} MiB")  # kB on Linux
    table.add_row(f"gifts per second (target >= {target_gifts_per_s:,})", f"{rate:,.0f}")
    table.add_row("verify", "OK" if data["verify"]["ok"] else "FAILED")
    table.add_row("books tie to the ledger", "yes" if data["ledger"]["ties"] else "NO")
    console.print(table)
    if not (_sound(data) and rate >= target_gifts_per_s):
        raise typer.Exit(1)
