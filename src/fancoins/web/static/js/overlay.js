// @ts-check
// The overlay page for streaming software: /app/overlay.html?stream=<id>&token=<credential>.
// The credential is an overlay credential (fco_...) the creator minted in the studio: it reads
// this creator's LIVEs only, in one setup read (GET /v1/overlay/setup) and the LIVE socket.
// It shows what its creator chose in the studio (the overlay settings): gift alerts (from a minimum value; big gifts take the screen one after the other, none
// skipped), the top-gifter board, the goal and the battle, in a corner of the screen.

import { describe } from "./livefeed.js";
import { api } from "./api.js";
import { html, render, useSignal } from "./lib.js";
import { BattleBar, BoardList, ClubBadge, CombosList, GiftStage, GoalBar, useLive } from "./room.js";
import { useQuery } from "./query.js";
import { Loaded, ProblemBox } from "./ui.js";

const ALERT_MS = 6000;
const ALERTS_MAX = 5;

/**
 * The overlay's credential, from its URL: an overlay credential, read-only, for its creator's
 * LIVEs (never a session token: the URL sits in streaming software for months).
 * @returns {{streamId: string|null, token: string|null}}
 */
export function overlayCredential() {
  const params = new URLSearchParams(location.search);
  return { streamId: params.get("stream"), token: params.get("token") };
}

/**
 * What the overlay shows: the stream's creator's settings and the gift catalog, in one read
 * with the overlay credential.
 * @param {string} streamId @param {string} token
 */
async function loadSetup(streamId, token) {
  /** @type {import("./types.js").OverlaySetupOut} */
  const setup = await api.get("/v1/overlay/setup", { stream_id: streamId }, { token });
  return { settings: setup.settings, gifts: new Map(setup.gifts.map((g) => [g.id, g])) };
}

function Overlay({ streamId, token, settings, gifts }) {
  const alerts = useSignal(/** @type {{key: string, text: string, level: number|null, club: number|null}[]} */ ([]));
  const widgets = new Set(settings.widgets);
  const live = useLive(streamId, token, {
    live: true,
    readBoard: false, // an overlay credential reads the LIVE socket only
    onEvent: (event) => {
      if (!widgets.has("alerts")) return;
      const text = describe(event);
      if (!text || (event.type === "gift.summary" && !event.count)) return;
      if (event.coins !== undefined && event.coins < settings.alert_min_coins) return;
      const key = event.event_id;
      alerts.value = [{ key, text, level: event.type === "gift.sent" ? event.sender?.level ?? null : null,
        club: event.sender?.club_level ?? null }, ...alerts.value].slice(0, ALERTS_MAX);
      setTimeout(() => { alerts.value = alerts.value.filter((a) => a.key !== key); }, ALERT_MS);
    },
  });
  const artwork = new Map([...gifts.values()].map((g) => [g.id, g.image]));
  return html`<div class=${`overlay-grid ${settings.position}`} data-position=${settings.position}>
    <div class="column">
      ${widgets.has("alerts") ? html`<${GiftStage} show=${live.show} artwork=${artwork} />
        <div id="alerts" class="alerts" aria-live="polite">
          ${alerts.value.map((a) => html`<div class="alert" key=${a.key}>${a.text}
            ${a.level ? html`<small>Gifter level ${a.level} <${ClubBadge} level=${a.club} /></small>` : null}</div>`)}
        </div>` : null}
      ${widgets.has("battle") && live.battle.value ? html`<${BattleBar} battle=${live.battle.value} />` : null}
      ${widgets.has("goal") && live.goal.value?.goal ? html`<${GoalBar} goal=${live.goal.value} gifts=${gifts} />` : null}
    </div>
    ${widgets.has("board") ? html`<section class="board-box">
      <h1>Top gifters ${live.status.value === "live" ? null : html`<span class="badge" id="status">${live.status.value}</span>`}</h1>
      <${BoardList} entries=${live.board.value} />
    </section>` : null}
    ${widgets.has("alerts") ? html`<${CombosList} combos=${live.combos.value} />` : null}
  </div>`;
}

function Setup({ streamId, token }) {
  const setup = useQuery([], () => loadSetup(streamId, token), [streamId, token]);
  return html`<${Loaded} query=${setup}>${({ settings, gifts }) => html`<${Overlay}
    streamId=${streamId} token=${token} settings=${settings} gifts=${gifts} />`}<//>`;
}

const root = /** @type {HTMLElement} */ (document.getElementById("overlay"));
const { streamId, token } = overlayCredential();
if (!streamId || !token) {
  render(html`<${ProblemBox} error=${{ title: "Overlay not configured",
    detail: "Open it with ?stream=<stream id>&token=<token> (the creator studio gives the link)." }} />`, root);
} else {
  render(html`<${Setup} streamId=${streamId} token=${token} />`, root);
}
