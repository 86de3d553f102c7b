"""Checking the hash chain: every link recomputed from what is stored now.

A link is broken when its transfers (or its audit entry) no longer hash to the stored hash,
when its `prev_hash` is not the stored hash of the link before it, when links before it are
missing, when its transfers are gone, or when transfers name a link that is not there. Each
link is judged on its own (its hash recomputed over its *stored* `prev_hash`), so an edit
breaks the one link it touched and `verify` names it; per lane the first broken link is the
finding and the rest are counted in it.

On PostgreSQL the ledger's links are recomputed by one set-based query (each row's bytes are
the database's own binary record encoding, which is what `fancoins.ledger.chain` defines), so
a million transfers verify in seconds; on SQLite (the embedded database) they are read and
hashed here. The audit log, small by nature, is hashed here on both.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.dialect import json_as_text
from fancoins.db.tables import audit_log
from fancoins.db.tables.ledger import chain_heads, ledger_links, ledger_transfers
from fancoins.journal.verify import VerifyReport
from fancoins.ledger.chain import (
    AUDIT,
    GENESIS,
    HEAD_LANE_HEX,
    LEDGER,
    LEDGER_TAG,
    ExpectedHead,
    LaneHead,
    audit_hash,
    audit_record,
    heads_digest,
    link_hash,
    link_name,
    transfer_record,
)

t = ledger_transfers
CHECK = "chain"
# Rows fetched at a time where the chain is hashed here (SQLite): memory stays bounded however
# long the ledger, and a fetch a row would cost a thread hop each.
STREAM_ROWS = 10_000
HEAD_CHECK = "head"


@dataclass(frozen=True, slots=True)
class LinkFacts:
    """What is stored about one link position, and what its transfers hash to now."""

    lane: int
    seq: int
    stored_hash: str | None  # None: transfers name a link that is not there
    prev_hash: str | None
    before_hash: str | None  # the stored hash of the lane's previous link
    before_seq: int | None
    stored_count: int | None
    count: int | None  # None: no transfer names this link
    recomputed: str | None


def _problems(f: LinkFacts) -> list[str]:
    if f.stored_hash is None:
        return [f"{f.count} transfer(s) name this link, which is not in the chain"]
    if f.count is None:
        return ["every transfer of this link is gone"]
    problems = []
    if f.seq != (f.before_seq or 0) + 1:
        problems.append(f"it follows link {f.before_seq or 0}: the links between are gone")
    if f.prev_hash != (f.before_hash or GENESIS):
        problems.append("its prev_hash is not the hash of the link before it")
    if f.stored_count != f.count:
        problems.append(f"it holds {f.count} transfer(s), the link says {f.stored_count}")
    if f.recomputed != f.stored_hash:
        problems.append("its transfers no longer hash to the stored hash: a transfer was "
                        "changed, added, removed or moved")
    return problems


def _report_lanes(report: VerifyReport, chain: str, broken: Iterable[LinkFacts]) -> None:
    """The first broken link of each lane is the finding; the later ones are counted in it."""
    by_lane: dict[int, list[tuple[LinkFacts, list[str]]]] = defaultdict(list)
    for facts in broken:
        problems = _problems(facts)
        if problems:
            by_lane[facts.lane].append((facts, problems))
    for lane in sorted(by_lane):
        links = sorted(by_lane[lane], key=lambda item: item[0].seq)
        first, problems = links[0]
        later = f" ({len(links) - 1} later link(s) of this lane broken too)" if len(links) > 1 \
            else ""
        report.error(CHECK, link_name(chain, lane, first.seq),
                     "first broken link: " + "; ".join(problems) + later)


# --- the ledger's chain ---------------------------------------------------------------------


# Each transfer's record exactly as `fancoins.ledger.chain` makes it (PostgreSQL's binary
# record encoding): one `record_send` per row, no text formatting.
_SQL_RECORD = (
    "record_send(row(id, debit_account_id::text, credit_account_id::text, asset::text,"
    " amount::int8, code::text, user_data::json, flags::int8, pending_id, timeout_s::int8,"
    " expires_at_ms::int8, operation_id::text, created_at_ms::int8))"
)
_PG_BROKEN_LINKS = f"""
WITH records AS (
    -- OFFSET 0 keeps this a subquery: each record is made while scanning, and the sort that
    -- groups them carries only what the aggregate needs (measured twice as fast as making
    -- the records inside the aggregate).
    -- Transfers in no link form one group of their own (lane NULL): counted in the same pass.
    SELECT chain_lane AS lane, chain_seq AS seq, id, {_SQL_RECORD} AS record
    FROM ledger_transfers OFFSET 0
), bodies AS (
    SELECT lane, seq, count(*) AS n,
           encode(sha256(string_agg(record, ''::bytea ORDER BY id)), 'hex') AS body
    FROM records GROUP BY lane, seq
), links AS (
    SELECT lane, seq, prev_hash, hash, transfers,
           lag(hash) OVER w AS before_hash, lag(seq) OVER w AS before_seq
    FROM ledger_links WINDOW w AS (PARTITION BY lane ORDER BY seq)
), checked AS (
    SELECT coalesce(l.lane, b.lane) AS lane, coalesce(l.seq, b.seq) AS seq,
           l.hash AS stored_hash, l.prev_hash, l.before_hash, l.before_seq,
           l.transfers AS stored_count, b.n AS transfers_now,
           encode(sha256(convert_to('{LEDGER_TAG}|' || l.lane || '|' || l.seq || '|' || b.n
                                    || '|' || l.prev_hash || '|' || b.body, 'UTF8')), 'hex')
               AS recomputed
    FROM links l FULL JOIN bodies b ON b.lane = l.lane AND b.seq = l.seq
)
SELECT * FROM checked
WHERE stored_hash IS NULL OR transfers_now IS NULL OR recomputed <> stored_hash
   OR stored_count <> transfers_now OR prev_hash <> coalesce(before_hash, '{GENESIS}')
   OR seq <> coalesce(before_seq, 0) + 1
