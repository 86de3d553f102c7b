"""`POST /v1/gifts/batch`: many gifts in one request, each answered as `POST /v1/gifts/send`
would answer it (same refusals, same replays, same key space), on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from fancoins.api.problems import PROBLEM_BASE
from fancoins.ledger import chart
from tests.gifts.helpers import Api, assert_verified, balance, make_user, running_api, snapshot
from tests.support.api import bearer, make_api_key


def _item(key: str, sender: str | None, stream_id: str, gift_id: str = "rose", count: int = 1
          ) -> dict[str, Any]:
    item: dict[str, Any] = {"idempotency_key": key, "gift_id": gift_id, "count": count,
                            "stream_id": stream_id}
    if sender is not None:
        item["sender_id"] = sender
    return item


async def _batch(api: Api, headers: dict[str, str], *items: dict[str, Any]) -> Any:
    response = await api.client.post("/v1/gifts/batch", json={"gifts": list(items)},
                                      headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["results"]


def _types(results: list[dict[str, Any]]) -> list[str | int]:
    return [r["status"] if r["problem"] is None
            else r["problem"]["type"].removeprefix(PROBLEM_BASE) for r in results]


async def test_a_backend_sends_a_batch_each_gift_answered_and_replayed(database_url: str
                                                                         ) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice", coins=100)
        await make_user(api.engine, "bob", coins=3)
        stream_id = await api.go_live("maya")
        backend = bearer(await make_api_key(api.app, "gifts:write"))
        items = [_item("a1", "alice", stream_id, "panda", 2),
                 _item("b1", "bob", stream_id, "panda"),  # 5 coins: bob has 3
                 _item("a2", "alice", stream_id, "no-such-gift"),
                 _item("b2", "bob", stream_id, "rose", 3)]
        first = await _batch(api, backend, *items)
        assert [r["idempotency_key"] for r in first] == ["a1", "b1", "a2", "b2"]
        assert _types(first) == [201, "insufficient-coins", "gift-not-found", 201]
        assert [r["status"] for r in first] == [201, 409, 404, 201]
        assert all(r["problem"]["status"] == r["status"] for r in first if r["problem"])
        assert first[0]["gift"]["coins"] == 10 and first[3]["gift"]["balance_coins"] == 0
        assert await balance(api.engine, chart.user_coins("alice")) == 90
        assert await balance(api.engine, chart.user_diamonds("maya")) == 13

        # The same batch again: every answer is its key's first one, nothing is applied twice.
        before = await snapshot(api.engine)
        again = await _batch(api, backend, *items)
        assert await snapshot(api.engine) == before
        assert [r["gift"]["id"] for r in again if r["gift"]] == \
            [r["gift"]["id"] for r in first if r["gift"]]
        assert [r["replayed"] for r in again] == [True, False, False, True]
        assert _types(again)[:2] == [201, "insufficient-coins"]  # the stored refusal

        # One key space with POST /v1/gifts/send: the batch's key answers there too.
        single = await api.client.post(
            "/v1/gifts/send", json={k: v for k, v in items[0].items() if k != "idempotency_key"},
            headers={**backend, "Idempotency-Key": "a1"})
        assert single.status_code == 201 and single.json()["id"] == first[0]["gift"]["id"]
        reused = await _batch(api, backend, _item("a1", "alice", stream_id, "rose"))
        assert _types(reused) == ["idempotency-key-reused"]
        await assert_verified(api.engine)


async def test_a_user_token_batches_only_its_own_gifts(database_url: str) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice", coins=10)
        await make_user(api.engine, "bob", coins=10)
        stream_id = await api.go_live("maya")
        results = await _batch(api, api.headers("alice"), _item("k1", None, stream_id),
                               _item("k2", "bob", stream_id), _item("k3", "alice", stream_id))
        assert _types(results) == [201, "insufficient-scope", 201]
        assert await balance(api.engine, chart.user_coins("bob")) == 10


async def test_a_batch_is_refused_whole_only_for_its_own_shape(database_url: str) -> None:
    async with running_api(database_url, gifts__batch_items_max=2) as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice", coins=10)
        stream_id = await api.go_live("maya")
        before = await snapshot(api.engine)
        headers = api.headers("alice")
        for items, status, slug in (
            ([_item("k1", None, stream_id)] * 2, 422, "validation-error"),
            ([_item(f"k{i}", None, stream_id) for i in range(3)], 422, "gift-batch-too-large"),
            ([], 422, "validation-error"),
        ):
            response = await api.client.post("/v1/gifts/batch", json={"gifts": items},
                                             headers=headers)
            assert response.status_code == status, response.text
            assert response.json()["type"] == PROBLEM_BASE + slug, response.text
        assert await snapshot(api.engine) == before


async def test_rate_limits_count_every_gift_of_a_batch(database_url: str) -> None:
    async with running_api(database_url, rate_limits__gifts_per_user="2/minute") as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice", coins=10)
        stream_id = await api.go_live("maya")
        results = await _batch(api, api.headers("alice"),
                               *[_item(f"k{i}", None, stream_id) for i in range(3)])
        assert _types(results) == [201, 201, "rate-limited"]
        assert results[2]["status"] == 429
        assert await balance(api.engine, chart.user_coins("alice")) == 8
