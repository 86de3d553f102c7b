"""The console's webhooks page, in a real browser: an operator adds an endpoint (the secret is
shown), a gift is delivered to a real receiver signed with that secret, the log shows it, and
a redelivery sends the same message again."""

from __future__ import annotations

import time

from playwright.sync_api import Page, expect
from standardwebhooks.webhooks import Webhook

from tests.support.webhook_receiver import webhook_receiver
from tests.web.browser import WAIT_MS, Demo, assert_clean, sign_in

ARRIVAL_TIMEOUT_S = 30.0


def test_operator_adds_an_endpoint_sees_its_log_and_redelivers(page: Page, demo: Demo) -> None:
    with webhook_receiver() as receiver:
        sign_in(page, demo.base_url, "operator", "#/console/webhooks")
        form = page.locator("#webhook-add")
        form.locator("input[name=url]").fill(receiver.url)
        form.locator("input[name=description]").fill("the host's backend")
        form.locator("input[value='gift.sent']").check()
        form.locator("button[type=submit]").click()
        secret = page.locator("#webhook-secret")
        expect(secret).to_contain_text("whsec_", timeout=WAIT_MS)
        verifier = Webhook(secret.inner_text().strip())
        expect(page.locator("#webhooks")).to_contain_text(receiver.url, timeout=WAIT_MS)

        demo.post("/v1/gifts/send", "alice", {"gift_id": "rose", "count": 1,
                                              "stream_id": demo.maya_stream()},
                  key=f"console-webhook-{time.time_ns()}")
        (first,) = receiver.wait_for(lambda r: len(r) >= 1, ARRIVAL_TIMEOUT_S)
        assert verifier.verify(first.body, first.headers)["type"] == "gift.sent"

        page.locator("#webhooks button[data-log]").first.click()
        log = page.locator("#webhook-log")
        expect(log.locator("[data-state=delivered]").first).to_be_visible(timeout=WAIT_MS)
        log.locator("button[data-redeliver]").first.click()
        (_, again) = receiver.wait_for(lambda r: len(r) >= 2, ARRIVAL_TIMEOUT_S)
        assert again.id == first.id  # the same message, the same webhook-id
        verifier.verify(again.body, again.headers)
        assert_clean(page)