ORDER BY lane, seq
"""


async def _ledger_facts_pg(connection: AsyncConnection) -> tuple[list[LinkFacts], int]:
    """The broken links, and how many transfers are in no link."""
    facts, unchained = [], 0
    for r in await connection.execute(text(_PG_BROKEN_LINKS)):
        if r.lane is None:
            unchained = int(r.transfers_now)
            continue
        facts.append(LinkFacts(r.lane, r.seq, r.stored_hash, r.prev_hash, r.before_hash,
                               r.before_seq, r.stored_count, r.transfers_now, r.recomputed))
    return facts, unchained


async def _ledger_facts_streamed(connection: AsyncConnection) -> list[LinkFacts]:
    bodies: dict[tuple[int, int], tuple[Any, int]] = {}
    result = await connection.stream(
        select(t.c.chain_lane, t.c.chain_seq, t.c.id, t.c.debit_account_id,
               t.c.credit_account_id, t.c.asset, t.c.amount, t.c.code,
               json_as_text(t.c.user_data).label("user_data_text"), t.c.flags, t.c.pending_id,
               t.c.timeout_s, t.c.expires_at_ms, t.c.operation_id, t.c.created_at_ms)
        .where(t.c.chain_lane.is_not(None))
        .order_by(t.c.chain_lane, t.c.chain_seq, t.c.id)
    )
    async for rows in result.partitions(STREAM_ROWS):
        for r in rows:
            key = (int(r.chain_lane), int(r.chain_seq))
            body, n = bodies.get(key) or (hashlib.sha256(), 0)
            body.update(transfer_record(
                r.id, r.debit_account_id, r.credit_account_id, r.asset, r.amount, r.code,
                r.user_data_text, r.flags, r.pending_id, r.timeout_s, r.expires_at_ms,
                r.operation_id, r.created_at_ms))
            bodies[key] = (body, n + 1)
    links = (await connection.execute(
        select(ledger_links).order_by(ledger_links.c.lane, ledger_links.c.seq))).all()
    facts = []
    before: dict[int, Any] = {}
    for link in links:
        body_n = bodies.pop((link.lane, link.seq), None)
        previous = before.get(link.lane)
        before[link.lane] = link
        recomputed = None if body_n is None else link_hash(
            LEDGER_TAG, link.lane, link.seq, body_n[1], link.prev_hash, body_n[0].hexdigest())
        facts.append(LinkFacts(
            link.lane, link.seq, link.hash, link.prev_hash,
            previous.hash if previous is not None else None,
            previous.seq if previous is not None else None, link.transfers,
            None if body_n is None else body_n[1], recomputed))
    facts.extend(LinkFacts(lane, seq, None, None, None, None, None, n, None)
                 for (lane, seq), (_, n) in bodies.items())
    return facts


async def check_ledger_chain(connection: AsyncConnection, report: VerifyReport) -> None:
    if connection.dialect.name == "postgresql":
        facts, unchained = await _ledger_facts_pg(connection)
    else:
        facts = await _ledger_facts_streamed(connection)
        unchained = (await connection.execute(
            select(func.count()).where(t.c.chain_lane.is_(None)))).scalar_one()
    _report_lanes(report, LEDGER, facts)
    if unchained:
        first_id = (await connection.execute(
            select(t.c.id).where(t.c.chain_lane.is_(None)).order_by(t.c.id).limit(1))).scalar()
        report.error(CHECK, str(first_id),
                     f"{unchained} transfer(s) belong to no link of the chain (the first is "
                     "named): written around the journal")
    report.links[LEDGER] = int((await connection.execute(
        select(func.count()).select_from(ledger_links))).scalar_one())


# --- the audit log's chain ------------------------------------------------------------------


async def check_audit_chain(connection: AsyncConnection, report: VerifyReport) -> None:
    a = audit_log.c
    rows = await connection.stream(
        select(a.id, a.actor, a.action, a.target, a.reason,
               json_as_text(a.data).label("data_text"), a.created_at_ms, a.chain_lane,
               a.chain_seq, a.prev_hash, a.hash)
        .order_by(a.chain_lane, a.chain_seq)
    )
    facts = []
    before: dict[int, Any] = {}
    entries = 0
    async for r in rows:
        entries += 1
        if r.chain_lane is None:
            report.error(CHECK, f"audit entry {r.id}",
                         "an audit entry outside the chain: written around the journal")
            continue
        previous = before.get(r.chain_lane)
        before[r.chain_lane] = r
        entry = audit_record(r.id, r.actor, r.action, r.target, r.reason, r.data_text,
                           r.created_at_ms)
        facts.append(LinkFacts(
            r.chain_lane, r.chain_seq, r.hash, r.prev_hash,
            previous.hash if previous is not None else None,
            previous.chain_seq if previous is not None else None, 1, 1,
            audit_hash(r.chain_lane, r.chain_seq, r.prev_hash or "", entry)))
    _report_lanes(report, AUDIT, facts)
    report.links[AUDIT] = entries


# --- heads ----------------------------------------------------------------------------------


async def stored_heads(connection: AsyncConnection) -> list[LaneHead]:
    """Every lane's head as its row says."""
    h = chain_heads.c
    rows = await connection.execute(select(h.chain, h.lane, h.seq, h.hash)
                                    .order_by(h.chain, h.lane))
    return [LaneHead(r.chain, int(r.lane), int(r.seq), str(r.hash)) for r in rows]


