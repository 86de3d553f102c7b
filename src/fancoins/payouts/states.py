"""The withdrawal state machine and what each PayPal event means for it. Pure: no I/O.

    requested ──▶ submitted ──▶ paid ──▶ reversed
        │  ▲          │
        │  │          └──▶ failed
        ▼  │
       held ──▶ approved ──▶ submitted
        │
        └──▶ rejected          (requested and approved may also be rejected or fail)

Open states (requested, held, approved, submitted) keep the creator's diamonds and the cash
pending in the ledger; `paid` posts them, `failed`/`rejected` void them (diamonds back), and
`reversed` re-credits a paid withdrawal with new transfers.
"""

from __future__ import annotations

import enum

from fancoins.kit.errors import Conflict


class WithdrawalStatus(enum.StrEnum):
    REQUESTED = "requested"
    HELD = "held"  # an operator holds it for review: never submitted while held
    APPROVED = "approved"  # reviewed and released for submission
    SUBMITTED = "submitted"  # PayPal accepted the batch; waiting for its webhook
    PAID = "paid"
    FAILED = "failed"
    REJECTED = "rejected"  # refused by an operator
    REVERSED = "reversed"  # paid, then returned, refunded or reversed by PayPal


S = WithdrawalStatus

_ALLOWED: dict[WithdrawalStatus, frozenset[WithdrawalStatus]] = {
    S.REQUESTED: frozenset({S.HELD, S.SUBMITTED, S.REJECTED, S.FAILED}),
    S.HELD: frozenset({S.APPROVED, S.REJECTED}),
    S.APPROVED: frozenset({S.HELD, S.SUBMITTED, S.REJECTED, S.FAILED}),
    S.SUBMITTED: frozenset({S.PAID, S.FAILED}),
    S.PAID: frozenset({S.REVERSED}),
    S.FAILED: frozenset(),
    S.REJECTED: frozenset(),
    S.REVERSED: frozenset(),
}

# Waiting for submission by the payout task.
SUBMITTABLE = frozenset({S.REQUESTED, S.APPROVED})
# Diamonds and cash are still pending in the ledger.
OPEN = frozenset({S.REQUESTED, S.HELD, S.APPROVED, S.SUBMITTED})
# Counted against the daily cap: money that left or may still leave.
COUNTS_TOWARD_CAP = OPEN | {S.PAID}


class IllegalTransition(Conflict):
    """The machine has no edge from the withdrawal's state to the one asked for."""

    slug = "withdrawal-state-conflict"
    title = "Not possible in this state"

    def __init__(self, current: WithdrawalStatus, target: WithdrawalStatus) -> None:
        super().__init__(f"a {current.value} withdrawal cannot become {target.value}")
        self.current = current
        self.target = target


def check_transition(current: WithdrawalStatus, target: WithdrawalStatus) -> None:
    """Raise `IllegalTransition` unless `current → target` is an edge of the machine."""
    if target not in _ALLOWED[current]:
        raise IllegalTransition(current, target)


# PayPal event types (Payouts webhooks) grouped by what they mean for the withdrawal.
ITEM_PREFIX = "PAYMENT.PAYOUTS-ITEM."
SUCCEEDED_EVENTS = frozenset({"PAYMENT.PAYOUTS-ITEM.SUCCEEDED"})
FAILED_EVENTS = frozenset({
    "PAYMENT.PAYOUTS-ITEM.FAILED", "PAYMENT.PAYOUTS-ITEM.BLOCKED",
    "PAYMENT.PAYOUTS-ITEM.CANCELED", "PAYMENT.PAYOUTS-ITEM.DENIED",
    "PAYMENT.PAYOUTSBATCH.DENIED",
})
# After success these take the money back from the creator's PayPal account.
RETURNED_EVENTS = frozenset({
    "PAYMENT.PAYOUTS-ITEM.RETURNED", "PAYMENT.PAYOUTS-ITEM.REFUNDED",
    "PAYMENT.PAYOUTS-ITEM.REVERSED",
})


def plan_event(current: WithdrawalStatus, event_type: str) -> tuple[WithdrawalStatus, ...]:
    """The transitions a verified PayPal event causes, in order; empty when it changes
    nothing (informational, already applied, or not legal from `current`).

    A success seen before our own submission was recorded (the task crashed after PayPal
    accepted) passes through `submitted`; a return before success is a failure.
    """
    if event_type in SUCCEEDED_EVENTS:
        path: tuple[WithdrawalStatus, ...] = (S.SUBMITTED, S.PAID)
    elif event_type in FAILED_EVENTS:
        path = (S.FAILED,)
    elif event_type in RETURNED_EVENTS:
        path = (S.REVERSED,) if current is S.PAID else (S.FAILED,)
    else:
        return ()
    if current is S.HELD:
        return ()  # never submitted, so no PayPal event can concern it
    if path[0] is S.SUBMITTED and current is S.SUBMITTED:
        path = path[1:]
    step: WithdrawalStatus = current
    for target in path:
        if target not in _ALLOWED[step]:
            return ()
        step = target
    return path
