// The LIVE event stream (WebSocket /v1/streams/{id}/events) and what the screens make of it.
// Shared by the LIVE screen, the creator's view and the streaming overlay.

import { coins, count } from "./money.js";

const SUBPROTOCOL = "fancoins.v1";
const RECONNECT_MS = [1000, 2000, 5000, 10000];

/**
 * Connect and call `onEvent(event)` for every event of every frame. Reconnects after a drop
 * (a new connection starts with a fresh snapshot) unless the stream ended or `close()` was
 * called. `onStatus(text)` hears "live", "reconnecting", "ended".
 */
export function connectEvents(streamId, token, { onEvent, onStatus = () => {} }) {
  let socket = null;
  let closed = false;
  let attempt = 0;
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const url = `${scheme}://${location.host}/v1/streams/${encodeURIComponent(streamId)}/events`;

  function open() {
    // Browsers cannot set headers on a WebSocket: the token rides as a subprotocol, and the
    // server answers with `fancoins.v1` only (it never echoes the token).
    socket = new WebSocket(url, [SUBPROTOCOL, `bearer.${token}`]);
    socket.addEventListener("open", () => { attempt = 0; onStatus("live"); });
    socket.addEventListener("message", (message) => {
      let events;
      try {
        events = JSON.parse(message.data);
      } catch {
        return;
      }
      for (const event of Array.isArray(events) ? events : [events]) onEvent(event);
    });
    socket.addEventListener("close", (event) => {
      if (closed) return;
      if (event.code === 1000) {
        onStatus("ended");
        return;
      }
      const delay = RECONNECT_MS[Math.min(attempt, RECONNECT_MS.length - 1)];
      attempt += 1;
      onStatus(attempt > 3 ? "offline" : "reconnecting");
      setTimeout(() => { if (!closed) open(); }, delay);
    });
  }

  open();
  return {
    close() {
      closed = true;
      if (socket) socket.close(1000);
    },
  };
}

/** A one-line description of a feed event (null for events that are not feed lines). */
export function describe(event) {
  const who = event.sender?.display_name || event.sender?.id || "Someone";
  const gift = event.gift?.name || event.gift?.id || "a gift";
  switch (event.type) {
    case "gift.sent": {
      const combo = event.combo && !event.combo.ended && event.combo.count > 1
        ? ` · combo ×${count(event.combo.count)}` : "";
      return `${who} sent ${gift} ×${count(event.count)} (${coins(event.coins)})${combo}`;
    }
    case "gift.summary":
      return `+${count(event.count)} more gifts (${coins(event.coins)}) from ` +
        `${count(event.senders)} viewers`;
    case "combo.ended":
      if (event.combo.count <= 1) return null; // a single send is not a combo worth a line
      return `${who}'s ${gift} combo ended at ×${count(event.combo.count)} ` +
        `(${coins(event.combo.coins)})`;
    case "stream.ended":
      return "The LIVE has ended.";
    default:
      return null;
  }
}

/** The stream's top-gifter board, kept from `leaderboard.updated` snapshots and changes. */
export class Board {
  constructor(size = 10) {
    this.size = size;
    this.entries = new Map();
  }

  /** Entries from GET /v1/streams/{id}/leaderboard or a snapshot event. */
  reset(entries) {
    this.entries = new Map(entries.map((e) => [e.user_id, e]));
  }

  apply(event) {
    if (event.size) this.size = event.size;
    if (event.snapshot) {
      this.reset(event.entries);
      return;
    }
    for (const id of event.removed || []) this.entries.delete(typeof id === "string" ? id : id.user_id);
    for (const entry of event.entries) this.entries.set(entry.user_id, entry);
  }

  /** Most coins first; ranks recomputed so a partial update never shows two #1s. */
  ranked() {
    return [...this.entries.values()]
      .sort((a, b) => b.coins - a.coins || a.rank - b.rank)
      .slice(0, this.size)
      .map((entry, index) => ({ ...entry, rank: index + 1 }));
  }
}

/** Open combos by id, from `combo.updated` / `combo.ended` (and gift.sent's combo field). */
export class Combos {
  constructor() {
    this.open = new Map();
  }

  apply(event) {
    if (event.type === "combo.updated") {
      this.open.set(event.combo.id, event);
    } else if (event.type === "combo.ended") {
      this.open.delete(event.combo.id);
    } else if (event.type === "stream.ended") {
      this.open.clear();
    }
  }

  list() {
    return [...this.open.values()].sort((a, b) => b.combo.count - a.combo.count);
  }
}
