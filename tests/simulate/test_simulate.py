"""`fancoins simulate`: a tiny scenario end to end through the real engine, its report tied
to the ledger it leaves behind, the same seed giving the same bytes, `--compare` on the
shipped scenarios, and bad scenarios refused in one line."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from fancoins.cli.main import app
from fancoins.db.engine import create_engine
from fancoins.journal import reads
from fancoins.simulate import compare, html, results
from fancoins.simulate.scenario import Scenario, load_scenario
from fancoins.simulate.service import simulate
from tests.conftest import fresh_sqlite_url
from tests.support.api import running_app, settings_for

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
TINY = """
name = "tiny"
seed = 11
days = 6
rates_per_million_minor = { GBP = 1270000 }
[economy]
hold_days = 1
min_withdrawal_minor = 500
[viewers]
count = 80
countries = { US = 0.6, GB = 0.4 }
active_share = 0.5
big_gift_share = 0.02
[creators]
count = 6
[refunds]
refund_share = 0.08
chargeback_share = 0.08
delay_days_max = 2
"""
# The rest of the economy on top of TINY: gifts on video comments, battles, goals and
# promotions, each through its own service.
FEATURES = """
[videos]
per_creator = 2
gift_share = 0.2
[battles]
share = 0.6
duration_s = 300
[goals]
share = 0.7
target_coins_median = 800
[promotions]
share = 0.3
budget_coins = 1000
days = 2
delivered_share_per_day = 0.4
"""


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.toml"
    path.write_text(TINY)
    return path


@dataclass(frozen=True)
class Run:
    scenario: Scenario
    data: results.Json
    kept: Path | None = None  # the database the run left behind, when kept


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The tiny scenario simulated once for the tests that read it (each run takes seconds of
    CPU): none of them changes the figures."""
    folder = tmp_path_factory.mktemp("tiny-run")
    path = folder / "tiny.toml"
    path.write_text(TINY)
    scenario, kept = load_scenario(path), folder / "kept.sqlite3"
    return Run(scenario, simulate(scenario, keep_database=kept), kept)


@pytest.fixture(scope="module")
def baseline_run() -> Run:
    """The shipped baseline at test size, simulated once for the comparisons against it."""
    scenario = small(load_scenario(SCENARIOS / "baseline.toml"))
    return Run(scenario, simulate(scenario))


def small(scenario: Scenario) -> Scenario:
    """A shipped scenario shrunk to test size (its economy and behaviour unchanged)."""
    return scenario.model_copy(update={
        "days": 6, "viewers": scenario.viewers.model_copy(update={"count": 150}),
        "creators": scenario.creators.model_copy(update={"count": 8})})


async def _user_totals(path: Path) -> dict[str, reads.AssetTotals]:
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        async with engine.connect() as connection:
            return {t.asset: t for t in await reads.user_totals(connection)}
    finally:
        await engine.dispose()


