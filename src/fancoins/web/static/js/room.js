// @ts-check
// One LIVE's state, following the server: the board (first read over HTTP, then its events),
// viewers, open combos, the feed and whether it has ended, all from the LIVE socket.

import { api, enc } from "./api.js";
import { Board, Combos, connectEvents, describe } from "./livefeed.js";
import { html, useEffect, useSignal } from "./lib.js";
import { formatCount } from "./money.js";
import { timeOnly } from "./ui.js";

/** Lines kept in the feed (older ones scroll away). */
export const FEED_MAX = 100;

/**
 * @param {string} streamId
 * @param {string} token
 * @param {{live: boolean, onEvent?: (event: any) => void, readBoard?: boolean}} options
 *   readBoard false: no HTTP read of the board first (an overlay credential reads the socket
 *   only; its snapshot carries the board)
 */
export function useLive(streamId, token, { live, onEvent, readBoard = true }) {
  const status = useSignal(live ? "connecting" : "ended");
  const viewers = useSignal(/** @type {number|null} */ (null));
  const board = useSignal(/** @type {any[]} */ ([]));
  const combos = useSignal(/** @type {any[]} */ ([]));
  const feed = useSignal(/** @type {{key: string, time: string, text: string, type: string}[]} */ ([]));
  useEffect(() => {
    const boardState = new Board();
    const comboState = new Combos();
    let heard = false;
    if (readBoard) {
      api.get(`/v1/streams/${enc(streamId)}/leaderboard`, undefined, { token }).then((b) => {
        if (heard) return; // the socket's snapshot is newer
        boardState.reset(b.entries);
        board.value = boardState.ranked();
      }).catch(() => {});
    }
    if (!live) return undefined;
    const connection = connectEvents(streamId, token, {
      onEvent: (event) => {
        if (event.type === "leaderboard.updated") {
          heard = true;
          boardState.apply(event);
          board.value = boardState.ranked();
          return;
        }
        if (event.type === "viewers.updated") {
          viewers.value = event.count;
          return;
        }
        comboState.apply(event);
        combos.value = comboState.list();
        const text = describe(event);
        if (text) {
          feed.value = [{ key: event.event_id, time: event.time, text, type: event.type },
            ...feed.value].slice(0, FEED_MAX);
        }
        if (event.type === "stream.ended") status.value = "ended";
        if (onEvent) onEvent(event);
      },
      onStatus: (s) => { if (status.value !== "ended") status.value = s; },
    });
    return () => connection.close();
  }, [streamId, token, live, readBoard]);
  return { status, viewers, board, combos, feed };
}

export function StatusBadge({ status, id = "live-status" }) {
  const text = { live: "LIVE", ended: "Ended", connecting: "Connecting…",
    reconnecting: "Reconnecting…", offline: "Offline, retrying" }[status] || status;
  const klass = status === "live" ? "live" : status === "ended" ? "" : "warn";
  return html`<span id=${id}><span class=${`badge ${klass}`}>${text}</span></span>`;
}

export function BoardList({ entries, id = "board" }) {
  return html`<ol class="board" id=${id}>
    ${entries.length ? entries.map((e) => html`<li key=${e.user_id}>
      <span class="rank">${e.rank}</span>
      <span class="who-name">${e.display_name || e.user_id}
        ${e.level ? html`<span class="muted small"> · Lv ${e.level}</span>` : null}</span>
      <span class="amt">${formatCount(e.coins)}</span>
    </li>`) : html`<li class="muted">No gifts yet.</li>`}
  </ol>`;
}

export function CombosList({ combos }) {
  return html`<div class="combos" id="combos" aria-live="polite">
    ${combos.map((c) => html`<div class="combo" key=${c.combo.id}>
      <span>${c.sender.display_name} · ${c.gift.name}</span>
      <span class="count">×${formatCount(c.combo.count)}</span>
    </div>`)}
  </div>`;
}

export function Feed({ lines }) {
  return html`<ul class="feed" id="feed" aria-live="polite">
    ${lines.length ? lines.map((l) => html`<li key=${l.key} class=${`ev ${l.type.replace(".", "-")}`}>
      <span class="t">${timeOnly(l.time || Date.now())}</span>${l.text}</li>`)
      : html`<li class="muted empty">Gifts appear here as they are sent.</li>`}
  </ul>`;
}
