"""Video gifts read back: a video with what its comments received, its gifted comments in
cursor pages (newest first, each with its gift), and the list of videos."""

from __future__ import annotations

from tests.gifts.helpers import make_user, running_api


async def test_a_video_and_its_gifted_comments_paged(database_url: str) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "maya", creator=True)
        for viewer in ("alice", "bob", "chen"):
            await make_user(api.engine, viewer, coins=1000)
        posted = await api.client.post("/v1/videos", json={"caption": "my dance"},
                                       headers=api.headers("maya", "v1"))
        video_id = posted.json()["id"]
        other = await api.client.post("/v1/videos", json={"caption": "second"},
                                      headers=api.headers("maya", "v2"))
        sent = []
        for n, (viewer, gift, text) in enumerate([("alice", "rose", "love it"),
                                                  ("bob", "love_bang", "wow"),
                                                  ("chen", "panda", "more!")]):
            answer = await api.send(viewer, f"g{n}", gift_id=gift, count=2, video_id=video_id,
                                    comment_text=text)
            assert answer.status_code == 201, answer.text
            sent.append(answer.json())
        got = await api.client.get(f"/v1/videos/{video_id}", headers=api.headers("alice"))
        assert got.status_code == 200, got.text
        video = got.json()
        assert (video["caption"], video["creator_name"], video["comments_count"]) == (
            "my dance", "Maya", 3)
        assert (video["gifts_count"], video["coins"], video["diamonds"]) == (3, 62, 62)
        first = await api.client.get(f"/v1/videos/{video_id}/comments",
                                     params={"limit": 2}, headers=api.headers("bob"))
        page = first.json()
        assert [c["text"] for c in page["items"]] == ["more!", "wow"]  # newest first
        assert page["items"][0]["author_name"] == "Chen"
        assert page["items"][0]["gift"] == {"id": sent[2]["id"], "gift_id": "panda",
                                            "count": 2, "coins": 10, "diamonds": 10}
        rest = await api.client.get(f"/v1/videos/{video_id}/comments",
                                    params={"cursor": page["next_cursor"]},
                                    headers=api.headers("bob"))
        assert [c["text"] for c in rest.json()["items"]] == ["love it"]
        assert rest.json()["next_cursor"] is None
        assert rest.json()["items"][0]["gift"]["id"] == sent[0]["id"]
        listed = await api.client.get("/v1/videos", params={"creator_id": "maya"},
                                      headers=api.headers("alice"))
        assert [v["id"] for v in listed.json()["items"]] == [other.json()["id"], video_id]
        missing = await api.client.get("/v1/videos/nope", headers=api.headers("alice"))
        assert missing.status_code == 404
        assert missing.json()["type"] == "urn:fancoins:problem:video-not-found"
        comments = await api.client.get("/v1/videos/nope/comments",
                                        headers=api.headers("alice"))
        assert comments.status_code == 404
        bad = await api.client.get(f"/v1/videos/{video_id}/comments",
                                   params={"cursor": "not-a-cursor"}, headers=api.headers("bob"))
        assert bad.status_code == 400