def test_tiny_scenario_ties_to_the_ledger(tiny_run: Run) -> None:
    data, kept = tiny_run.data, tiny_run.kept
    assert kept is not None
    activity, ledger = data["activity"], data["ledger"]
    coins, diamonds = ledger["coins"], ledger["diamonds"]
    # Something of everything happened, through the engine.
    assert activity["gifts_sent"] > 500 and activity["purchases"] > 20
    assert activity["withdrawals_paid"] > 0 and coins["clawed_back"] > 0
    assert any(k.startswith("chargeback:clawed_back") for k in activity["refunds"])
    assert data["verify"]["ok"] and data["verify"]["errors"] == 0 and ledger["ties"]
    # coins issued - spent = outstanding; diamonds earned - clawed back - redeemed =
    # outstanding; each sale's gross - fees - taxes = net.
    assert coins["opening"] == 0 and diamonds["opening"] == 0
    assert coins["issued"] - coins["spent"] == coins["outstanding"] > 0
    assert coins["issued"] == coins["purchased"] - coins["clawed_back"]
    assert (diamonds["earned"] - diamonds["clawed_back"] - diamonds["redeemed"]
            == diamonds["outstanding"] > 0)
    for line in data["sales"]:
        sale = line["sales"]
        assert sale["gross_minor"] - sale["store_fees_minor"] - sale["taxes_minor"] == \
            sale["net_minor"] > 0
    # The report against the stored balances of the ledger the run left behind.
    totals = asyncio.run(_user_totals(kept))
    assert totals["COIN"].posted == coins["outstanding"]
    assert totals["DIAMOND"].posted == diamonds["outstanding"]
    # The engine's answers to the gifts against the ledger's books.
    assert activity["coins_gifted"] == coins["spent_gifts"]
    # The days' closes (the ledger's stored balances) end where the report closes.
    daily = data["daily"]
    assert len(daily) == 6 and sum(d["coins_gifted"] for d in daily) == coins["spent"]
    assert sum(d["gifts_sent"] for d in daily) == activity["gifts_sent"]
    assert daily[-1]["coins_outstanding"] == coins["outstanding"]
    assert daily[-1]["diamonds_outstanding"] == diamonds["outstanding"]
    assert daily[-1]["liability_minor"] == diamonds["liability_minor"]
    for currency, row in data["by_currency"].items():
        assert sum(d["gross_sales_minor"].get(currency, 0) for d in daily) == row["gross_minor"]
    assert sum(d["payouts_paid_minor"] for d in daily) == sum(
        p["paid_minor"] for p in ledger["payouts"])
    assert sum(s["sales"]["count"] for s in data["sales"]) == activity["purchases"]
    margin = data["margin"]  # unspent coins are deferred revenue, not margin
    assert 0 < margin["recognised_revenue_minor"] < margin["net_sales_minor"]
    assert margin["margin_minor"] == (margin["recognised_revenue_minor"]
                                      - margin["creator_earnings_minor"])
    deferred = ledger["deferred_revenue_minor"]
    assert set(deferred) == set(data["by_currency"]) and all(v > 0 for v in deferred.values())
    creators = data["creators"]
    assert creators["count"] == 6 and 0 < creators["median_minor"] <= creators["top_minor"]
    assert creators["withdrawn_minor_total"] == sum(p["paid_minor"] for p in ledger["payouts"])


def test_the_same_seed_gives_the_same_bytes(tiny_run: Run) -> None:
    scenario, first = tiny_run.scenario, tiny_run.data
    second = simulate(scenario)
    assert results.as_json(first) == results.as_json(second)
    assert results.as_csv(first) == results.as_csv(second)
    assert html.report_html(first) == html.report_html(second)
    other = simulate(scenario.with_seed(12))
    assert other["activity"]["gifts_sent"] != first["activity"]["gifts_sent"]


def test_battles_goals_promotions_and_video_gifts_tie_to_the_ledger(tmp_path: Path) -> None:
    path = tmp_path / "whole.toml"
    path.write_text(TINY + FEATURES)
    kept = tmp_path / "kept.sqlite3"
    data = simulate(load_scenario(path), keep_database=kept)
    activity, features, ledger = data["activity"], data["features"], data["ledger"]
    coins, diamonds = ledger["coins"], ledger["diamonds"]
    assert data["verify"]["ok"] and data["verify"]["errors"] == 0 and ledger["ties"]
    # Every feature happened, through the engine.
    videos, battles, goals, promoted = (features["videos"], features["battles"],
                                        features["goals"], features["promotions"])
    assert videos["posted"] == 12 and videos["gifts_sent"] > 50
    assert 0 < videos["coins_gifted"] < activity["coins_gifted"]
    assert battles["started"] > 0 and battles["won"] + battles["drawn"] == battles["started"]
    assert 0 < battles["coins"] < activity["coins_gifted"] and not battles["refused"]
    assert goals["set"] > 0 and 0 < goals["completed"] <= goals["set"]
    assert promoted["started"] > 0 and promoted["deliveries"] > 0 and promoted["ended"] > 0
    assert promoted["purchases"] > 0 and not promoted["refused"]
    # Promotions' charges are the ledger's coins spent on promotions; what they did not
    # spend came back.
    assert promoted["coins_charged"] == coins["spent_promotions"] > 0
    assert promoted["coins_returned"] > 0
    assert activity["coins_gifted"] == coins["spent_gifts"]
    assert coins["spent"] == coins["spent_gifts"] + coins["spent_promotions"]
    assert coins["issued"] - coins["spent"] == coins["outstanding"] > 0
    assert (diamonds["earned"] - diamonds["clawed_back"] - diamonds["redeemed"]
            == diamonds["outstanding"])
    # Every coin gifted (LIVE or video) became the creators' diamonds at one per coin.
    assert diamonds["earned"] == coins["spent_gifts"]
    totals = asyncio.run(_user_totals(kept))
    assert totals["COIN"].posted == coins["outstanding"]
    assert totals["DIAMOND"].posted == diamonds["outstanding"]
    daily = data["daily"]
    assert sum(d["coins_gifted"] for d in daily) == coins["spent_gifts"]
    assert daily[-1]["coins_outstanding"] == coins["outstanding"]
    assert sum(s["sales"]["count"] for s in data["sales"]) == activity["purchases"]
    # The report shows them; the same seed gives the same bytes.
    page = html.report_html(data).decode()
    assert "Videos, battles, goals and promotions" in page and "gifts on video comments" in page
    again = simulate(load_scenario(path))
    assert results.as_json(again) == results.as_json(data)