async def last_links(connection: AsyncConnection) -> list[LaneHead]:
    """Each lane's last link as the links themselves say (what a head must agree with)."""
    lasts = []
    ll = ledger_links.c
    newest = select(ll.lane, func.max(ll.seq).label("seq")).group_by(ll.lane).subquery()
    for r in await connection.execute(
        select(ll.lane, ll.seq, ll.hash).join(
            newest, (newest.c.lane == ll.lane) & (newest.c.seq == ll.seq))
    ):
        lasts.append(LaneHead(LEDGER, int(r.lane), int(r.seq), str(r.hash)))
    a = audit_log.c
    newest_audit = (select(a.chain_lane.label("lane"), func.max(a.chain_seq).label("seq"))
                    .where(a.chain_lane.is_not(None)).group_by(a.chain_lane).subquery())
    for r in await connection.execute(
        select(a.chain_lane, a.chain_seq, a.hash).join(
            newest_audit, (newest_audit.c.lane == a.chain_lane)
            & (newest_audit.c.seq == a.chain_seq))
    ):
        lasts.append(LaneHead(AUDIT, int(r.chain_lane), int(r.chain_seq), str(r.hash)))
    return sorted(lasts)


async def check_heads(connection: AsyncConnection, report: VerifyReport) -> list[LaneHead]:
    """Each head row must name its lane's last link. Returns the heads as the links say."""
    stored = {(h.chain, h.lane): h for h in await stored_heads(connection)}
    lasts = await last_links(connection)
    for last in lasts:
        head = stored.pop((last.chain, last.lane), None)
        if head is None or (head.seq, head.hash) != (last.seq, last.hash):
            says = "no head row" if head is None else f"the head row says link {head.seq}"
            report.error(HEAD_CHECK, f"{last.chain}/{last.lane}",
                         f"{says}, the lane's last link is {last.seq}: a head was rewritten")
    for head in stored.values():
        if head.seq != 0 or head.hash != GENESIS:
            report.error(HEAD_CHECK, f"{head.chain}/{head.lane}",
                         f"the head row says link {head.seq} but the lane has no links")
    return lasts


