"""The hash chain over the books: exactly which bytes are hashed. Pure (hashlib, json).

Every ledger commit (a journal group, a batch of groups, a gift batch, an expiry sweep) is a
*link*: the hash of its transfers, every stored field of each, and of the link before it. Each
audit entry is a link of the audit chain the same way. Links sit in *lanes* (a few parallel
chains per kind) so concurrent writers never queue on one head row; each lane starts from
`GENESIS`. Change a stored field, drop, add or move a transfer, and the link it belongs to no
longer hashes to what is stored; rewrite the link too, and the next link's `prev_hash` breaks;
rewrite every link up to the head, and the head an operator exported earlier no longer matches.

Format 1 (never changes meaning: databases keep links made with it; the database's own
`verify` query spells the same bytes in SQL):

- a field is `-` when NULL, else `<UTF-8 byte length>:<text>`; integers in decimal, UUIDs in
  their lowercase 8-4-4-4-12 form, JSON as the exact text stored;
- a transfer is its fields in this order: id, debit account, credit account, asset, amount,
  code, user data, flags, pending id, timeout, expiry, operation id, created at. The pending
  status is left out on purpose: it is the one field a later commit updates (a post or void
  closes its pending transfer), and `verify` derives it from the resolving transfers;
- a link's body is its transfers in id order; its hash is
  sha256("fancoins-ledger-1|lane|seq|count|prev_hash|sha256(body)") in lowercase hex;
- an audit entry is id, actor, action, target, reason, data, created at; its hash is
  sha256("fancoins-audit-1|lane|seq|1|prev_hash|sha256(entry)").
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS = "0" * 64
LEDGER = "ledger"
AUDIT = "audit"
LEDGER_TAG = "fancoins-ledger-1"
AUDIT_TAG = "fancoins-audit-1"
HEAD_PREFIX = "fch1"
# Hex digits of each lane's hash carried in an exported head, so `--expect-head` can name the
# lane that differs; the whole head is also bound by one full sha256 over every lane's hash.
HEAD_LANE_HEX = 16

Scalar = str | int | uuid.UUID | None


def field(value: Scalar) -> str:
    if value is None:
        return "-"
    text = str(value)
    size = len(text) if text.isascii() else len(text.encode())
    return f"{size}:{text}"


def json_text(value: Mapping[str, object] | None) -> str | None:
    """The JSON text stored (and hashed) for a transfer's user data or an audit entry's data:
    compact, keys sorted. `None` (or empty) is stored as NULL."""
    if not value:
        return None
    return json.dumps(dict(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def transfer_text(
    transfer_id: uuid.UUID, debit: str, credit: str, asset: str, amount: int, code: str,
    user_data: str | None, flags: int, pending_id: uuid.UUID | None, timeout_s: int,
    expires_at_ms: int | None, operation_id: str | None, created_at_ms: int,
) -> str:
    return transfer_head(transfer_id, debit, credit, asset, amount, code, user_data) + \
        transfer_tail(flags, pending_id, timeout_s, expires_at_ms, operation_id, created_at_ms)


def transfer_head(transfer_id: uuid.UUID, debit: str, credit: str, asset: str, amount: int,
                  code: str, user_data: str | None) -> str:
    """The fields that differ between the transfers of a bulk commit."""
    return (f"{field(transfer_id)}{field(debit)}{field(credit)}{field(asset)}{field(amount)}"
            f"{field(code)}{field(user_data)}")


def transfer_tail(flags: int, pending_id: uuid.UUID | None, timeout_s: int,
                  expires_at_ms: int | None, operation_id: str | None,
                  created_at_ms: int) -> str:
    """The fields a bulk commit's plain transfers share (made once per commit)."""
    return (f"{field(flags)}{field(pending_id)}{field(timeout_s)}{field(expires_at_ms)}"
            f"{field(operation_id)}{field(created_at_ms)}")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def body_digest(texts_in_id_order: Iterable[str]) -> str:
    return digest("".join(texts_in_id_order))


def link_hash(tag: str, lane: int, seq: int, count: int, prev_hash: str, body: str) -> str:
    return digest(f"{tag}|{lane}|{seq}|{count}|{prev_hash}|{body}")


def audit_text(entry_id: uuid.UUID, actor: str, action: str, target: str, reason: str,
               data: str | None, created_at_ms: int) -> str:
    return (f"{field(entry_id)}{field(actor)}{field(action)}{field(target)}{field(reason)}"
            f"{field(data)}{field(created_at_ms)}")


def audit_hash(lane: int, seq: int, prev_hash: str, entry_text: str) -> str:
    return link_hash(AUDIT_TAG, lane, seq, 1, prev_hash, digest(entry_text))


# --- the exported head ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True, order=True)
class LaneHead:
    """Where one lane of one chain stood: its last link's position and hash."""

    chain: str
    lane: int
    seq: int
    hash: str

    @property
    def name(self) -> str:
        return link_name(self.chain, self.lane, self.seq)


def link_name(chain: str, lane: int, seq: int) -> str:
    return f"{chain}/{lane}/{seq}"


class HeadUnreadable(ValueError):
    """The text given as a head is not one `format_head` made."""


@dataclass(frozen=True, slots=True)
class ExpectedLane:
    chain: str
    lane: int
    seq: int
    hash_prefix: str


@dataclass(frozen=True, slots=True)
class ExpectedHead:
    lanes: tuple[ExpectedLane, ...]
    digest: str


def heads_digest(lanes: Iterable[LaneHead]) -> str:
    return digest("".join(f"{h.chain}/{h.lane}/{h.seq}/{h.hash}\n" for h in sorted(lanes)))


def format_head(lanes: Iterable[LaneHead]) -> str:
    """One line an operator stores elsewhere: each lane's position and hash prefix, and one
    digest over every lane's full hash. Lanes without links are left out."""
    used = sorted(h for h in lanes if h.seq > 0)
    parts = [f"{h.chain}/{h.lane}/{h.seq}/{h.hash[:HEAD_LANE_HEX]}" for h in used]
    return ";".join([HEAD_PREFIX, *parts, heads_digest(used)])


def parse_head(text: str) -> ExpectedHead:
    parts = text.strip().split(";")
    if len(parts) < 2 or parts[0] != HEAD_PREFIX:
        raise HeadUnreadable(f"a head starts with {HEAD_PREFIX!r}")
    lanes = []
    for part in parts[1:-1]:
        pieces = part.split("/")
        if len(pieces) != 4 or not pieces[1].isdigit() or not pieces[2].isdigit():
            raise HeadUnreadable(f"not a lane position: {part!r}")
        lanes.append(ExpectedLane(pieces[0], int(pieces[1]), int(pieces[2]), pieces[3]))
    full = parts[-1]
    if len(full) != 64 or any(c not in "0123456789abcdef" for c in full):
        raise HeadUnreadable("a head ends with a 64-digit hex digest")
    return ExpectedHead(tuple(lanes), full)
