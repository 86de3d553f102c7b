// LIVE: open a stream, send gifts (idempotent), watch its events, combos, board and viewers.

import { api, idempotent } from "../api.js";
import { Board, Combos, connectEvents, describe } from "../livefeed.js";
import { coins, count } from "../money.js";
import { rememberStream, session } from "../session.js";
import { busy, h, panel, problemBox, replace, showError, timeOnly, toast } from "../ui.js";

const FEED_MAX = 100; // lines kept in the feed

export async function showLive(view, { args }) {
  if (args[0]) return openStream(view, decodeURIComponent(args[0]));
  const input = h("input", { name: "stream", placeholder: "stream id", required: true,
    "aria-label": "Stream id" });
  const form = h("form", { class: "inline", id: "open-stream" }, input,
    h("button", { class: "primary", type: "submit" }, "Open"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = `#/live/${encodeURIComponent(input.value.trim())}`;
  });
  const list = h("div", { id: "streams" }, h("p", { class: "muted" }, "Loading…"));
  replace(view, h("h1", {}, "LIVE"),
    panel("Streams", h("p", { class: "muted small" }, "Streams that are LIVE now, newest first."),
    list, form));
  let live = [];
  try {
    live = (await api.get("/v1/streams?limit=50")).items;
  } catch (error) {
    replace(list, problemBox(error));
    return null;
  }
  replace(list, live.length ? h("div", { class: "grid cards" }, live.map((s) =>
    h("a", { class: "figure", href: `#/live/${encodeURIComponent(s.id)}`,
      dataset: { stream: s.id } },
    h("span", { class: "badge live" }, "LIVE"),
    h("div", { class: "value small" }, s.title),
    h("div", { class: "sub" }, s.creator_id))))
    : h("p", { class: "muted" }, "Nobody is LIVE right now."));
  return null;
}

function feedLine(event) {
  const text = describe(event);
  if (!text) return null;
  return h("li", { class: `ev ${event.type.replace(".", "-")}` },
    h("span", { class: "t" }, timeOnly(event.time || Date.now())), text);
}

export function renderBoard(element, board) {
  const entries = board.ranked();
  replace(element, entries.length ? entries.map((entry) => h("li", {},
    h("span", { class: "rank" }, `${entry.rank}`),
    h("span", { class: "who-name" }, entry.display_name || entry.user_id,
      entry.level ? h("span", { class: "muted small" }, ` · Lv ${entry.level}`) : null),
    h("span", { class: "amt" }, count(entry.coins))))
    : h("li", { class: "muted" }, "No gifts yet."));
}

function renderCombos(element, combos) {
  replace(element, combos.list().map((c) => h("div", { class: "combo" },
    h("span", {}, `${c.sender.display_name} · ${c.gift.name}`),
    h("span", { class: "count" }, `×${count(c.combo.count)}`))));
}

/** The stream's live parts (feed, combos, board, viewers) wired to its WebSocket. */
export function watch(streamId, token, parts) {
  const board = new Board();
  const combos = new Combos();
  const onEvent = (event) => {
    if (event.type === "leaderboard.updated") {
      board.apply(event);
      renderBoard(parts.board, board);
      return;
    }
    if (event.type === "viewers.updated") {
      replace(parts.viewers, count(event.count));
      return;
    }
    combos.apply(event);
    renderCombos(parts.combos, combos);
    const line = feedLine(event);
    if (line) {
      parts.feed.prepend(line);
      while (parts.feed.children.length > FEED_MAX) parts.feed.lastElementChild.remove();
    }
    if (parts.onEvent) parts.onEvent(event);
  };
  api.get(`/v1/streams/${encodeURIComponent(streamId)}/leaderboard`).then((b) => {
    if (!board.entries.size) {
      board.reset(b.entries);
      renderBoard(parts.board, board);
    }
  }).catch(() => {});
  return connectEvents(streamId, token, {
    onEvent,
    onStatus: (status) => replace(parts.status, status === "live"
      ? h("span", { class: "badge live" }, "LIVE")
      : h("span", { class: "badge warn" }, status)),
  });
}

async function openStream(view, streamId) {
  let stream;
  try {
    stream = await api.get(`/v1/streams/${encodeURIComponent(streamId)}`);
  } catch (error) {
    replace(view, h("h1", {}, "LIVE"), problemBox(error), h("a", { href: "#/live" }, "← Streams"));
    return null;
  }
  rememberStream(stream);
  const parts = {
    feed: h("ul", { class: "feed", id: "feed" }),
    board: h("ol", { class: "board", id: "board" }),
    combos: h("div", { class: "combos", id: "combos" }),
    viewers: h("span", { id: "viewers" }, "–"),
    status: h("span", { id: "live-status" }),
  };
  const balance = h("strong", { class: "coin", id: "live-coins" }, "…");
  const errors = h("div", { id: "gift-errors" });
  const gifts = h("div", { class: "gifts", id: "gift-buttons" });
  const stage = h("div", { class: "stage" },
    h("div", { class: "row" }, parts.status, h("span", { class: "spacer" }),
      h("span", { class: "meta" }, "Viewers: ", parts.viewers)),
    h("h2", {}, stream.title),
    h("div", { class: "meta" }, `with ${stream.creator_id}`),
    parts.combos,
    h("div", { class: "hint" }, "The video plays in your app; gifts, combos and the board are live."));
  replace(view, h("p", {}, h("a", { href: "#/live" }, "← Streams")),
    h("div", { class: "live-layout" },
      h("div", {}, stage,
        panel(null, h("div", { class: "panel-head" }, h("h2", {}, "Send a gift"),
          h("span", {}, "Your coins: ", balance)), errors, gifts),
        panel("Live feed", parts.feed)),
      h("div", {}, panel("Top gifters", parts.board))));
  if (stream.status !== "live") {
    replace(parts.status, h("span", { class: "badge" }, "ended"));
    showError(errors, { title: "This LIVE has ended", detail: "Gifts can no longer be sent." });
    return null;
  }
  api.get("/v1/wallet").then((w) => replace(balance, count(w.coins)))
    .catch(() => replace(balance, "–"));
  renderGifts(gifts, errors, stream, balance);
  return watch(stream.id, session.token, parts).close;
}

async function renderGifts(slot, errors, stream, balance) {
  let catalog;
  try {
    catalog = await api.get("/v1/gifts");
  } catch (error) {
    showError(errors, error);
    return;
  }
  replace(slot, catalog.map((gift) => {
    const button = h("button", { class: "gift", dataset: { gift: gift.id } },
      h("span", { class: "gname" }, gift.name),
      h("span", { class: "gprice" }, coins(gift.price_coins)));
    button.addEventListener("click", async () => {
      const sent = await busy(button, errors, () => idempotent("POST", "/v1/gifts/send",
        { gift_id: gift.id, stream_id: stream.id, count: 1 }));
      if (sent) replace(balance, count(sent.balance_coins));
    });
    return button;
  }));
  if (!catalog.length) toast("No gifts are offered in your country.", "bad");
}
