"""`fancoins verify`: prove from the transfers alone that every stored balance is right.

Checks, each a finding when broken:
- every account's four totals equal the sums of its transfers;
- for every asset, posted and pending totals sum to zero over all accounts;
- no flagged account breaks its flag (a wallet below zero by refund claw-back is reported as
  restricted, not as an error: the claw-back is allowed to do that);
- every transfer's asset is its accounts' asset;
- every pending transfer is accounted for: open ones have no resolution, closed ones exactly one,
  each resolution points at a pending transfer with the same accounts and no more than its amount.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Subquery

from fancoins.db.tables.ledger import ledger_accounts, ledger_transfers
from fancoins.ledger import AccountFlags, TransferFlags
from fancoins.ledger.chain import LaneHead

t = ledger_transfers
a = ledger_accounts


class Severity(enum.StrEnum):
    ERROR = "error"
    NOTICE = "notice"


@dataclass(frozen=True, slots=True)
class Finding:
    severity: Severity
    check: str
    subject: str
    detail: str


@dataclass(slots=True)
class VerifyReport:
    accounts: int = 0
    transfers: int = 0
    # asset -> (posted total over all accounts, pending total): both must be zero.
    asset_sums: dict[str, tuple[int, int]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # The hash chain (filled by `chain_verify`): links per chain, and each lane's last link.
    links: dict[str, int] = field(default_factory=dict)
    heads: list[LaneHead] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)

    def error(self, check: str, subject: str, detail: str) -> None:
        self.findings.append(Finding(Severity.ERROR, check, subject, detail))


def _flag(column: ColumnElement[int], flag: int) -> ColumnElement[int]:
    return column.bitwise_and(flag)


async def verify(connection: AsyncConnection) -> VerifyReport:
    report = VerifyReport()
    report.accounts = (await connection.execute(select(func.count()).select_from(a))).scalar_one()
    report.transfers = (await connection.execute(select(func.count()).select_from(t))).scalar_one()
    await _check_balances(connection, report)
    await _check_asset_sums(connection, report)
    await _check_flags(connection, report)
    await _check_assets(connection, report)
    await _check_pendings(connection, report)
    return report


def _leg_sums() -> Subquery:
    """Per account: the four totals recomputed from transfers."""
    is_pending = _flag(t.c.flags, TransferFlags.PENDING) != 0
    is_void = _flag(t.c.flags, TransferFlags.VOID_PENDING) != 0
    open_pending = and_(is_pending, t.c.pending_status == "pending")
    posts = and_(~is_pending, ~is_void)
    pending_amount = case((open_pending, t.c.amount), else_=0)
    posted_amount = case((posts, t.c.amount), else_=0)
    debit_legs = select(
        t.c.debit_account_id.label("account_id"),
        pending_amount.label("dp"), posted_amount.label("dpo"),
        literal(0).label("cp"), literal(0).label("cpo"),
    )
    credit_legs = select(
        t.c.credit_account_id.label("account_id"),
        literal(0).label("dp"), literal(0).label("dpo"),
        pending_amount.label("cp"), posted_amount.label("cpo"),
    )
    legs = union_all(debit_legs, credit_legs).subquery("legs")
    return (
        select(
            legs.c.account_id,
            func.sum(legs.c.dp).label("dp"), func.sum(legs.c.dpo).label("dpo"),
            func.sum(legs.c.cp).label("cp"), func.sum(legs.c.cpo).label("cpo"),
        )
        .group_by(legs.c.account_id)
        .subquery("sums")
    )


async def _check_balances(connection: AsyncConnection, report: VerifyReport) -> None:
    sums = _leg_sums()
    rows = await connection.execute(
        select(
            a.c.id, a.c.debits_pending, a.c.debits_posted, a.c.credits_pending, a.c.credits_posted,
            func.coalesce(sums.c.dp, 0).label("dp"), func.coalesce(sums.c.dpo, 0).label("dpo"),
            func.coalesce(sums.c.cp, 0).label("cp"), func.coalesce(sums.c.cpo, 0).label("cpo"),
        ).select_from(a.outerjoin(sums, sums.c.account_id == a.c.id))
    )
    for row in rows:
        stored = (row.debits_pending, row.debits_posted, row.credits_pending, row.credits_posted)
        computed = (int(row.dp), int(row.dpo), int(row.cp), int(row.cpo))
        if stored != computed:
            report.error(
                "balance", row.id,
                "stored (debits pending, posted, credits pending, posted) "
                f"{stored} != from transfers {computed}",
            )
    orphans = await connection.execute(
        select(t.c.id).where(
            ~select(a.c.id).where(a.c.id == t.c.debit_account_id).exists()
            | ~select(a.c.id).where(a.c.id == t.c.credit_account_id).exists()
        ).limit(10)
    )
    for transfer_id in orphans.scalars():
        report.error("orphan", str(transfer_id), "transfer names an account that does not exist")


async def _check_asset_sums(connection: AsyncConnection, report: VerifyReport) -> None:
    rows = await connection.execute(
        select(
            a.c.asset,
            func.sum(a.c.debits_posted - a.c.credits_posted).label("posted"),
            func.sum(a.c.debits_pending - a.c.credits_pending).label("pending"),
        ).group_by(a.c.asset).order_by(a.c.asset)
    )
    for row in rows:
        report.asset_sums[row.asset] = (int(row.posted), int(row.pending))
        if row.posted != 0 or row.pending != 0:
            report.error(
                "zero_sum", row.asset,
                f"accounts sum to posted {row.posted}, pending {row.pending}; both must be 0",
            )


async def _check_flags(connection: AsyncConnection, report: VerifyReport) -> None:
    clawed = select(t.c.debit_account_id).where(
        _flag(t.c.flags, TransferFlags.ALLOW_OVERDRAFT) != 0
    )
    dmnec = and_(
        _flag(a.c.flags, AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS) != 0,
        a.c.debits_posted + a.c.debits_pending > a.c.credits_posted,
    )
    cmned = and_(
        _flag(a.c.flags, AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS) != 0,
        a.c.credits_posted + a.c.credits_pending > a.c.debits_posted,
    )
    rows = await connection.execute(
        select(a.c.id, a.c.id.in_(clawed).label("clawed"), dmnec.label("dmnec"))
        .where(dmnec | cmned)
    )
    for row in rows:
        if row.dmnec and row.clawed:
            report.findings.append(Finding(
                Severity.NOTICE, "restricted", row.id,
                "below zero after a refund claw-back (allowed; the account is restricted)",
            ))
        else:
            report.error("flag", row.id, "balance breaks the account's overdraft flag")


async def _check_assets(connection: AsyncConnection, report: VerifyReport) -> None:
    debit = aliased(a)
    credit = aliased(a)
    rows = await connection.execute(
        select(t.c.id)
        .join(debit, debit.c.id == t.c.debit_account_id)
        .join(credit, credit.c.id == t.c.credit_account_id)
        .where((debit.c.asset != t.c.asset) | (credit.c.asset != t.c.asset))
        .limit(10)
    )
    for transfer_id in rows.scalars():
        report.error("asset", str(transfer_id), "transfer asset differs from its accounts' asset")


async def _check_pendings(connection: AsyncConnection, report: VerifyReport) -> None:
    resolutions = aliased(t)
    resolves = _flag(resolutions.c.flags, TransferFlags.POST_PENDING | TransferFlags.VOID_PENDING)
    rows = await connection.execute(
        select(
            resolutions.c.id.label("resolution_id"), resolutions.c.pending_id,
            resolutions.c.amount, resolutions.c.flags,
            resolutions.c.debit_account_id, resolutions.c.credit_account_id,
            t.c.id.label("found_id"), t.c.amount.label("pending_amount"),
            t.c.flags.label("pending_flags"), t.c.pending_status,
            t.c.debit_account_id.label("p_debit"), t.c.credit_account_id.label("p_credit"),
        )
        .select_from(resolutions.outerjoin(t, t.c.id == resolutions.c.pending_id))
        .where(resolves != 0)
    )
    resolved_by: dict[object, list[str]] = defaultdict(list)
    for row in rows:
        subject = str(row.resolution_id)
        if row.found_id is None or not row.pending_flags & TransferFlags.PENDING:
            report.error("pending", subject, "resolves a transfer that is not pending")
            continue
        resolved_by[row.pending_id].append(subject)
        is_post = bool(row.flags & TransferFlags.POST_PENDING)
        expected = ("posted",) if is_post else ("voided", "expired")
        if row.pending_status not in expected:
            report.error("pending", str(row.pending_id),
                         f"status {row.pending_status!r} but resolved by {subject}")
        if (row.debit_account_id, row.credit_account_id) != (row.p_debit, row.p_credit):
            report.error("pending", subject, "resolution accounts differ from the pending's")
        if row.amount > row.pending_amount:
            report.error("pending", subject, "posts more than was pending")
    for pending_id, subjects in resolved_by.items():
        if len(subjects) > 1:
            report.error("pending", str(pending_id), f"resolved {len(subjects)} times")
    closed = await connection.execute(
        select(t.c.id).where(
            _flag(t.c.flags, TransferFlags.PENDING) != 0,
            t.c.pending_status != "pending",
        )
    )
    for pending_id in closed.scalars():
        if pending_id not in resolved_by:
            report.error("pending", str(pending_id), "closed but no transfer resolves it")
