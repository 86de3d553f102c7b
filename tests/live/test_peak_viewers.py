"""A LIVE's peak viewers: the most real WebSocket viewers watching at once, written on the
stream row at the viewer tick, shown in the end response and the creator's summaries."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from tests.live.helpers import Event, live_settings, seed, server_thread, user_token, viewer

VIEWERS = 3


def _saw_count(count: int) -> Callable[[list[Event]], bool]:
    return lambda events: any(e["type"] == "viewers.updated" and e["count"] == count
                              for e in events)


async def test_the_peak_of_viewers_is_kept_after_they_leave(database_url: str) -> None:
    seeded = await seed(database_url, viewers=VIEWERS)
    settings = live_settings(database_url)
    tokens = {v: user_token(settings, v) for v in [*seeded.viewer_ids, seeded.creator_id]}
    creator = {"Authorization": f"Bearer {tokens[seeded.creator_id]}"}
    with server_thread(settings) as server:
        async with httpx.AsyncClient(base_url=server.base_url) as client:
            started = (await client.get(f"/v1/streams/{seeded.stream_id}", headers=creator)).json()
            assert started["peak_viewers"] == 0
            async with viewer(server.ws_url, seeded.stream_id, tokens["viewer0"]) as stays:
                await stays.read_frame()
                async with (viewer(server.ws_url, seeded.stream_id, tokens["viewer1"]) as v1,
                            viewer(server.ws_url, seeded.stream_id, tokens["viewer2"]) as v2):
                    for v in (v1, v2):
                        await v.read_frame()
                    # The count goes out after its peak is written.
                    await stays.until(_saw_count(VIEWERS))
                await stays.until(_saw_count(1))
                ended = await client.post(f"/v1/streams/{seeded.stream_id}/end", headers=creator)
            assert ended.status_code == 200, ended.text
            assert ended.json()["peak_viewers"] == VIEWERS
            summaries = (await client.get(f"/v1/creators/{seeded.creator_id}/streams",
                                          headers=creator)).json()
            assert [(s["id"], s["peak_viewers"]) for s in summaries["items"]] == [
                (seeded.stream_id, VIEWERS)]
