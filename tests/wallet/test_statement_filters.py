"""The statement's filters take only the values they document."""

from __future__ import annotations

from tests.gifts.helpers import make_user, running_api


async def test_an_unknown_kind_is_a_422_not_an_empty_page(database_url: str) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "wes", coins=50)
        headers = api.headers("wes")
        bogus = await api.client.get("/v1/wallet/statement", params={"kind": "bogus"},
                                     headers=headers)
        assert bogus.status_code == 422, bogus.text
        assert bogus.json()["type"].endswith(":validation-error")
        assert bogus.json()["errors"][0]["loc"] == ["query", "kind"]
        granted = await api.client.get("/v1/wallet/statement",
                                       params={"kind": "operator_grant"}, headers=headers)
        assert [line["amount"] for line in granted.json()["items"]] == [50]
        schema = (await api.client.get("/openapi.json")).json()
        parameters = schema["paths"]["/v1/wallet/statement"]["get"]["parameters"]
        kind = next(p for p in parameters if p["name"] == "kind")["schema"]["anyOf"][0]
        kinds = schema["components"]["schemas"][kind["$ref"].rsplit("/", 1)[-1]]["enum"]
        assert {"operator_grant", "gift_sent", "purchase", "withdrawal"} <= set(kinds)
