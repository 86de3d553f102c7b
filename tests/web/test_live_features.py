"""LIVE features in a real Chromium: a battle and a goal in the room and on the overlay, gifts
taking the stage by tier (queued, none skipped; still with reduced motion), a pinned message,
the studio's battle, goal, fan club and overlay settings, and the video screen."""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import urlencode

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from fancoins.db.engine import create_engine
from tests.battles.helpers import time_is_up
from tests.web.browser import (
    HTTP_TIMEOUT_S,
    WAIT_MS,
    Demo,
    allow_refusal,
    assert_clean,
    axe_violations,
    new_page,
    run,
    sign_in,
)
from tests.web.features import BATTLE_S, battle_and_goal, features_demo, gift, start_live

pytestmark = pytest.mark.browser


@pytest.fixture
def live_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    with features_demo(tmp_path_factory.mktemp("features")) as demo:
        yield demo


def _battle_time_is_up(demo: Demo, battle_id: str) -> None:
    async def move() -> None:
        engine = create_engine(demo.settings.database_url)
        try:  # a battle already over (a slow machine) has nothing to move
            await time_is_up(engine, battle_id)
        finally:
            await engine.dispose()

    run(move())


def _room(page: Page, demo: Demo, user: str = "alice") -> None:
    sign_in(page, demo.base_url, user, f"#/live/{demo.maya_stream()}")
    expect(page.locator("#live-status")).to_contain_text("LIVE", timeout=WAIT_MS)


@pytest.mark.slow
def test_a_battle_and_a_goal_in_the_room_to_the_end(page: Page, live_demo: Demo) -> None:
    demo = live_demo
    started = battle_and_goal(demo)
    _room(page, demo)
    battle = page.locator("#battle")
    expect(battle).to_contain_text("Maya Live", timeout=WAIT_MS)
    expect(battle).to_contain_text("Leo Plays")
    expect(page.locator("#goal")).to_contain_text("A song at 600 coins")
    stream_id = demo.maya_stream()
    gift(demo, "bob", stream_id, "love_bang", "b1")
    gift(demo, "chen", stream_id, "panda", "c1", count=2)
    expect(battle.locator(".score.a")).to_have_text("35", timeout=WAIT_MS)
    expect(page.locator("#goal .goal-count")).to_contain_text("35 / 600")
    expect(battle).to_contain_text("Bob")  # the side's top supporters
    _battle_time_is_up(demo, started["id"])  # seen running: no need to wait out the rest
    expect(battle.locator("#battle-result")).to_contain_text("Maya Live won the battle",
                                                             timeout=(BATTLE_S + 15) * 1000)
    expect(page.locator("#feed")).to_contain_text("won the battle")
    assert axe_violations(page) == []


@pytest.mark.slow
def test_big_gifts_take_the_stage_in_turn_and_messages_are_pinned(
    browser: Browser, live_demo: Demo,
) -> None:
    demo = live_demo
    stream_id = demo.maya_stream()
    page = new_page(browser)
    _room(page, demo)
    stage = page.locator(".stage .gift-show")
    gift(demo, "alice", stream_id, "concert", "s1", message="Happy birthday Maya!")
    gift(demo, "bob", stream_id, "love_bang", "s2")
    gift(demo, "chen", stream_id, "rose", "s3")
    expect(stage.locator(".showing.stage")).to_contain_text("Alice", timeout=WAIT_MS)
    expect(stage.locator(".showing.stage")).to_contain_text("Happy birthday Maya!")
    expect(stage.locator(".pop")).to_contain_text("Chen")  # small gifts pop beside it
    expect(stage.locator(".waiting")).to_contain_text("+1 waiting")  # the banner waits
    expect(page.locator("#pinned")).to_contain_text("Happy birthday Maya!")
    expect(stage.locator(".showing.banner")).to_contain_text("Bob", timeout=WAIT_MS)
    expect(page.locator("#feed")).to_contain_text("“Happy birthday Maya!”")
    page.context.close()
    # With reduced motion the same gifts are shown, without motion.
    still = new_page(browser, reduced_motion="reduce")
    _room(still, demo, "bob")
    gift(demo, "alice", stream_id, "concert", "s4")
    showing = still.locator(".stage .gift-show.still .showing.stage")
    expect(showing).to_be_visible(timeout=WAIT_MS)
    assert showing.evaluate("(e) => getComputedStyle(e).animationName") == "none"
    still.context.close()


def test_the_overlay_follows_the_creator_settings(browser: Browser, live_demo: Demo) -> None:
    demo = live_demo
    battle_and_goal(demo)
    studio = new_page(browser)
    sign_in(studio, demo.base_url, "maya")
    form = studio.locator("#overlay-form")
    expect(form).to_be_visible(timeout=WAIT_MS)
    form.locator("input[name='board']").uncheck()
    form.locator("input[name='min']").fill("10")
    form.locator("select[name='position']").select_option("bottom-right")
    studio.click("#save-overlay")
    expect(studio.locator("#toasts")).to_contain_text("Overlay settings saved", timeout=WAIT_MS)
    saved = demo.api("/v1/creators/maya/overlay-settings", "maya")
    assert (saved["widgets"], saved["alert_min_coins"], saved["position"]) == (
        ["alerts", "goal", "battle"], 10, "bottom-right")
    overlay = new_page(browser, {"width": 960, "height": 540})
    studio.click("#make-overlay")
    overlay.goto(studio.input_value("#overlay-url", timeout=WAIT_MS))
    expect(overlay.locator("[data-position='bottom-right']")).to_be_visible(timeout=WAIT_MS)
    expect(overlay.locator("#battle")).to_contain_text("Leo Plays", timeout=WAIT_MS)
    expect(overlay.locator("#goal")).to_contain_text("A song at 600 coins")
    assert overlay.locator(".board-box").count() == 0
    stream_id = demo.maya_stream()
    gift(demo, "chen", stream_id, "rose", "o1")  # 1 coin: below the alert minimum
    gift(demo, "bob", stream_id, "love_bang", "o2")
    expect(overlay.locator("#alerts")).to_contain_text("Bob sent Love Bang", timeout=WAIT_MS)
    assert "Chen" not in overlay.locator("#alerts").inner_text()
    for opened in (overlay, studio):
        opened.context.close()


