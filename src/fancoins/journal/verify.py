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

from sqlalchemy import and_, case, func, literal, or_, select
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


# Transfers named one by one behind an account-level finding (orphans, mixed assets).
NAMED_MAX = 10


def _flag(column: ColumnElement[int], flag: int) -> ColumnElement[int]:
    return column.bitwise_and(flag)


# verify reads every transfer at once: its sorts, hash joins and aggregates stay in memory
# (a million transfers need about 150 MB) instead of spilling to disk. Only verify's own
# transaction gets it.
VERIFY_WORK_MEM = "256MB"


async def tune_for_scans(connection: AsyncConnection) -> None:
    """PostgreSQL settings for verify's transaction: memory for whole-table work, and no JIT
    (compiling verify's large expressions took longer than running them)."""
    if connection.dialect.name == "postgresql":
        await connection.exec_driver_sql(f"SET LOCAL work_mem = '{VERIFY_WORK_MEM}'")
        await connection.exec_driver_sql("SET LOCAL jit = off")


async def verify(connection: AsyncConnection) -> VerifyReport:
    report = VerifyReport()
    await check_ledger(connection, report)
    return report


async def check_ledger(connection: AsyncConnection, report: VerifyReport) -> None:
    """Every check of the ledger alone (see the module docstring), into `report`."""
    await tune_for_scans(connection)
    report.accounts = (await connection.execute(select(func.count()).select_from(a))).scalar_one()
    report.transfers = (await connection.execute(select(func.count()).select_from(t))).scalar_one()
    await _check_balances(connection, report)
    await _check_asset_sums(connection, report)
    await _check_flags(connection, report)
    await _check_pendings(connection, report)


def _side_sums(side: ColumnElement[str], name: str) -> Subquery:
    """Per account, one side of its transfers: pending and posted sums, and the lowest and
    highest asset they moved (both must be the account's)."""
    is_pending = _flag(t.c.flags, TransferFlags.PENDING) != 0
    is_void = _flag(t.c.flags, TransferFlags.VOID_PENDING) != 0
    open_pending = and_(is_pending, t.c.pending_status == "pending")
    posts = and_(~is_pending, ~is_void)
    return (
        select(
            side.label("account_id"),
            func.sum(case((open_pending, t.c.amount), else_=0)).label("pending"),
            func.sum(case((posts, t.c.amount), else_=0)).label("posted"),
            func.min(t.c.asset).label("asset_min"), func.max(t.c.asset).label("asset_max"),
        )
        .group_by(side)
        .subquery(name)
    )


async def _check_balances(connection: AsyncConnection, report: VerifyReport) -> None:
    """Every account's four totals against its transfers, in one pass over each side (a
    full join, so accounts without transfers and transfers without accounts both show)."""
    d = _side_sums(t.c.debit_account_id, "debits")
    c = _side_sums(t.c.credit_account_id, "credits")
    zero = literal(0)
    dp, dpo = func.coalesce(d.c.pending, zero), func.coalesce(d.c.posted, zero)
    cp, cpo = func.coalesce(c.c.pending, zero), func.coalesce(c.c.posted, zero)
    account_id = func.coalesce(a.c.id, d.c.account_id, c.c.account_id)
    asset_off = or_(d.c.asset_min != a.c.asset, d.c.asset_max != a.c.asset,
                    c.c.asset_min != a.c.asset, c.c.asset_max != a.c.asset)
    joined = (
        a.join(d, d.c.account_id == a.c.id, full=True)
        .join(c, c.c.account_id == func.coalesce(a.c.id, d.c.account_id), full=True)
    )
    rows = await connection.execute(
        select(account_id.label("id"), a.c.id.label("stored_id"), a.c.debits_pending,
               a.c.debits_posted, a.c.credits_pending, a.c.credits_posted,
               dp.label("dp"), dpo.label("dpo"), cp.label("cp"), cpo.label("cpo"),
               asset_off.label("asset_off"))
        .select_from(joined)
        .where(or_(a.c.id.is_(None), asset_off, a.c.debits_pending != dp,
                   a.c.debits_posted != dpo, a.c.credits_pending != cp,
                   a.c.credits_posted != cpo))
    )
    orphaned, mixed = [], []
    for row in rows:
        if row.stored_id is None:
            orphaned.append(row.id)
            continue
        if row.asset_off:
            mixed.append(row.id)
        stored = (row.debits_pending, row.debits_posted, row.credits_pending, row.credits_posted)
        computed = (int(row.dp), int(row.dpo), int(row.cp), int(row.cpo))
        if stored != computed:
            report.error(
                "balance", row.id,
                "stored (debits pending, posted, credits pending, posted) "
                f"{stored} != from transfers {computed}",
            )
    await _name_transfers(connection, report, orphaned, mixed)


async def _name_transfers(connection: AsyncConnection, report: VerifyReport,
                          orphaned: list[str], mixed: list[str]) -> None:
    """The transfers behind an account-level finding, by id (rare: only when one was found)."""
    if orphaned:
        rows = await connection.execute(
            select(t.c.id).where(or_(t.c.debit_account_id.in_(orphaned),
                                     t.c.credit_account_id.in_(orphaned)))
            .order_by(t.c.id).limit(NAMED_MAX))
        for transfer_id in rows.scalars():
            report.error("orphan", str(transfer_id),
                         "transfer names an account that does not exist")
    if mixed:
        debit, credit = aliased(a), aliased(a)
        rows = await connection.execute(
            select(t.c.id)
            .join(debit, debit.c.id == t.c.debit_account_id)
            .join(credit, credit.c.id == t.c.credit_account_id)
            .where(or_(t.c.debit_account_id.in_(mixed), t.c.credit_account_id.in_(mixed)),
                   (debit.c.asset != t.c.asset) | (credit.c.asset != t.c.asset))
            .order_by(t.c.id).limit(NAMED_MAX))
        for transfer_id in rows.scalars():
            report.error("asset", str(transfer_id),
                         "transfer asset differs from its accounts' asset")


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
            t.c.pending_status.is_not(None),  # the partial index on the status: pendings only
            _flag(t.c.flags, TransferFlags.PENDING) != 0,
            t.c.pending_status != "pending",
        )
    )
    for pending_id in closed.scalars():
        if pending_id not in resolved_by:
            report.error("pending", str(pending_id), "closed but no transfer resolves it")