@pytest.mark.slow
def test_purchases_fulfilled_together_give_the_figures_of_one_at_a_time(
        tmp_path: Path) -> None:
    """The set-based fulfilment (`fulfil_store_many`) against the single path
    (`fulfil_store`, one purchase at a time) on the same seed: the same report, byte for
    byte, refunds, battles, goals and promotions included."""
    path = tmp_path / "whole.toml"
    path.write_text(TINY.replace("count = 80", "count = 120") + FEATURES)
    scenario = load_scenario(path)
    together = simulate(scenario)
    reference = simulate(scenario, one_by_one=True)
    assert together["verify"]["ok"] and together["ledger"]["ties"]
    assert together["activity"]["purchases"] > 50
    assert results.as_json(together) == results.as_json(reference)


def _figure(data: dict[str, Any], key: str) -> Any:
    return dict(results.flatten(data))[key]


def test_compare_diamond_value_changes_earnings_and_nothing_bought(baseline_run: Run) -> None:
    base = baseline_run.scenario
    richer = small(load_scenario(SCENARIOS / "diamond-0.006.toml")).with_seed(base.seed)
    a, b = baseline_run.data, simulate(richer)
    assert a["ledger"]["ties"] and b["ledger"]["ties"]
    changed = {row.key for row in compare.changed_rows(a, b)}
    # Creators are paid more for the same diamonds...
    assert "creators.earned_minor_total" in changed and "margin.margin_minor" in changed
    assert b["creators"]["earned_minor_total"] * 5 == pytest.approx(
        a["creators"]["earned_minor_total"] * 6, rel=0.001)
    assert b["margin"]["margin_minor"] < a["margin"]["margin_minor"]
    # ...and nobody bought or gifted anything differently.
    assert a["sales"] == b["sales"] and a["by_currency"] == b["by_currency"]
    assert not any(k.startswith(("sales", "by_currency", "activity.gifts", "activity.purch",
                                 "ledger.coins", "ledger.diamonds.earned")) for k in changed)
    # The comparison as the CLI writes it.
    compared = compare.comparison(a, b)
    assert {d["key"] for d in compared["differences"]} == changed
    assert b"<svg" in html.compare_html(a, b)


def test_compare_web_discount_changes_web_sales_only(baseline_run: Run) -> None:
    base = baseline_run.scenario
    cheaper = small(load_scenario(SCENARIOS / "web-discount-30.toml")).with_seed(base.seed)
    a, b = baseline_run.data, simulate(cheaper)
    changed = {row.key for row in compare.changed_rows(a, b)}
    web = [k for k in changed if k.startswith("sales[") and "/web]" in k]
    store = [k for k in changed if k.startswith("sales[") and "/web]" not in k]
    assert web and not store
    assert _figure(b, "sales[USD/web].sales.gross_minor") < \
        _figure(a, "sales[USD/web].sales.gross_minor")
    assert a["ledger"]["coins"] == b["ledger"]["coins"]
    assert a["creators"] == b["creators"]


runner = CliRunner()


def fancoins(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "fancoins.cli", "simulate", *args],
                          capture_output=True, text=True, env=env, timeout=300, cwd=cwd)


