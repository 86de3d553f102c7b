"""Text people type, as the API takes it: no NUL or other control characters (PostgreSQL
refuses NUL in text, and control characters have no business in a name, a title or a reason),
no lone surrogates (they cannot be stored as UTF-8). Declared as schema patterns, so the
OpenAPI document says so and a bad value is a 422 naming its field. Identifiers are ASCII.

Compose with your own bounds: `Title = Annotated[SingleLine, StringConstraints(max_length=200)]`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

# C0 controls, DEL and C1 controls.
SINGLE_LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
# The same, but tabs and line breaks are allowed (messages, comments, reasons).
MULTI_LINE_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"

SingleLine = Annotated[str, StringConstraints(pattern=SINGLE_LINE_PATTERN)]
MultiLine = Annotated[str, StringConstraints(pattern=MULTI_LINE_PATTERN)]
# Printable ASCII without spaces: ids, keys, product ids, tokens.
AsciiToken = Annotated[str, StringConstraints(pattern=r"^[\x21-\x7e]*$")]


def has_control_characters(value: str) -> bool:
    """For values that do not pass through a schema (path segments, headers)."""
    return any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF
               for c in value)
