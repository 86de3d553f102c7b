"""Operation ids are the endpoint functions' names and unique: the SDKs' method names are
made from them (`send_gift`), so a clash would silently shadow one operation."""

from __future__ import annotations

from collections import Counter

from fancoins.api.app import create_app
from tests.support.api import settings_for


def test_operation_ids_are_function_names_and_unique() -> None:
    app = create_app(settings_for("sqlite+aiosqlite:///:memory:"))
    operations = [op for item in app.openapi()["paths"].values() for op in item.values()]
    ids = Counter(op["operationId"] for op in operations)
    assert [name for name, n in ids.items() if n > 1] == []
    assert "send_gift" in ids and "put_user" in ids
    assert all(name.isidentifier() and name.islower() for name in ids)
