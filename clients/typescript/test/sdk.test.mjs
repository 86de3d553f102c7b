// The TypeScript client against a real server (started by tests/clients/test_typescript_sdk.py,
// which passes its address, an API key and webhook messages signed by the Python signer).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { LiveEvents, WebhookVerificationError, createFancoinsClient, verifyWebhook } from "../dist/index.js";

// Node 22+ has WebSocket and Web Crypto built in; older Node gets them from `ws` and node:crypto
// (browsers have both).
const WebSocketImpl = globalThis.WebSocket ?? (await import("ws")).WebSocket;
if (!globalThis.crypto?.subtle) globalThis.crypto = (await import("node:crypto")).webcrypto;

const BASE_URL = process.env.FANCOINS_BASE_URL;
const API_KEY = process.env.FANCOINS_API_KEY;
const FIXTURES = process.env.FANCOINS_WEBHOOK_FIXTURES;
const EVENT_TIMEOUT_MS = 20_000;

function waitFor(check, what) {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + EVENT_TIMEOUT_MS;
    const poll = () => {
      const found = check();
      if (found) return resolve(found);
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 20);
    };
    poll();
  });
}

test("the typed client drives users, a LIVE, a gift and the LIVE helper", { skip: !BASE_URL }, async () => {
  const api = createFancoinsClient(BASE_URL, API_KEY);
  for (const [id, creator] of [["ts-viewer", false], ["ts-creator", true]]) {
    const { data, error } = await api.PUT("/v1/users/{user_id}", {
      params: { path: { user_id: id } },
      body: { display_name: id.toUpperCase(), birth_date: "1990-01-01", is_creator: creator },
    });
    assert.equal(error, undefined);
    assert.equal(data.id, id);
  }
  const missing = await api.GET("/v1/users/{user_id}", { params: { path: { user_id: "nobody" } } });
  assert.equal(missing.response.status, 404);
  assert.equal(missing.error.type, "urn:fancoins:problem:user-not-found");

  const grant = await api.POST("/v1/admin/adjustments", {
    params: { header: { "Idempotency-Key": "ts-grant" } },
    body: { user_id: "ts-viewer", amount_coins: 300, reason: "sdk test funds" },
  });
  assert.equal(grant.response.status, 201, JSON.stringify(grant.error));

  const live = await api.POST("/v1/streams", {
    params: { header: { "Idempotency-Key": "ts-live" } },
    body: { title: "TS LIVE", creator_id: "ts-creator" },
  });
  assert.equal(live.response.status, 201, JSON.stringify(live.error));
  const streamId = live.data.id;

  const events = [];
  let closed = null;
  const follower = new LiveEvents(BASE_URL, streamId, API_KEY, {
    WebSocket: WebSocketImpl,
    onEvent: (event) => events.push(event),
    onClose: (code, reason) => { closed = { code, reason }; },
  }).start();
  await waitFor(() => events.some((e) => e.type === "viewers.updated"), "the snapshot");

  const sent = await api.POST("/v1/gifts/send", {
    params: { header: { "Idempotency-Key": "ts-gift-1" } },
    body: { gift_id: "rose", count: 3, stream_id: streamId, sender_id: "ts-viewer" },
  });
  assert.equal(sent.response.status, 201, JSON.stringify(sent.error));
  const gift = await waitFor(() => events.find((e) => e.event_id === sent.data.id), "the gift");
  assert.equal(gift.type, "gift.sent");
  assert.equal(gift.coins, 3);

  const wallet = await api.GET("/v1/wallet", { params: { query: { user_id: "ts-viewer" } } });
  assert.equal(wallet.data.coins, 297);

  const ended = await api.POST("/v1/streams/{stream_id}/end", { params: { path: { stream_id: streamId } } });
  assert.equal(ended.response.status, 200);
  await waitFor(() => closed, "the close");
  assert.equal(closed.code, 1000);
  assert.equal(events.at(-1).type, "stream.ended");
  follower.stop();
});

test("verifyWebhook accepts what the Python signer signed and refuses the rest", { skip: !FIXTURES }, async () => {
  const { secret, other_secret: otherSecret, messages } = JSON.parse(readFileSync(FIXTURES, "utf8"));
  for (const { body, headers, now_s: nowS } of messages.valid) {
    const event = await verifyWebhook(body, headers, secret, nowS);
    assert.deepEqual(event, JSON.parse(body));
    assert.deepEqual(await verifyWebhook(body, new Headers(headers), secret, nowS), JSON.parse(body));
  }
  const { body, headers, now_s: nowS } = messages.valid[0];
  const refused = [
    [body.replace("}", ', "x": 1}'), headers, secret, nowS],       // tampered body
    [body, headers, otherSecret, nowS],                              // another secret
    [body, headers, secret, nowS + 10 * 60],                         // replayed ten minutes later
    [body, { ...headers, "webhook-signature": "v1,AAAA" }, secret, nowS],
    [body, { "webhook-id": headers["webhook-id"] }, secret, nowS],  // headers missing
  ];
  for (const [b, h, s, n] of refused) {
    await assert.rejects(verifyWebhook(b, h, s, n), WebhookVerificationError);
  }
});