def test_an_overlay_opened_with_a_minted_credential_applies_its_settings(
    browser: Browser, live_demo: Demo,
) -> None:
    """The streaming software's view: only the overlay URL (a credential minted through the
    API, never a session), the creator's saved settings applied, a gift's alert arriving."""
    demo = live_demo
    stream_id = demo.maya_stream()
    saved = httpx.put(f"{demo.base_url}/v1/creators/maya/overlay-settings", timeout=HTTP_TIMEOUT_S,
                      headers=demo.headers("maya"),
                      json={"widgets": ["alerts"], "alert_min_coins": 0, "position": "top-left"})
    assert saved.status_code == 200, saved.text
    token = demo.post("/v1/creator/overlay-credentials", "maya", {"name": "OBS"},
                      key="overlay-obs-1")["token"]
    assert token.startswith("fco_")
    overlay = new_page(browser, {"width": 960, "height": 540})
    overlay.goto(f"{demo.base_url}/app/overlay.html?"
                 + urlencode({"stream": stream_id, "token": token}))
    expect(overlay.locator("[data-position='top-left']")).to_be_visible(timeout=WAIT_MS)
    expect(overlay.locator("#alerts")).to_be_attached()
    assert overlay.locator(".board-box").count() == 0  # the board is hidden in the settings
    gift(demo, "bob", stream_id, "panda", "overlay-credential-1")
    expect(overlay.locator("#alerts")).to_contain_text("Bob sent Panda", timeout=WAIT_MS)
    assert_clean(overlay)
    overlay.context.close()


def test_the_studio_runs_battles_goals_and_sees_its_fan_club(browser: Browser,
                                                             live_demo: Demo) -> None:
    demo = live_demo
    start_live(demo, "leo", "Leo plays")
    maya = new_page(browser)
    sign_in(maya, demo.base_url, "maya")
    form = maya.locator("#battle-form")
    expect(form).to_be_visible(timeout=WAIT_MS)
    form.locator("select[name='opponent']").select_option("leo")
    form.locator("select[name='minutes']").select_option("1")
    maya.click("#invite-battle")
    expect(maya.locator("#invitations")).to_contain_text("Waiting for Leo Plays",
                                                         timeout=WAIT_MS)
    leo = new_page(browser)
    sign_in(leo, demo.base_url, "leo")
    expect(leo.locator("#invitations")).to_contain_text("Maya Live invites you",
                                                        timeout=WAIT_MS)
    leo.click("#invitations [data-accept]")
    for studio in (maya, leo):
        expect(studio.locator("#studio-battle")).to_contain_text("Leo Plays", timeout=WAIT_MS)
    goals = maya.locator("#goal-form")
    goals.locator("input[name='title']").fill("Ten roses")
    goals.locator("select[name='kind']").select_option("gift_count")
    goals.locator("select[name='gift']").select_option("rose")
    goals.locator("input[name='target']").fill("10")
    maya.click("#add-goal")
    expect(maya.locator("#goals")).to_contain_text("Ten roses", timeout=WAIT_MS)
    expect(maya.locator("#goals")).to_contain_text("Active")
    gift(demo, "bob", demo.maya_stream(), "italian_hand", "club")  # the club gift
    for _ in range(100):  # LIVE records the membership on its next tick
        if demo.api("/v1/creators/maya/fan-club/members", "maya")["items"]:
            break
        time.sleep(0.1)
    maya.reload()
    expect(maya.locator("#fan-club-members")).to_contain_text("Bob", timeout=WAIT_MS)
    assert axe_violations(maya) == []
    for studio in (maya, leo):
        studio.context.close()


def test_a_video_gifted_on_a_comment_and_promoted(page: Page, live_demo: Demo) -> None:
    demo = live_demo
    video = demo.post("/v1/videos", "maya", {"caption": "My first dance"}, key="video")
    sign_in(page, demo.base_url, "alice")
    page.click("#nav >> text=Videos")
    page.click(f"#videos [data-video='{video['id']}']")
    expect(page.locator("#video-caption")).to_have_text("My first dance", timeout=WAIT_MS)
    before = demo.coins("alice")
    page.fill("#comment-form input[name='text']", "So good!")
    page.select_option("#comment-form select[name='gift']", "love_bang")
    page.click("#send-comment")
    expect(page.locator("#comments")).to_contain_text("So good!", timeout=WAIT_MS)
    expect(page.locator("#comments")).to_contain_text("Love Bang ×1")
    expect(page.locator("#video-gifts")).to_have_text("1")
    assert demo.coins("alice") == before - 25
    assert axe_violations(page) == []
    sign_in(page, demo.base_url, "maya", f"#/videos/{video['id']}")
    allow_refusal(page, 409, "/v1/promotions")  # Maya has no coins: the refusal is shown
    page.click("#promote")
    expect(page.locator("#promote-form + .problem, .problem")).to_be_visible(timeout=WAIT_MS)
