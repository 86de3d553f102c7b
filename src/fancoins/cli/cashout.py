"""`fancoins payouts submit` and `fancoins promotions settle`: the two money tasks, run once.

Run them from cron (or any scheduler) every minute or so; each run is bounded and safe to
repeat or to overlap (PayPal de-duplicates by sender_batch_id; settling locks its rows).
"""

from __future__ import annotations

import uuid

import typer

from fancoins.cli.common import DatabaseUrl, console, database_or_exit, fail, run
from fancoins.config import Settings
from fancoins.db.engine import engine_for
from fancoins.payouts.paypal import PayPalNotConfigured, paypal_config
from fancoins.payouts.tasks import SubmitReport, submit_due
from fancoins.promotions.tasks import settle_due
from fancoins.providers.paypal import PayPalPayouts

payouts_app = typer.Typer(help="Creator cash-out.", no_args_is_help=True)
promotions_app = typer.Typer(help="Coin-paid promotions.", no_args_is_help=True)

@payouts_app.command("submit")
def payouts_submit(database_url: DatabaseUrl = None) -> None:
    """Send requested and approved withdrawals to PayPal Payouts."""
    settings = database_or_exit(database_url)
    try:
        report = run(_submit(settings), status="submitting payouts")
    except PayPalNotConfigured as error:
        fail(f"PayPal is not configured: {error}")
    console.print(f"submitted {len(report.submitted)}, failed {len(report.failed)}, "
                  f"retry later {len(report.retry_later)}")


@promotions_app.command("settle")
def promotions_settle(database_url: DatabaseUrl = None) -> None:
    """End promotions whose period is over and return their unspent coins."""
    ended = run(_settle(database_or_exit(database_url)), status="settling promotions")
    console.print(f"ended {len(ended)} promotion(s)")


async def _submit(settings: Settings) -> SubmitReport:
    config = paypal_config(settings)
    engine = engine_for(settings)
    try:
        async with PayPalPayouts(config) as client:
            return await submit_due(engine, settings, client)
    finally:
        await engine.dispose()


async def _settle(settings: Settings) -> list[uuid.UUID]:
    engine = engine_for(settings)
    try:
        return await settle_due(engine, settings)
    finally:
        await engine.dispose()
