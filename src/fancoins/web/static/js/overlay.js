// @ts-check
// The overlay page for streaming software: /app/overlay.html?stream=<id>&token=<token>.
// Gift alerts pop up and fade; the top-gifter board and open combos stay on screen.

import { describe } from "./livefeed.js";
import { html, render, useSignal } from "./lib.js";
import { BoardList, CombosList, useLive } from "./room.js";
import { ProblemBox } from "./ui.js";

const ALERT_MS = 6000;
const ALERTS_MAX = 5;

const params = new URLSearchParams(location.search);
const streamId = params.get("stream");
const token = params.get("token");

function Overlay({ streamId: id, token: bearer }) {
  const alerts = useSignal(/** @type {{key: string, text: string, level: number|null}[]} */ ([]));
  const live = useLive(id, bearer, {
    live: true,
    readBoard: false, // an overlay credential reads the LIVE socket only
    onEvent: (event) => {
      const text = describe(event);
      if (!text || (event.type === "gift.summary" && !event.count)) return;
      const key = event.event_id;
      alerts.value = [{ key, text, level: event.type === "gift.sent" ? event.sender?.level ?? null : null },
        ...alerts.value].slice(0, ALERTS_MAX);
      setTimeout(() => { alerts.value = alerts.value.filter((a) => a.key !== key); }, ALERT_MS);
    },
  });
  return html`<div id="alerts" class="alerts" aria-live="polite">
      ${alerts.value.map((a) => html`<div class="alert" key=${a.key}>${a.text}
        ${a.level ? html`<small>Gifter level ${a.level}</small>` : null}</div>`)}
    </div>
    <section class="board-box">
      <h1>Top gifters ${live.status.value === "live" ? null : html`<span class="badge" id="status">${live.status.value}</span>`}</h1>
      <${BoardList} entries=${live.board.value} />
    </section>
    <${CombosList} combos=${live.combos.value} />`;
}

const root = /** @type {HTMLElement} */ (document.getElementById("overlay"));
if (!streamId || !token) {
  render(html`<${ProblemBox} error=${{ title: "Overlay not configured",
    detail: "Open it with ?stream=<stream id>&token=<token> (the creator studio gives the link)." }} />`, root);
} else {
  render(html`<${Overlay} streamId=${streamId} token=${token} />`, root);
}
