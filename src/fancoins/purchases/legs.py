"""The ledger legs of a purchase: its fulfilment, and each claw-back or restore step.

Fulfilment posts, in one commit with the purchase row, the coin leg (`platform:coins_issued` →
the buyer's wallet) and the money legs in the booked currency: the gross owed by the store or
processor (`store:<channel>:<currency>`) split into store fee, tax and net revenue. A purchase
nobody paid for (an audited grant, an accepted store test purchase) posts its coin leg only,
as `purchase_grant`.

A claw-back step takes coins back even below zero (`ALLOW_OVERDRAFT`: the wallet is then
restricted until it is repaid) and reverses its share of the money legs; a restore step (a
refund reversed) posts the exact opposite of what it undoes, with its own codes. Every leg
names the purchase and the step (`refund_id`) in its user data.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from fancoins.economy.refunds import PurchaseParts
from fancoins.ids import new_id
from fancoins.journal.service import AccountSpec
from fancoins.ledger import COIN, AccountFlags, TransferFlags, TransferRequest, chart
from fancoins.purchases.models import Purchase

UNPAID_SOURCES = frozenset({"grant", "test"})  # booked with no money


def currency_accounts(channel: str, currency: str) -> list[AccountSpec]:
    return [
        AccountSpec(chart.store_receivable(channel, currency), currency, "store",
                    AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS),
        AccountSpec(chart.store_fees(currency), currency, "platform"),
        AccountSpec(chart.taxes(currency), currency, "platform"),
        AccountSpec(chart.revenue(currency), currency, "platform"),
    ]


def _leg(code: str, debit: str, credit: str, asset: str, amount: int,
         user_data: Mapping[str, str | int | bool | None],
         flags: TransferFlags = TransferFlags.NONE) -> list[TransferRequest]:
    """One transfer, turned around for a negative amount; none for zero."""
    if amount == 0:
        return []
    if amount < 0:
        debit, credit, amount = credit, debit, -amount
    return [TransferRequest(id=new_id(), code=code, debit_account_id=debit,
                            credit_account_id=credit, asset=asset, amount=amount,
                            flags=flags, user_data=user_data)]


def fulfilment_transfers(purchase: Purchase) -> list[TransferRequest]:
    data = {"purchase_id": str(purchase.id), "provider": purchase.provider,
            "product_id": purchase.product_id}
    coin_code = "purchase_grant" if purchase.revenue_source in UNPAID_SOURCES else "purchase"
    cur = purchase.currency
    receivable = chart.store_receivable(purchase.channel, cur)
    return [
        *_leg(coin_code, chart.COINS_ISSUED, chart.user_coins(purchase.user_id), COIN,
              purchase.coins, data),
        *_leg("purchase_fee", receivable, chart.store_fees(cur), cur,
              purchase.store_fee_minor, data),
        *_leg("purchase_tax", receivable, chart.taxes(cur), cur, purchase.tax_minor, data),
        *_leg("purchase_revenue", receivable, chart.revenue(cur), cur, purchase.net_minor,
              data),
    ]


def step_transfers(purchase: Purchase, share: PurchaseParts, step_id: uuid.UUID,
                   kind: str) -> list[TransferRequest]:
    """The legs of one step: `share` positive claws back, negative restores."""
    data = {"purchase_id": str(purchase.id), "refund_id": str(step_id), "kind": kind}
    cur = purchase.currency
    receivable = chart.store_receivable(purchase.channel, cur)
    wallet = chart.user_coins(purchase.user_id)
    if share.coins >= 0 and share.gross_minor >= 0:
        return [
            *_leg("purchase_clawback", wallet, chart.COINS_ISSUED, COIN, share.coins, data,
                  TransferFlags.ALLOW_OVERDRAFT),
            *_leg("refund_fee", chart.store_fees(cur), receivable, cur,
                  share.store_fee_minor, data),
            *_leg("refund_tax", chart.taxes(cur), receivable, cur, share.tax_minor, data),
            *_leg("refund_revenue", chart.revenue(cur), receivable, cur, share.net_minor,
                  data),
        ]
    return [
        *_leg("clawback_reversed", chart.COINS_ISSUED, wallet, COIN, -share.coins, data),
        *_leg("refund_fee_reversed", receivable, chart.store_fees(cur), cur,
              -share.store_fee_minor, data),
        *_leg("refund_tax_reversed", receivable, chart.taxes(cur), cur, -share.tax_minor,
              data),
        *_leg("refund_revenue_reversed", receivable, chart.revenue(cur), cur,
              -share.net_minor, data),
    ]
