"""The control-character check of paths and headers (no schema sees them) flags exactly the
C0 and C1 controls, DEL and lone surrogates, in any text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fancoins.kit.text import has_control_characters


def _reference(value: str) -> bool:
    return any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF
               for c in value)


@given(st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())))
def test_control_characters_are_flagged_exactly(value: str) -> None:
    assert has_control_characters(value) is _reference(value)


def test_each_boundary() -> None:
    for flagged in ("\x00", "\x1f", "\x7f", "\x9f", "\ud800", "\udfff", "/v1/a\nb"):
        assert has_control_characters(flagged), repr(flagged)
    for clean in ("", " ", "~", "\xa0", "\ud7ff", "\ue000", "/v1/gifts/send", "é😀"):
        assert not has_control_characters(clean), repr(clean)
