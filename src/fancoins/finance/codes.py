"""The transfer codes the finance report reads, and what each means for the books.

Codes are written by the domains (purchases, gifts, payouts, promotions, operator, journal);
they are spelled out here once so the report's classification can be read in one place. A
code the report does not know is never dropped: it is shown under "other" with its name and
still counted in every balance, so the totals tie whatever it is.
"""

from __future__ import annotations

from fancoins.finance.lots import Reason

# --- purchases (purchases.service) ---
PURCHASE = "purchase"  # COIN: platform:coins_issued -> the buyer's wallet
PURCHASE_FEE = "purchase_fee"  # cash: store:<channel>:<cur> -> platform:store_fees:<cur>
PURCHASE_TAX = "purchase_tax"  # cash: store:<channel>:<cur> -> platform:tax:<cur>
PURCHASE_REVENUE = "purchase_revenue"  # cash: store:<channel>:<cur> -> platform:revenue:<cur>
PURCHASE_CLAWBACK = "purchase_clawback"  # COIN: the buyer's wallet -> platform:coins_issued
REFUND_FEE = "refund_fee"  # the money legs of a refund, each the other way round
REFUND_TAX = "refund_tax"
REFUND_REVENUE = "refund_revenue"
PURCHASE_MONEY = (PURCHASE_FEE, PURCHASE_TAX, PURCHASE_REVENUE)
REFUND_MONEY = (REFUND_FEE, REFUND_TAX, REFUND_REVENUE)
# A refund's `kind` (its legs' user_data): a card dispute is a chargeback; every other kind
# (store refund, revocation, voided purchase, card refund) is a refund.
CHARGEBACK_KINDS = frozenset({"dispute"})
# A reversal (a refund undone: Apple REFUND_REVERSED, a dispute won) would restore what the
# refund took; no domain writes one yet, so the report's reversal figures stay zero until a
# code is added here.
REVERSAL_CODES: frozenset[str] = frozenset()

# --- gifts (gifts.service) ---
GIFT_SENT = "gift_sent"  # COIN: the sender's wallet -> platform:coins_spent
GIFT_DIAMONDS = "gift_diamonds"  # DIAMOND: platform:diamonds_issued -> the creator

# --- payouts (payouts.legs, payouts.service) ---
DIAMOND_CLAWBACK = "refund_diamond_clawback"  # DIAMOND: the creator -> diamonds_issued
WITHDRAWAL_HOLD = "withdrawal_hold"  # pending: diamonds -> redeemed, revenue -> payouts
WITHDRAWAL_PAID = "withdrawal_paid"  # posts both holds
WITHDRAWAL_VOIDED = "withdrawal_voided"  # voids both holds
WITHDRAWAL_REVERSED = "withdrawal_reversed"  # a paid withdrawal returned: both legs back

# --- promotions (promotions.legs) ---
PROMOTION_HOLD = "promotion_hold"  # pending: the promoter's wallet -> platform:coins_spent
PROMOTION_CHARGE = "promotion_charge"  # posts (part of) a hold: coins spent
PROMOTION_RELEASE = "promotion_release"  # voids a hold: coins back

# --- operator (operator.service) and the journal's expiry ---
OPERATOR_GRANT = "operator_grant"  # COIN: platform:coins_issued -> a wallet (audited)
OPERATOR_REMOVAL = "operator_removal"  # COIN: a wallet -> platform:coins_issued (audited)
PENDING_EXPIRED = "pending_expired"  # voids a pending transfer past its timeout

# Coins leaving a wallet for good, and why their deferred revenue is released.
SPEND_REASONS: dict[str, Reason] = {
    GIFT_SENT: Reason.GIFTS,
    PROMOTION_CHARGE: Reason.PROMOTIONS,
    OPERATOR_REMOVAL: Reason.REMOVED,
}
VOIDS = frozenset({WITHDRAWAL_VOIDED, PROMOTION_RELEASE, PENDING_EXPIRED})


def refund_category(kind: str | None) -> str:
    return "chargebacks" if kind in CHARGEBACK_KINDS else "refunds"
