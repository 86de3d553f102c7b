// @ts-check
// The LIVE event stream (WebSocket /v1/streams/{id}/events) and what the screens make of it.
// Shared by the LIVE room, the creator studio and the streaming overlay.

import { coins, formatCount } from "./money.js";

const SUBPROTOCOL = "fancoins.v1";
const RECONNECT_MS = [1000, 2000, 5000, 10000];
/** After this many failed reconnects in a row the status says "offline" (still retrying). */
const OFFLINE_AFTER_ATTEMPTS = 3;
const CLOSE_STREAM_ENDED = 1000;

/**
 * Connect and call `onEvent(event)` for every event of every frame. Reconnects after a drop
 * (a new connection starts with a fresh snapshot) unless the stream ended or `close()` was
 * called. `onStatus(text)` hears "live", "reconnecting", "offline", "ended".
 * @param {string} streamId @param {string} token
 * @param {{onEvent: (event: any) => void, onStatus?: (status: string) => void}} handlers
 */
export function connectEvents(streamId, token, { onEvent, onStatus = () => {} }) {
  /** @type {WebSocket|null} */
  let socket = null;
  let closed = false;
  let attempt = 0;
  /** @type {ReturnType<typeof setTimeout>|null} */
  let retry = null;
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
      if (event.code === CLOSE_STREAM_ENDED) {
        onStatus("ended");
        return;
      }
      const delay = RECONNECT_MS[Math.min(attempt, RECONNECT_MS.length - 1)];
      attempt += 1;
      onStatus(attempt > OFFLINE_AFTER_ATTEMPTS ? "offline" : "reconnecting");
      retry = setTimeout(() => { if (!closed) open(); }, delay);
    });
  }

  open();
  return {
    close() {
      closed = true;
      if (retry) clearTimeout(retry);
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
        ? ` · combo ×${formatCount(event.combo.count)}` : "";
      const said = event.message ? `: “${event.message.text}”` : "";
      return `${who} sent ${gift} ×${formatCount(event.count)} (${coins(event.coins)})${combo}${said}`;
    }
    case "combo.updated":
      return null; // the running combo is on the stage; its end is one line
    case "gift.summary":
      return `+${formatCount(event.count)} more gifts (${coins(event.coins)}) from ` +
        `${formatCount(event.senders)} viewers`;
    case "combo.ended":
      if (event.combo.count <= 1) return null; // a single send is not a combo worth a line
      return `${who}'s ${gift} combo ended at ×${formatCount(event.combo.count)} ` +
        `(${coins(event.combo.coins)})`;
    case "stream.ended":
      return "The LIVE has ended.";
    case "fanclub.joined":
      return `${event.member.display_name} joined the fan club`;
    case "battle.started":
      return `A battle started: ${sideNames(event.battle, "a")} vs ${sideNames(event.battle, "b")}`;
    case "battle.ended":
      return battleResult(event.battle, event.winner_side);
    case "goal.completed":
      return `Goal reached: ${event.goal.title}`;
    case "goal.expired":
      return `Goal not reached in time: ${event.goal.title}`;
    default:
      return null;
  }
}

/** The stream's top-gifter board, kept from `leaderboard.updated` snapshots and changes. */
export class Board {
  constructor(size = 10) {
    this.size = size;
    /** @type {Map<string, any>} */
    this.entries = new Map();
  }

  /** Entries from GET /v1/streams/{id}/leaderboard or a snapshot event. @param {any[]} entries */
  reset(entries) {
    this.entries = new Map(entries.map((e) => [e.user_id, e]));
  }

  /** @param {any} event */
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
    /** @type {Map<string, any>} */
    this.open = new Map();
  }

  /** @param {any} event */
  apply(event) {
    if ((event.type === "combo.updated" || event.type === "gift.sent") && event.combo
        && !event.combo.ended && event.combo.count > 1) {
      this.open.set(event.combo.id, event);
    } else if (event.type === "combo.ended" || (event.combo && event.combo.ended)) {
      this.open.delete(event.combo.id);
    } else if (event.type === "stream.ended") {
      this.open.clear();
    }
  }

  list() {
    return [...this.open.values()].sort((a, b) => b.combo.count - a.combo.count);
  }
}

/** The creators of one side of a battle view, by name. */
export function sideNames(battle, side) {
  const found = battle.sides.find((s) => s.side === side);
  return found ? found.creators.map((c) => c.display_name).join(" & ") : "";
}

/** "Maya wins the battle (1,200 to 900)" or "The battle ended in a draw (500 each)". */
export function battleResult(battle, winnerSide) {
  const score = (side) => battle.sides.find((s) => s.side === side)?.score_coins ?? 0;
  if (!winnerSide) return `The battle ended in a draw (${coins(score("a"))} each)`;
  const loser = winnerSide === "a" ? "b" : "a";
  return `${sideNames(battle, winnerSide)} won the battle (${formatCount(score(winnerSide))} to ${formatCount(score(loser))} coins)`;
}

/**
 * The battle a stream is in, from `battle.*` events. Several API processes may each announce
 * a score: scores only grow, so the highest seen per side is the latest.
 */
export class BattleState {
  constructor() {
    /** @type {any} */
    this.view = null;
    this.ended = false;
    /** @type {string|null} */
    this.winnerSide = null;
  }

  /** @param {any} event @returns {boolean} whether the event was about the battle */
  apply(event) {
    if (!event.type.startsWith("battle.")) return false;
    const incoming = event.battle;
    if (event.type === "battle.ended") {
      this.view = incoming;
      this.ended = true;
      this.winnerSide = event.winner_side;
      return true;
    }
    if (this.view && this.view.id === incoming.id && this.ended) return true; // after its end
    if (!this.view || this.view.id !== incoming.id) {
      this.view = incoming;
      this.ended = false;
      this.winnerSide = null;
      return true;
    }
    this.view = { ...incoming, sides: incoming.sides.map((side) => {
      const held = this.view.sides.find((s) => s.side === side.side);
      return held && held.score_coins > side.score_coins ? held : side;
    }) };
    return true;
  }
}