def test_cli_writes_the_reports_and_compares(tiny: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text(TINY.replace('name = "tiny"', 'name = "richer"').replace(
        "[economy]", "[economy]\ncash_minor_per_1000_diamonds = 600"))
    done = fancoins(str(tiny), "--compare", str(other), "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "creators.earned_minor_total" in done.stdout and "Traceback" not in done.stderr
    out = tmp_path / "out"
    for name in ("tiny", "richer"):
        for file in ("report.json", "report.csv", "daily.csv", "report.html"):
            assert (out / name / file).stat().st_size > 0
    compared = orjson.loads((out / "compare.json").read_bytes())
    assert any(d["key"] == "creators.earned_minor_total" for d in compared["differences"])
    page = (out / "compare.html").read_text()
    assert "<svg" in page and "http" not in page.replace("http://www.w3.org", "")


def test_bench_simulate_times_a_run(tiny: Path, tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "200"}
    bench = [sys.executable, "-m", "fancoins.cli", "bench", "simulate", str(tiny), "--days", "2"]
    done = subprocess.run([*bench, "--target-gifts-per-s", "0"], capture_output=True,
                          text=True, env=env, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "(2 days)" in out and "gifts per second (target >= 0)" in out
    for row in ("gifts sent", "wall clock", "CPU time", "peak memory (max RSS)"):
        assert row in out
    assert "verify" in out and "OK" in out and "FAILED" not in out
    # A target it cannot meet: told, exit status 1.
    slow = subprocess.run([*bench, "--target-gifts-per-s", "100000000"], capture_output=True,
                          text=True, env=env, timeout=300, cwd=tmp_path)
    assert slow.returncode == 1 and "gifts per second (target >= 100,000,000)" in slow.stdout


@pytest.mark.parametrize(("change", "message"), [
    (("count = 80", "count = 0"), "viewers.count: Input should be greater than or equal to 1"),
    (("days = 6", "days = 6\nweeks = 2"), "weeks: Extra inputs are not permitted"),
    (("hold_days = 1", "hold_days = -1"), "economy.hold_days"),
    (("channels", "channels"), "invalid TOML"),
    (('US = 0.6, GB = 0.4 }', 'US = 0.6, GB = 0.4 }\nchannels = { tv = 1.0 }'),
     "unknown channel 'tv'"),
    (("[refunds]", "[videos]\ngift_share = 0.1\n[refunds]"),
     "videos: gifts on videos need videos (per_creator of at least 1)"),
    (("[refunds]", "[promotions]\nshare = 0.1\n[refunds]"),
     "promotions: creators promote videos"),
    (("[refunds]", "[battles]\nshare = 0.1\nduration_s = 5\n[refunds]"),
     "battles.duration_s: a battle lasts 30 to 1800 seconds"),
    (("[refunds]", "[videos]\nper_creator = 1\n[promotions]\nshare = 0.1\n"
                   "budget_coins = 10\n[refunds]"),
     "promotions.budget_coins: the economy allows 500 to 707000 coins"),
    (("[refunds]", "[goals]\nshare = 1.5\n[refunds]"),
     "goals.share: Input should be less than or equal to 1"),
])
def test_bad_scenarios_are_one_line(tiny: Path, change: tuple[str, str], message: str) -> None:
    """Through the Typer app in this process: a refusal comes before any simulation, so a
    process of its own would cost mostly its imports (a full second or more of CPU each);
    `test_a_bad_scenario_is_one_line_from_the_installed_command` runs one for real."""
    text = tiny.read_text()
    bad = (text + "\n[viewers\n") if change[0] == "channels" else text.replace(*change)
    tiny.write_text(bad)
    done = runner.invoke(app, ["simulate", str(tiny)])
    # Any other exception than the exit would have been a traceback in a process of its own.
    assert type(done.exception) is SystemExit and done.exit_code == 2, done.output
    assert "bad scenario:" in done.stderr and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_a_bad_scenario_is_one_line_from_the_installed_command(tiny: Path,
                                                                tmp_path: Path) -> None:
    tiny.write_text(tiny.read_text().replace("count = 80", "count = 0"))
    done = fancoins(str(tiny), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "bad scenario:" in done.stderr, done.stderr
    assert "viewers.count: Input should be greater than or equal to 1" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


async def test_the_simulation_guide_is_served(sqlite_template: Path, tmp_path: Path) -> None:
    settings = settings_for(fresh_sqlite_url(sqlite_template, tmp_path))
    async with running_app(settings) as (app, client):
        page = await client.get("/guides/simulate")
    assert page.status_code == 200 and "<h1>Simulating an economy</h1>" in page.text
    assert "/guides/simulate" in app.description
