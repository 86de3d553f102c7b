"""The operator's lookup by id finds a withdrawal (here, where a creator can make one): the
same record the withdrawal API shows; others' ids stay undisclosed to users."""

from __future__ import annotations

import uuid

from tests.payouts.conftest import Env, make_creator, withdraw


async def test_the_lookup_finds_a_withdrawal(env: Env) -> None:
    await make_creator(env)
    made = await withdraw(env, 10_000)
    assert made.status_code == 201, made.text
    withdrawal = made.json()
    answer = await env.client.get(f"/v1/admin/lookup/{withdrawal['id']}",
                                  headers=env.token("ops", "admin"))
    assert answer.status_code == 200, answer.text
    found = answer.json()
    assert found["withdrawal"]["id"] == withdrawal["id"]
    assert found["withdrawal"]["user_id"] == "cara"
    assert found["withdrawal"]["status"] == withdrawal["status"]
    assert found["purchase"] is None and found["promotion"] is None
    refused = await env.client.get(f"/v1/admin/lookup/{withdrawal['id']}",
                                   headers=env.token("cara"))
    assert refused.status_code == 403
    missing = await env.client.get(f"/v1/admin/lookup/{uuid.uuid4()}",
                                   headers=env.token("ops", "admin"))
    assert missing.status_code == 404
    assert missing.json()["type"] == "urn:fancoins:problem:lookup-not-found"
    bad = await env.client.get("/v1/admin/lookup/not-a-uuid", headers=env.token("ops", "admin"))
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