async def check_expected_head(
    connection: AsyncConnection, expected: ExpectedHead, report: VerifyReport
) -> None:
    """The books against a head exported earlier: every lane's link at the exported position
    must still be there with the same hash (and so, the chain being whole, everything before
    it). Lanes begun after the export are not in it and not judged here."""
    found: list[LaneHead] = []
    for lane in expected.lanes:
        name = link_name(lane.chain, lane.lane, lane.seq)
        stored = await _hash_at(connection, lane.chain, lane.lane, lane.seq)
        if stored is None:
            report.error(HEAD_CHECK, name, "the link the expected head names is gone: the "
                         "history up to it was cut or rewritten")
        elif not stored.startswith(lane.hash_prefix) or len(lane.hash_prefix) < HEAD_LANE_HEX:
            report.error(HEAD_CHECK, name, "this link differs from the expected head: the "
                         "history up to it was rewritten")
        else:
            found.append(LaneHead(lane.chain, lane.lane, lane.seq, stored))
    if len(found) == len(expected.lanes) and heads_digest(found) != expected.digest:
        report.error(HEAD_CHECK, "head", "the links at the expected head's positions do not "
                     "hash to its digest: the history up to it was rewritten")


async def _hash_at(connection: AsyncConnection, chain: str, lane: int, seq: int) -> str | None:
    if chain == LEDGER:
        query = select(ledger_links.c.hash).where(ledger_links.c.lane == lane,
                                                  ledger_links.c.seq == seq)
    elif chain == AUDIT:
        query = select(audit_log.c.hash).where(audit_log.c.chain_lane == lane,
                                               audit_log.c.chain_seq == seq)
    else:
        return None
    found = (await connection.execute(query)).scalar_one_or_none()
    return None if found is None else str(found)


async def check_chains(connection: AsyncConnection, report: VerifyReport,
                       expected: ExpectedHead | None = None) -> None:
    await check_ledger_chain(connection, report)
    await check_audit_chain(connection, report)
    report.heads = await check_heads(connection, report)
    if expected is not None:
        await check_expected_head(connection, expected, report)

