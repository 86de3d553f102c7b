"""Apps built in one process share their route table (built once): each still answers from
its own settings and database."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import fresh_sqlite_url
from tests.support.api import bearer, make_user, running_app, settings_for, user_token


async def test_two_apps_answer_each_from_their_own_database(
        database_url: str, sqlite_template: Path, tmp_path: Path) -> None:
    first = settings_for(database_url)
    second = settings_for(fresh_sqlite_url(sqlite_template, tmp_path),
                          jwt_secret="a-second-app-secret-of-32-bytes-at-least")
    async with running_app(first) as (app_a, client_a), \
            running_app(second) as (app_b, client_b):
        await make_user(app_a, "alice", display_name="Alice A")
        await make_user(app_b, "alice", display_name="Alice B")
        await make_user(app_b, "bob")
        seen_a = await client_a.get("/v1/users/alice", headers=bearer(user_token(first, "alice")))
        seen_b = await client_b.get("/v1/users/alice",
                                    headers=bearer(user_token(second, "alice")))
        assert seen_a.status_code == 200, seen_a.text
        assert seen_a.json()["display_name"] == "Alice A"
        assert seen_b.json()["display_name"] == "Alice B"
        # Each app checks tokens with its own secret.
        crossed = await client_b.get("/v1/users/alice",
                                     headers=bearer(user_token(first, "alice")))
        assert crossed.status_code == 401
        missing = await client_a.get("/v1/users/bob", headers=bearer(user_token(first, "bob")))
        assert missing.status_code == 404
