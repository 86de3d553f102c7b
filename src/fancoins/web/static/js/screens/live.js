// @ts-check
// LIVE: the streams that are LIVE now, and a LIVE room (gift tiles, combos, the feed and the
// board from the socket; gift buttons off once the LIVE ends).

import { api, enc, idempotent } from "../api.js";
import { html, useSignal } from "../lib.js";
import { coins, formatCount } from "../money.js";
import * as names from "../names.js";
import { invalidate, useQuery } from "../query.js";
import {
  BattleBar, BoardList, ClubBadge, CombosList, Feed, GiftStage, GoalBar, PinnedMessage, StatusBadge,
  useLive,
} from "../room.js";
import { session } from "../session.js";
import { Loaded, Panel, ProblemBox, dateTime, useAction } from "../ui.js";

/** The LIVE list re-reads the server this often (streams start and end). */
const LIST_REFRESH_MS = 15_000;

export function LiveList() {
  const query = useQuery(["streams"], async () => {
    /** @type {import("../types.js").StreamPage} */
    const page = await api.get("/v1/streams", { limit: 50 });
    const who = await names.displayNames(page.items.map((s) => s.creator_id));
    return page.items.map((s) => ({ ...s, creator_name: who.get(s.creator_id) || s.creator_id }));
  }, [], LIST_REFRESH_MS);
  return html`<h1>LIVE</h1>
    <${Panel} title="LIVE now">
      <div id="streams"><${Loaded} query=${query}>${(streams) => streams.length
        ? html`<ul class="stream-list">${streams.map((s) => html`<li key=${s.id}>
            <a class="stream-card" href=${`#/live/${enc(s.id)}`} data-stream=${s.id}>
              <span class="badge live">LIVE</span>
              <span class="stream-title">${s.title}</span>
              <span class="stream-creator">${s.creator_name}</span>
              <span class="muted small stream-meta">
                ${typeof s.viewers === "number" ? html`<span class="viewers" data-viewers=${s.viewers}>${formatCount(s.viewers)} watching</span> · ` : null}
                started ${dateTime(s.started_at)}</span>
            </a></li>`)}</ul>`
        : html`<p class="muted">Nobody is LIVE right now.</p>`}<//></div>
    <//>`;
}

/** Gifts at or above these prices get a bigger frame (three tiers, as the animations will). */
const TIER_MID_COINS = 25;
const TIER_BIG_COINS = 500;
const GIFT_ART_PX = 48;

/** A gift's tile art: its catalog image, sized before it loads (no layout shift). */
function GiftArt({ gift }) {
  const tier = gift.price_coins >= TIER_BIG_COINS ? "big" : gift.price_coins >= TIER_MID_COINS ? "mid" : "small";
  return html`<span class="gift-art" data-tier=${tier}>
    ${gift.image ? html`<img src=${gift.image} width=${GIFT_ART_PX} height=${GIFT_ART_PX} alt="" decoding="async" />`
      : html`<span aria-hidden="true">${gift.name.slice(0, 1)}</span>`}</span>`;
}

/** The longest message the biggest gift may carry (the server checks each gift's own tier). */
const MESSAGE_CHARS_MAX = 200;

function GiftTiles({ stream, ended, balance, catalog }) {
  const message = useSignal("");
  const send = useAction(async (gift) => {
    const text = message.value.trim();
    /** @type {import("../types.js").GiftSentOut} */
    const sent = await idempotent("POST", "/v1/gifts/send",
      { gift_id: gift.id, stream_id: stream.id, count: 1, ...(text ? { message: text } : {}) });
    balance.value = sent.balance_coins;
    if (text) message.value = "";
    invalidate("wallet", "statement", "gifter", "my-clubs");
  });
  return html`<div class="gift-area">
    <label class="field message-field">Message with your next gift (optional: bigger gifts allow longer ones)
      <input id="gift-message" maxlength=${MESSAGE_CHARS_MAX} value=${message.value} disabled=${ended}
        placeholder="Say something nice" onInput=${(e) => { message.value = e.currentTarget.value; }} /></label>
    <div id="gift-errors">
      ${ended ? html`<div class="notice" role="status">This LIVE has ended: gifts can no longer be sent.</div>`
        : html`<${ProblemBox} error=${send.error} />`}
    </div>
    <div class="gifts" id="gift-buttons"><${Loaded} query=${catalog}>${(gifts) => gifts.length
      ? gifts.map((gift) => html`<button class="gift" key=${gift.id} data-gift=${gift.id}
          disabled=${ended || send.busy} onClick=${() => send.run(gift)}>
          <${GiftArt} gift=${gift} />
          <span class="gname">${gift.name}</span>
          <span class="gprice">${coins(gift.price_coins)}</span>
        </button>`)
      : html`<p class="muted">No gifts are offered in your country.</p>`}<//></div>
  </div>`;
}

/** The creator's fan club: how to join, and your own level once you are in. */
function FanClubCard({ creatorId, creatorName, catalog }) {
  const club = useQuery(["my-clubs"], () => api.get(`/v1/creators/${enc(creatorId)}/fan-club`), [creatorId]);
  return html`<div id="fan-club"><${Loaded} query=${club}>${(c) => {
    const gift = catalog.get(c.gift_id);
    const mine = c.membership;
    return mine && mine.active
      ? html`<p class="small">You are in ${creatorName}'s fan club: <${ClubBadge} level=${mine.level} />
          <span class="muted"> ${formatCount(mine.points)} points</span></p>`
      : html`<p class="small muted">Send ${gift ? gift.name : c.gift_id} to join ${creatorName}'s fan club:
          members carry a badge and level up as they gift and watch.</p>`;
  }}<//></div>`;
}

function Room({ stream, creatorName }) {
  const balance = useSignal(/** @type {number|null} */ (null));
  const wallet = useQuery(["wallet"], () => api.get("/v1/wallet"));
  const catalog = useQuery(["gifts"], async () => /** @type {import("../types.js").GiftOut[]} */ (await api.get("/v1/gifts")));
  const live = useLive(stream.id, /** @type {string} */ (session.token), { live: stream.status === "live" });
  const ended = live.status.value === "ended";
  const shown = balance.value ?? wallet.value.data?.coins;
  const gifts = new Map((catalog.value.data || []).map((g) => [g.id, g]));
  const artwork = new Map([...gifts.values()].map((g) => [g.id, g.image]));
  return html`<p><a href="#/live">← LIVE now</a></p>
    <div class="live-layout">
      <div>
        <div class="stage">
          <div class="row">
            <${StatusBadge} status=${live.status.value} />
            <span class="spacer" />
            <span class="meta">Viewers: <span id="viewers">${live.viewers.value === null ? "–" : formatCount(live.viewers.value)}</span></span>
          </div>
          <h2 class="stream-title">${stream.title}</h2>
          <div class="meta">with ${creatorName}</div>
          <${GiftStage} show=${live.show} artwork=${artwork} />
          <${CombosList} combos=${live.combos.value} />
        </div>
        <div class="contests">
          <${BattleBar} battle=${live.battle.value} />
          <${GoalBar} goal=${live.goal.value} gifts=${gifts} />
        </div>
        <${Panel} title="Send a gift" actions=${html`<span>Your coins: <strong class="coin" id="live-coins">${shown === undefined ? "…" : formatCount(shown)}</strong></span>`}>
          <${GiftTiles} stream=${stream} ended=${ended} balance=${balance} catalog=${catalog} />
          <${FanClubCard} creatorId=${stream.creator_id} creatorName=${creatorName} catalog=${gifts} />
        <//>
        <${Panel} title="Live feed"><${PinnedMessage} pinned=${live.pinned.value} /><${Feed} lines=${live.feed.value} /><//>
      </div>
      <div><${Panel} title="Top gifters"><${BoardList} entries=${live.board.value} /><//></div>
    </div>`;
}

export function LiveRoom({ streamId }) {
  const query = useQuery(["stream"], async () => {
    /** @type {import("../types.js").StreamOut} */
    const stream = await api.get(`/v1/streams/${enc(streamId)}`);
    return { stream, creatorName: await names.displayName(stream.creator_id) };
  }, [streamId]);
  return html`<${Loaded} query=${query}>${({ stream, creatorName }) =>
    html`<${Room} key=${stream.id} stream=${stream} creatorName=${creatorName} />`}<//>`;
}
