"""The hash chain over the books: exactly which bytes are hashed. Pure (hashlib, json).

Every ledger commit (a journal group, a batch of groups, a gift batch, an expiry sweep) is a
*link*: the hash of its transfers, every stored field of each, and of the link before it. Each
audit entry is a link of the audit chain the same way. Links sit in *lanes* (a few parallel
chains per kind) so concurrent writers never queue on one head row; each lane starts from
`GENESIS`. Change a stored field, drop, add or move a transfer, and the link it belongs to no
longer hashes to what is stored; rewrite the link too, and the next link's `prev_hash` breaks;
rewrite every link up to the head, and the head an operator exported earlier no longer matches.

Format 1 (never changes meaning: databases keep links made with it). A row's bytes are
PostgreSQL's binary encoding of a record (`record_send`), so the database's own `verify`
query makes the very same bytes in one call per row, with no text formatting:

- a record is its field count (int32), then per field the type's OID (uint32) and the value's
  length (int32; -1 for NULL) followed by the value: a UUID's 16 bytes, an int8's 8 bytes
  (big-endian), text as UTF-8, JSON as the exact text stored;
- a transfer is the record (uuid id, text debit account, text credit account, text asset,
  int8 amount, text code, json user data, int8 flags, uuid pending id, int8 timeout, int8
  expiry, text operation id, int8 created at). The pending status is left out on purpose: it
  is the one field a later commit updates (a post or void closes its pending transfer), and
  `verify` derives it from the resolving transfers;
- a link's body is its transfers' records in id order; its hash is
  sha256("fancoins-ledger-1|lane|seq|count|prev_hash|sha256(body)") in lowercase hex;
- an audit entry is the record (uuid id, text actor, text action, text target, text reason,
  json data, int8 created at); its hash is
  sha256("fancoins-audit-1|lane|seq|1|prev_hash|sha256(entry)").
"""

from __future__ import annotations

import hashlib
import json
import struct
import uuid
from collections.abc import Iterable, Iterator, Mapping
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

# PostgreSQL type OIDs, as its binary record encoding names each field's type.
UUID_OID, TEXT_OID, INT8_OID, JSON_OID = 2950, 25, 20, 114
TRANSFER_FIELDS = 13
AUDIT_FIELDS = 7
_FIELD_HEAD = struct.Struct(">Ii")  # type OID, value length (-1: NULL)
_INT8_FIELD = struct.Struct(">Iiq")
_COUNT = struct.Struct(">i")
_UUID_HEAD = _FIELD_HEAD.pack(UUID_OID, 16)
_NULLS = {oid: _FIELD_HEAD.pack(oid, -1) for oid in (UUID_OID, TEXT_OID, INT8_OID, JSON_OID)}
_TRANSFER_COUNT = _COUNT.pack(TRANSFER_FIELDS)
_AUDIT_COUNT = _COUNT.pack(AUDIT_FIELDS)


def uuid_field(value: uuid.UUID | None) -> bytes:
    return _NULLS[UUID_OID] if value is None else _UUID_HEAD + value.bytes


def text_field(value: str | None, oid: int = TEXT_OID) -> bytes:
    if value is None:
        return _NULLS[oid]
    raw = value.encode()
    return _FIELD_HEAD.pack(oid, len(raw)) + raw


def int8_field(value: int | None) -> bytes:
    return _NULLS[INT8_OID] if value is None else _INT8_FIELD.pack(INT8_OID, 8, value)


def json_text(value: Mapping[str, object] | None) -> str | None:
    """The JSON text stored (and hashed) for a transfer's user data or an audit entry's data:
    compact, keys sorted. `None` (or empty) is stored as NULL."""
    if not value:
        return None
    return json.dumps(dict(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def transfer_record(
    transfer_id: uuid.UUID, debit: str, credit: str, asset: str, amount: int, code: str,
    user_data: str | None, flags: int, pending_id: uuid.UUID | None, timeout_s: int,
    expires_at_ms: int | None, operation_id: str | None, created_at_ms: int,
) -> bytes:
    return transfer_head(transfer_id, debit, credit, asset, amount, code, user_data) + \
        transfer_tail(flags, pending_id, timeout_s, expires_at_ms, operation_id, created_at_ms)


def transfer_head(transfer_id: uuid.UUID, debit: str, credit: str, asset: str, amount: int,
                  code: str, user_data: str | None) -> bytes:
    """The fields that differ between the transfers of a bulk commit (and the field count)."""
    return b"".join((
        _TRANSFER_COUNT, _UUID_HEAD, transfer_id.bytes, text_field(debit), text_field(credit),
        text_field(asset), _INT8_FIELD.pack(INT8_OID, 8, amount), text_field(code),
        text_field(user_data, JSON_OID),
    ))


def transfer_tail(flags: int, pending_id: uuid.UUID | None, timeout_s: int,
                  expires_at_ms: int | None, operation_id: str | None,
                  created_at_ms: int) -> bytes:
    """The fields a bulk commit's plain transfers share (made once per commit)."""
    return b"".join((int8_field(flags), uuid_field(pending_id), int8_field(timeout_s),
                     int8_field(expires_at_ms), text_field(operation_id),
                     int8_field(created_at_ms)))


def plain_records(
    rows: Iterable[tuple[uuid.UUID, str, str, str, int, str, str | None]], tail: bytes
) -> Iterator[bytes]:
    """`transfer_record` for many transfers sharing `transfer_tail` (a gift batch): the same
    bytes, made faster by encoding each repeated text once (a batch repeats its accounts,
    codes and user data far more often than not)."""
    texts: dict[str | None, bytes] = {}
    jsons: dict[str | None, bytes] = {}
    pack_int8 = _INT8_FIELD.pack
    head = _TRANSFER_COUNT + _UUID_HEAD
    for transfer_id, debit, credit, asset, amount, code, user_data in rows:
        fields = []
        for text in (debit, credit, asset):
            encoded = texts.get(text)
            if encoded is None:
                encoded = texts[text] = text_field(text)
            fields.append(encoded)
        coded = texts.get(code)
        if coded is None:
            coded = texts[code] = text_field(code)
        data = jsons.get(user_data)
        if data is None:
            data = jsons[user_data] = text_field(user_data, JSON_OID)
        yield b"".join((head, transfer_id.bytes, *fields, pack_int8(INT8_OID, 8, amount),
                        coded, data, tail))


def digest(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def body_digest(records_in_id_order: Iterable[bytes]) -> str:
    return digest(b"".join(records_in_id_order))


def link_hash(tag: str, lane: int, seq: int, count: int, prev_hash: str, body: str) -> str:
    return digest(f"{tag}|{lane}|{seq}|{count}|{prev_hash}|{body}")


def audit_record(entry_id: uuid.UUID, actor: str, action: str, target: str, reason: str,
                 data: str | None, created_at_ms: int) -> bytes:
    return b"".join((_AUDIT_COUNT, uuid_field(entry_id), text_field(actor), text_field(action),
                     text_field(target), text_field(reason), text_field(data, JSON_OID),
                     int8_field(created_at_ms)))


def audit_hash(lane: int, seq: int, prev_hash: str, entry: bytes) -> str:
    return link_hash(AUDIT_TAG, lane, seq, 1, prev_hash, digest(entry))


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
