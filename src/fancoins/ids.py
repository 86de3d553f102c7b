"""Time-ordered ids made by the application (UUIDv7), so inserts stay local in every index."""

from __future__ import annotations

import uuid

import uuid_utils

from fancoins.kit.clock import now_ms

__all__ = ["new_id", "now_ms"]


_new_object = object.__new__
_set_attribute = object.__setattr__
_UUID = uuid.UUID
_SAFETY_UNKNOWN = uuid.SafeUUID.unknown


def new_id() -> uuid.UUID:
    # The gift writer makes a few ids per gift: `uuid.UUID(...)` validates its argument in
    # Python (three times the cost of the id itself). An id from uuid7 is a valid 128-bit
    # value already, so the instance gets its two slots set directly, as `UUID.__init__`
    # would set them.
    made = _new_object(_UUID)
    _set_attribute(made, "int", uuid_utils.uuid7().int)
    _set_attribute(made, "is_safe", _SAFETY_UNKNOWN)
    return made
