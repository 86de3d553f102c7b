"""Minimum ages per action and country: the economy file's rules (18 everywhere; buying and
sending 19 in KR; gifts on videos 19 in KR and 20 in JP), pure and through the HTTP API."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fancoins.economy.age import AgeAction, age_verdict, birthday
from fancoins.economy_file import default_economy
from tests.gifts.helpers import Api, make_user, running_api
from tests.live.helpers import DEFAULT_ECONOMY

TODAY = dt.date(2026, 11, 28)


def aged(years: int, today: dt.date | None = None) -> dt.date:
    """A birth date `years` (and a month) before `today`."""
    day = today or dt.date.today()
    return birthday(day, -years) - dt.timedelta(days=30)


@pytest.mark.parametrize(("action", "country", "years", "allowed"), [
    (AgeAction.BUY, "US", 18, True),
    (AgeAction.BUY, "KR", 18, False),
    (AgeAction.BUY, "KR", 19, True),
    (AgeAction.SEND, "KR", 18, False),
    (AgeAction.RECEIVE, "KR", 18, True),
    (AgeAction.VIDEO_GIFT, "KR", 18, False),
    (AgeAction.VIDEO_GIFT, "JP", 19, False),
    (AgeAction.VIDEO_GIFT, "JP", 20, True),
    (AgeAction.SEND, "JP", 18, True),
    (AgeAction.HOST, "KR", 18, True),
    (AgeAction.WITHDRAW, "US", 17, False),
    (AgeAction.PROMOTE, "FR", 18, True),
])
def test_minimum_age_per_action_and_country(action: AgeAction, country: str, years: int,
                                            allowed: bool) -> None:
    verdict = age_verdict(default_economy().age, action, country, aged(years, TODAY), False,
                          TODAY)
    assert verdict.allowed is allowed
    if not allowed:
        assert verdict.of_age_on is not None and verdict.of_age_on > TODAY


def test_unknown_age_needs_verification_and_leap_day_birthdays() -> None:
    age = default_economy().age
    assert not age_verdict(age, AgeAction.SEND, "US", None, False, TODAY).allowed
    assert age_verdict(age, AgeAction.SEND, "US", None, True, TODAY).allowed
    assert birthday(dt.date(2008, 2, 29), 18) == dt.date(2026, 3, 1)


async def _video(api: Api, creator: str) -> str:
    response = await api.client.post("/v1/videos", json={"caption": "clip"},
                                     headers=api.headers(creator, f"v-{creator}"))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _video_gift(api: Api, sender: str, video: str, key: str) -> int:
    response = await api.send(sender, key, gift_id="rose", video_id=video, comment_text="nice")
    return response.status_code


async def test_gifts_follow_each_country_s_ages(database_url: str) -> None:
    async with running_api(database_url) as api:
        await make_user(api.engine, "maya", creator=True)
        await make_user(api.engine, "ken", creator=True, country="JP", birth_date=aged(19))
        for user, country, years in (("us18", "US", 18), ("kr18", "KR", 18),
                                     ("kr19", "KR", 19), ("jp19", "JP", 19),
                                     ("jp20", "JP", 20)):
            await make_user(api.engine, user, coins=100, country=country, birth_date=aged(years))
        live = await api.go_live("maya")
        assert (await api.send("us18", "a", gift_id="rose", stream_id=live)).status_code == 201
        kr = await api.send("kr18", "b", gift_id="rose", stream_id=live)
        assert kr.status_code == 403 and kr.json()["type"].endswith("age-restricted")
        assert (await api.send("kr19", "c", gift_id="rose", stream_id=live)).status_code == 201
        # Gifts on videos: 19 in KR, 20 in JP, for the sender...
        clip = await _video(api, "maya")
        assert await _video_gift(api, "jp19", clip, "d") == 403
        assert await _video_gift(api, "jp20", clip, "e") == 201
        assert await _video_gift(api, "kr19", clip, "f") == 201
        assert (await api.send("jp19", "g", gift_id="rose", stream_id=live)).status_code == 201
        # ...and for the creator receiving them: a 19-year-old in JP may host and receive in
        # a LIVE, not on a video.
        ken_live = await api.go_live("ken")
        assert (await api.send("us18", "h", gift_id="rose", stream_id=ken_live)
                ).status_code == 201
        ken_clip = await _video(api, "ken")
        refused = await api.send("us18", "i", gift_id="rose", video_id=ken_clip,
                                 comment_text="hi")
        assert refused.status_code == 409
        assert refused.json()["type"].endswith("recipient-underage")
        # The status says which actions and until when.
        status = (await api.client.get("/v1/me/status", headers=api.headers("kr18"))).json()
        minor = {r["scope"]: r for r in status["restrictions"] if r["kind"] == "minor"}
        assert set(minor) == {"buy", "send"}
        assert "19" in minor["buy"]["reason"] and "KR" in minor["buy"]["reason"]


async def test_hosting_and_withdrawing_ages_from_the_economy_file(
    database_url: str, tmp_path: Path,
) -> None:
    economy = tmp_path / "economy.toml"
    economy.write_text(DEFAULT_ECONOMY.read_text().replace(
        "[age_by_country.JP]\n", "[age_by_country.JP]\nhost = 21\n"))
    async with running_api(database_url, economy_file=economy) as api:
        await make_user(api.engine, "ken", creator=True, country="JP", birth_date=aged(20))
        await make_user(api.engine, "sam", creator=True, country="US", birth_date=aged(20))
        refused = await api.client.post("/v1/streams", json={"title": "x"},
                                        headers=api.headers("ken", "k1"))
        assert refused.status_code == 403, refused.text
        assert refused.json()["type"].endswith("age-restricted")
        assert refused.json()["min_age_years"] == 21 and refused.json()["country"] == "JP"
        await api.go_live("sam")
        # Moving to JP makes sam too young to host there: the LIVE ends.
        admin = await api.admin_headers()
        moved = await api.client.put("/v1/users/sam", headers=admin, json={
            "display_name": "Sam", "country": "JP", "birth_date": aged(20).isoformat(),
            "is_creator": True})
        assert moved.status_code == 200, moved.text
        streams = await api.client.get("/v1/streams", headers=admin)
        assert all(s["creator_id"] != "sam" for s in streams.json()["items"]
                   if s["status"] == "live")
