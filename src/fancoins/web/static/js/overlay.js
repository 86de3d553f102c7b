// The overlay page for streaming software: /app/overlay.html?stream=<id>&token=<token>.
// Gift alerts pop up and fade; the top-gifter board and open combos stay on screen.

import { api } from "./api.js";
import { Board, Combos, connectEvents, describe } from "./livefeed.js";
import { count } from "./money.js";
import { h, problemBox, replace } from "./ui.js";
import { renderBoard } from "./screens/live.js";

const ALERT_MS = 6000;
const ALERTS_MAX = 5;

const params = new URLSearchParams(location.search);
const streamId = params.get("stream");
const token = params.get("token");
const alerts = document.getElementById("alerts");
const boardList = document.getElementById("board");
const combosBox = document.getElementById("combos");
const status = document.getElementById("status");

function alert(event) {
  const text = describe(event);
  if (!text || event.type === "gift.summary" && !event.count) return;
  const item = h("div", { class: "alert" }, text,
    event.type === "gift.sent" && event.sender?.level
      ? h("small", {}, `Gifter level ${event.sender.level}`) : null);
  alerts.prepend(item);
  while (alerts.children.length > ALERTS_MAX) alerts.lastElementChild.remove();
  setTimeout(() => item.remove(), ALERT_MS);
}

function renderCombos(combos) {
  replace(combosBox, combos.list().map((c) => h("div", { class: "combo" },
    h("span", {}, `${c.sender.display_name} · ${c.gift.name}`),
    h("span", { class: "count" }, `×${count(c.combo.count)}`))));
}

async function start() {
  if (!streamId || !token) {
    document.body.append(problemBox({ title: "Overlay not configured",
      detail: "open it with ?stream=<stream id>&token=<token> (the creator screen gives the URL)" }));
    return;
  }
  const board = new Board();
  const combos = new Combos();
  try {
    const first = await api.get(`/v1/streams/${encodeURIComponent(streamId)}/leaderboard`,
      undefined, { token });
    board.reset(first.entries);
    renderBoard(boardList, board);
  } catch (error) {
    document.body.append(problemBox(error));
    return;
  }
  connectEvents(streamId, token, {
    onEvent: (event) => {
      if (event.type === "leaderboard.updated") {
        board.apply(event);
        renderBoard(boardList, board);
        return;
      }
      if (event.type === "viewers.updated") return;
      combos.apply(event);
      renderCombos(combos);
      alert(event);
    },
    onStatus: (text) => replace(status, text === "live" ? null : h("span", { class: "badge" }, text)),
  });
}

start();
