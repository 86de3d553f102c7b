"""Run a scenario end to end: a throwaway SQLite database, the days, the reports.

`simulate` is synchronous (it migrates the new database with Alembic, then runs the async
simulation): the CLI's entry, and the tests'.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.config import ConfigError, Settings, load_settings
from fancoins.db.engine import create_engine
from fancoins.db.migrate import upgrade
from fancoins.economy.rules import EconomyConfig
from fancoins.finance.model import FinanceReport, Period
from fancoins.finance.service import ReportOptions, finance_reports, snapshot
from fancoins.kit.clock import ManualClock, use_clock
from fancoins.simulate import results
from fancoins.simulate.run import Progress, Simulation
from fancoins.simulate.scenario import (
    Scenario,
    ScenarioError,
    check_bounds,
    scenario_economy,
)

DATABASE_FILE = "simulation.sqlite3"


def simulation_settings(database_url: str, economy: EconomyConfig, **overrides: Any) -> Settings:
    """Settings for the simulation's database whose economy is the scenario's.

    `Settings.economy` is read from the economy file once and cached on the instance; the
    scenario's economy is that file with overrides, so it is placed in the cache directly.
    Background jobs stay off: the simulation runs the steps itself, in simulated time."""
    settings = load_settings(database_url=database_url, jobs__enabled=False, **overrides)
    settings.__dict__["economy"] = economy
    return settings


def _configured() -> Settings:
    """The operator's settings: FANCOINS_ECONOMY_FILE (the economy it runs) and the bounds
    of battles."""
    try:
        return load_settings()
    except ConfigError as error:
        raise ScenarioError(f"settings: {error}") from None


def checked_economy(scenario: Scenario, base_economy_file: Path | None = None
                    ) -> EconomyConfig:
    """The economy `scenario` runs on, the scenario checked against it and the operator's
    bounds (before anything runs); raises `ScenarioError`."""
    configured = _configured()
    economy = scenario_economy(scenario, base_economy_file or configured.economy_file)
    check_bounds(scenario, economy, configured.battles.duration_min_s,
                 configured.battles.duration_max_s)
    return economy


def simulate(scenario: Scenario, *, base_economy_file: Path | None = None,
             progress: Progress | None = None, keep_database: Path | None = None,
             one_by_one: bool = False) -> results.Json:
    """Run `scenario`; its figures as JSON-ready values. The database is deleted afterwards
    unless `keep_database` names where to keep it. `one_by_one` fulfils each purchase on its
    own (the single path), the reference for the set-based one: the same figures, slower."""
    economy = checked_economy(scenario, base_economy_file)
    directory = Path(tempfile.mkdtemp(prefix="fancoins-simulation-"))
    try:
        path = directory / DATABASE_FILE
        url = f"sqlite+aiosqlite:///{path}"
        upgrade(url)
        settings = simulation_settings(url, economy)
        data = asyncio.run(_simulate(settings, economy, scenario, progress, one_by_one))
        if keep_database is not None:
            shutil.copyfile(path, keep_database)
        return data
    finally:
        shutil.rmtree(directory, ignore_errors=True)


async def _simulate(settings: Settings, economy: EconomyConfig, scenario: Scenario,
                    progress: Progress | None, one_by_one: bool = False) -> results.Json:
    # The simulation is one task: SQLite's calls are made on its own thread.
    engine = create_engine(settings.database_url, sqlite_inline=True)
    _throwaway(engine)
    try:
        with use_clock(ManualClock()) as clock:
            assert isinstance(clock, ManualClock)
            simulation = Simulation(engine, settings, economy, scenario, clock, progress,
                                    one_by_one=one_by_one)
            tally = await simulation.run()
            end_ms = simulation.day_start_ms(scenario.days)
            clock.set(end_ms)
            whole = await _report(engine, economy, scenario, end_ms)
        return results.result(scenario, economy, tally, simulation.features.tally,
                              [c.id for c in simulation.creators], whole, simulation.closes)
    finally:
        await engine.dispose()


def _throwaway(engine: AsyncEngine) -> None:
    """No fsync at each commit: the database is deleted when the run ends, and a run that
    stops half way is started again, never resumed (measured: the fsyncs of a run's
    thousand commits took a tenth of its time)."""
    @event.listens_for(engine.sync_engine, "connect")
    def _no_sync(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.close()


async def _report(engine: AsyncEngine, economy: EconomyConfig, scenario: Scenario,
                  end_ms: int) -> FinanceReport:
    # Made "at" the end of the run, so the same seed renders the same bytes.
    options = ReportOptions(payouts=economy.payouts, generated_at_ms=end_ms)
    last = scenario.start + dt.timedelta(days=scenario.days - 1)
    async with snapshot(engine) as connection:
        return await finance_reports.report(connection, Period(scenario.start, last), options)
