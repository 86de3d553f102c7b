"""The chain's format (pure): the bytes a transfer hashes to, the bulk shortcut that must make
the very same bytes, and the exported head's text."""

from __future__ import annotations

import struct
import uuid

import pytest

from fancoins.ledger.chain import (
    GENESIS,
    HeadUnreadable,
    LaneHead,
    format_head,
    heads_digest,
    json_text,
    link_hash,
    parse_head,
    plain_records,
    transfer_record,
    transfer_tail,
)

ID = uuid.UUID("01a22000-0000-7000-8000-000000000001")


def test_a_record_is_postgres_binary_record_encoding() -> None:
    record = transfer_record(ID, "a", "b", "COIN", 5, "c", None, 0, None, 0, None, None, 7)
    count, = struct.unpack(">i", record[:4])
    assert count == 13
    oid, length = struct.unpack(">Ii", record[4:12])
    assert (oid, length, record[12:28]) == (2950, 16, ID.bytes)  # uuid: 16 bytes
    assert record[28:37] == struct.pack(">Ii", 25, 1) + b"a"  # text: UTF-8
    # NULL is length -1 with no value; int8 is 8 big-endian bytes.
    assert record.endswith(struct.pack(">Ii", 25, -1) + struct.pack(">Iiq", 20, 8, 7))
    non_ascii = transfer_record(ID, "café", "b", "COIN", 5, "c", None, 0, None, 0, None, None, 7)
    assert struct.pack(">Ii", 25, 5) + "café".encode() in non_ascii  # bytes, not characters


def test_every_field_changes_the_record() -> None:
    base = (ID, "a", "b", "COIN", 5, "c", '{"k":1}', 0, None, 0, None, "op", 7)
    changed = [(uuid.uuid4(),), ("x",), ("y",), ("USD",), (6,), ("d",), ('{"k":2}',), (1,),
               (ID,), (3,), (9,), ("op2",), (8,)]
    records = {transfer_record(*base)}
    for index, (value,) in enumerate(changed):
        fields = list(base)
        fields[index] = value
        records.add(transfer_record(*fields))  # type: ignore[arg-type]
    assert len(records) == len(changed) + 1


def test_the_bulk_shortcut_makes_the_same_bytes() -> None:
    rows = [(uuid.uuid4(), f"user:{i % 3}:coins", "platform:coins_spent", "COIN", i + 1,
             "gift_sent", json_text({"n": i % 2, "s": "ü"})) for i in range(20)]
    tail = transfer_tail(0, None, 0, None, "gift-batch:1", 99)
    expected = [transfer_record(*row, 0, None, 0, None, "gift-batch:1", 99) for row in rows]
    assert list(plain_records(rows, tail)) == expected


def test_json_text_is_compact_sorted_and_null_when_empty() -> None:
    assert json_text({"b": 1, "a": "é"}) == '{"a":"é","b":1}'
    assert json_text({}) is None and json_text(None) is None


def test_a_head_round_trips_and_binds_every_hash() -> None:
    lanes = [LaneHead("ledger", 0, 12, "ab" * 32), LaneHead("audit", 1, 3, "cd" * 32),
             LaneHead("ledger", 5, 0, GENESIS)]
    text = format_head(lanes)
    assert text.startswith("fch1;audit/1/3/cdcd") and "/5/" not in text  # empty lanes left out
    expected = parse_head(text)
    assert [(lane.chain, lane.lane, lane.seq) for lane in expected.lanes] == [
        ("audit", 1, 3), ("ledger", 0, 12)]
    assert expected.digest == heads_digest([h for h in lanes if h.seq])
    assert heads_digest([LaneHead("ledger", 0, 12, "ab" * 31 + "ac")]) != heads_digest(
        [LaneHead("ledger", 0, 12, "ab" * 32)])


@pytest.mark.parametrize("text", ["", "fch2;" + "0" * 64, "fch1;ledger/x/1/ab;" + "0" * 64,
                                  "fch1;ledger/0/1/ab;nothex"])
def test_an_unreadable_head_is_refused(text: str) -> None:
    with pytest.raises(HeadUnreadable):
        parse_head(text)


def test_a_link_hash_covers_its_position_and_predecessor() -> None:
    hashes = {link_hash("t", lane, seq, 1, prev, "body")
              for lane, seq, prev in ((0, 1, GENESIS), (1, 1, GENESIS), (0, 2, GENESIS),
                                      (0, 1, "f" * 64))}
    assert len(hashes) == 4
