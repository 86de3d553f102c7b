"""Overlay settings: the defaults, a creator's own choice stored server-side, read back by
the overlay's credential, refused to anyone else."""

from __future__ import annotations

from tests.gifts.helpers import make_user, running_api


async def test_a_creator_chooses_and_the_overlay_reads(database_url: str) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "alice")
        path = "/v1/creators/maya/overlay-settings"
        defaults = await api.client.get(path, headers=api.headers("maya"))
        assert defaults.status_code == 200
        assert defaults.json() == {"creator_id": "maya",
                                   "widgets": ["alerts", "board", "goal", "battle"],
                                   "alert_min_coins": 1, "position": "top-left",
                                   "updated_at": None}
        chosen = {"widgets": ["battle", "alerts", "alerts"], "alert_min_coins": 100,
                  "position": "bottom-right"}
        saved = await api.client.put(path, json=chosen, headers=api.headers("maya"))
        assert saved.status_code == 200, saved.text
        read = (await api.client.get(path, headers=api.headers("maya"))).json()
        assert (read["widgets"], read["alert_min_coins"], read["position"]) == (
            ["alerts", "battle"], 100, "bottom-right")
        assert read["updated_at"] is not None
        assert (await api.client.get(path, headers=api.headers("alice"))).status_code == 403
        assert (await api.client.put(path, json=chosen, headers=api.headers("alice"))
                ).status_code == 403
        admin = await api.admin_headers()
        assert (await api.client.get(path, headers=admin)).json()["position"] == "bottom-right"
        for bad in ({**chosen, "position": "middle"}, {**chosen, "widgets": ["chat"]},
                    {**chosen, "alert_min_coins": -1}, {**chosen, "extra": 1}):
            refused = await api.client.put(path, json=bad, headers=api.headers("maya"))
            assert refused.status_code == 422, bad
        missing = await api.client.get("/v1/creators/nobody/overlay-settings",
                                       headers=admin)
        assert missing.status_code == 404
