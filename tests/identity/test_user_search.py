"""The operator's user search: by id prefix or a part of the name, case-insensitive, in cursor
pages ordered by id; LIKE wildcards are plain characters; bad input is a problem, never a 500;
admin only."""

from __future__ import annotations

from typing import Any

import httpx

from tests.gifts.helpers import running_api
from tests.support.api import make_user

PEOPLE = {
    "u-anna": "Anna Schmidt", "u-annabel": "Annabel Lee", "u-bob": "Bob Anderson",
    "u-zoe": "Zoë Ünal", "u-pct": "100% real", "x-other": "Carl",
}


async def _search(client: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> Any:
    answer = await client.get("/v1/admin/users", headers=headers, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _ids(body: Any) -> list[str]:
    return [u["id"] for u in body["items"]]


async def test_users_are_found_by_id_prefix_or_name(database_url: str) -> None:
    async with running_api(database_url, jobs__enabled=False) as api:
        admin = await api.admin_headers()
        for user_id, name in PEOPLE.items():
            await make_user(api.app, user_id, display_name=name)
        find = lambda q: _search(api.client, admin, q=q)  # noqa: E731
        assert _ids(await find("u-ann")) == ["u-anna", "u-annabel"]          # id prefix
        assert _ids(await find("anna")) == ["u-anna", "u-annabel"]           # name, any case
        assert _ids(await find("ANDERSON")) == ["u-bob"]
        assert _ids(await find("and")) == ["u-bob"]
        assert _ids(await find("zoë")) == ["u-zoe"]                          # Unicode as typed
        assert _ids(await find("Ünal")) == ["u-zoe"]
        assert _ids(await find("%")) == ["u-pct"]                            # not a wildcard
        assert _ids(await find("_")) == []
        assert _ids(await find("other")) == []  # an id matches by its start only
        assert _ids(await find("  carl ")) == ["x-other"]
        user = (await find("u-bob"))["items"][0]
        assert user["display_name"] == "Bob Anderson" and user["country"]

        # Cursor pages, by id, with nothing skipped or repeated.
        first = await _search(api.client, admin, q="u-", limit=2)
        assert _ids(first) == ["u-anna", "u-annabel"] and first["next_cursor"]
        seen = _ids(first)
        cursor = first["next_cursor"]
        while cursor:
            page = await _search(api.client, admin, q="u-", limit=2, cursor=cursor)
            seen += _ids(page)
            cursor = page["next_cursor"]
        assert seen == sorted(u for u in PEOPLE if u.startswith("u-"))


async def test_a_found_user_shows_the_restrictions_in_force(database_url: str) -> None:
    """Each found user is the same answer as GET /v1/users/{id}: with their freezes and bans."""
    async with running_api(database_url, jobs__enabled=False) as api:
        admin = await api.admin_headers()
        await make_user(api.app, "u-banned", display_name="Banned Bea")
        await make_user(api.app, "u-clean", display_name="Clean Carl")
        ban = await api.client.post("/v1/admin/users/u-banned/restrictions", headers=admin,
                                    json={"scope": "gifting", "reason": "gift spam"})
        assert ban.status_code == 201, ban.text
        found = {u["id"]: u for u in (await _search(api.client, admin, q="u-"))["items"]}
        assert [(r["kind"], r["scope"], r["reason"]) for r in found["u-banned"]["restrictions"]
                ] == [("banned", "gifting", "gift spam")]
        assert found["u-clean"]["restrictions"] == []
        one = await api.client.get("/v1/users/u-banned", headers=admin)
        assert found["u-banned"] == one.json()


async def test_bad_search_input_is_a_problem(database_url: str) -> None:
    async with running_api(database_url, jobs__enabled=False) as api:
        admin = await api.admin_headers()
        bad = [({"q": ""}, "validation-error"), ({"q": "   "}, "search-text-invalid"),
               ({"q": "x" * 101}, "validation-error"), ({"q": "a\x00b"}, "validation-error"),
               ({}, "validation-error"), ({"q": "a", "cursor": "@@"}, "cursor-invalid"),
               ({"q": "a", "limit": "0"}, "validation-error")]
        for params, slug in bad:
            answer = await api.client.get("/v1/admin/users", headers=admin, params=params)
            assert answer.status_code in (400, 422), (params, answer.text)
            assert answer.headers["content-type"].startswith("application/problem+json")
            assert answer.json()["type"].endswith(slug), (params, answer.text)
        await make_user(api.app, "alice")
        user = await api.client.get("/v1/admin/users", params={"q": "a"},
                                    headers=api.headers("alice"))
        assert user.status_code == 403
