"""Money shown to people is formatted on the server the way the packages screen shows it
($100.00, not 100.00 USD), next to the exact integer it shows."""

from __future__ import annotations

from tests.payouts.conftest import Env, make_creator, withdraw


async def test_withdrawals_and_earnings_carry_display_strings(env: Env) -> None:
    await make_creator(env, diamonds=50_000)
    withdrawal = (await withdraw(env, 10_000)).json()
    assert (withdrawal["amount_minor"], withdrawal["amount_display"]) == (10_000, "$100.00")
    earnings = (await env.client.get("/v1/creator/earnings", headers=env.token("cara"))).json()
    assert (earnings["cash_value_minor"], earnings["cash_value_display"]) == (25_000, "$250.00")
    assert earnings["withdrawable_cash_display"] == "$150.00"
    assert earnings["min_withdrawal_display"] == "$100.00"
