"""Text people type, as the API takes it: no NUL or other control characters (PostgreSQL
refuses NUL in text, and control characters have no business in a name, a title or a reason),
no lone surrogates (they cannot be stored as UTF-8). Declared as schema patterns, so the
OpenAPI document says so and a bad value is a 422 naming its field. Identifiers are ASCII.

Compose with your own bounds: `Title = Annotated[SingleLine, StringConstraints(max_length=200)]`.
"""

from __future__ import annotations

import re
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


# C0 controls, DEL, C1 controls and lone surrogates: one regex scan (in C) per value, as every
# request's path is checked.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def has_control_characters(value: str) -> bool:
    """For values that do not pass through a schema (path segments, headers)."""
    return _CONTROL.search(value) is not None
