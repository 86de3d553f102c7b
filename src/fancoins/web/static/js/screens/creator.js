// Creator: go LIVE / end, earnings with a daily chart, payout method, withdrawals,
// top supporters and the streaming-software overlay URL.

import { ApiError, api, idempotent, newKey } from "../api.js";
import { barChart } from "../chart.js";
import { count, formatMinor, money, parseMajor } from "../money.js";
import { rememberStream, session } from "../session.js";
import { busy, dateTime, figure, h, panel, problemBox, replace, showError, table, toast }
  from "../ui.js";

const STREAM_KEY = "fancoins.stream."; // + user id: this creator's current LIVE

function overlayUrl(streamId) {
  const url = new URL("overlay.html", location.href.split("#")[0]);
  url.search = new URLSearchParams({ stream: streamId, token: session.token }).toString();
  return url.toString();
}

function livePanel() {
  const body = h("div", { id: "go-live" }, h("p", { class: "muted" }, "Loading…"));
  const errors = h("div");
  const key = STREAM_KEY + session.userId;

  function adopt(stream) {
    localStorage.setItem(key, stream.id);
    rememberStream(stream);
  }

  function renderOff() {
    const title = h("input", { name: "title", required: true, maxlength: 200,
      value: `${session.current.display_name} is LIVE`, "aria-label": "Title" });
    const form = h("form", { class: "inline" }, title,
      h("button", { class: "primary", type: "submit", id: "go-live-button" }, "Go LIVE"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      await busy(event.submitter, errors, async () => {
        try {
          adopt(await api.post("/v1/streams", { title: title.value }, { key: newKey() }));
        } catch (error) {
          // Already live (started elsewhere, e.g. by the demo): take that stream over.
          if (!(error instanceof ApiError) || !error.problem.stream_id) throw error;
          adopt(await api.get(`/v1/streams/${encodeURIComponent(error.problem.stream_id)}`));
          toast("You were already LIVE: showing that stream.");
        }
        await refresh();
      });
    });
    replace(body, h("p", { class: "muted" }, "You are not LIVE."), form, errors);
  }

  function renderOn(stream) {
    const end = h("button", { class: "danger", id: "end-live" }, "End LIVE");
    end.addEventListener("click", () => busy(end, errors, async () => {
      await api.post(`/v1/streams/${encodeURIComponent(stream.id)}/end`);
      localStorage.removeItem(key);
      toast("LIVE ended.");
      await refresh();
    }));
    const overlay = overlayUrl(stream.id);
    replace(body,
      h("div", { class: "row" }, h("span", { class: "badge live" }, "LIVE"),
        h("strong", {}, stream.title), h("span", { class: "spacer" }),
        h("a", { class: "button", href: `#/live/${encodeURIComponent(stream.id)}`,
          id: "watch-live" }, "Open as viewer"), end),
      h("p", { class: "muted small" }, `Stream ${stream.id} · started ${dateTime(stream.started_at)} · `,
        `${count(stream.gifts_count ?? 0)} gifts, ${count(stream.diamonds ?? 0)} diamonds so far`),
      h("p", { class: "small" }, "Overlay for OBS / streaming software (browser source, ",
        "shows gift alerts and the top gifters; keep the URL private, it signs in as you):"),
      h("div", { class: "row" }, h("input", { readonly: true, value: overlay, id: "overlay-url",
        class: "mono grow", "aria-label": "Overlay URL" }),
      h("a", { class: "button", href: overlay, target: "_blank", rel: "noopener" }, "Open overlay")),
      errors);
  }

  async function refresh() {
    const id = localStorage.getItem(key);
    if (!id) return renderOff();
    try {
      const stream = await api.get(`/v1/streams/${encodeURIComponent(id)}`);
      if (stream.status === "live") return renderOn(stream);
    } catch (error) {
      showError(errors, error);
    }
    localStorage.removeItem(key);
    return renderOff();
  }

  refresh();
  return panel("LIVE", body);
}

function fillDays(daily, days) {
  // The API leaves out days without gifts; the chart shows every day of the window.
  const byDay = new Map(daily.map((d) => [d.day, d]));
  const today = new Date();
  const points = [];
  for (let back = days - 1; back >= 0; back -= 1) {
    const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(),
      today.getUTCDate() - back)).toISOString().slice(0, 10);
    const found = byDay.get(day);
    points.push({ day, diamonds: found ? found.diamonds : 0,
      cash: found ? found.cash_value_minor : 0 });
  }
  return points;
}

function earningsPanel() {
  const body = h("div", { id: "earnings" }, h("p", { class: "muted" }, "Loading…"));
  const errors = h("div");
  const list = h("div", { id: "withdrawals" });

  async function load() {
    let e;
    try {
      e = await api.get("/v1/creator/earnings");
    } catch (error) {
      replace(body, problemBox(error));
      return;
    }
    const cur = e.currency;
    const points = fillDays(e.daily, 30);
    const chart = barChart(points.map((p) => ({
      label: p.day.slice(5), value: p.diamonds,
      title: `${p.day}: ${count(p.diamonds)} diamonds (${money(p.cash, cur)})`,
    })), { label: "Diamonds earned per day", format: (v) => count(v), labelEvery: 5,
      width: 480, height: 170 });
    replace(body,
      h("div", { class: "grid cards" },
        figure("Diamonds", h("span", { class: "diamond", id: "earn-diamonds" },
          count(e.diamonds_total)), `worth ${money(e.cash_value_minor, cur)}`),
        figure("On hold", count(e.diamonds_on_hold),
          `${money(e.on_hold_cash_minor, cur)} · ${e.hold_days}-day hold`),
        figure("Withdrawable", h("span", { id: "earn-withdrawable" },
          money(e.withdrawable_cash_minor, cur)), `${count(e.diamonds_withdrawable)} diamonds`),
        figure("Pending withdrawal", count(e.diamonds_pending_withdrawal), "diamonds")),
      h("h3", {}, "Diamonds earned per day (last 30 days, UTC)"), chart,
      withdrawForm(e, errors, load), errors);
    loadWithdrawals(list);
  }

  load();
  return panel("Earnings", body, h("h3", {}, "Withdrawals"), list);
}

function withdrawForm(e, errors, reload) {
  const cur = e.currency;
  const email = h("input", { name: "paypal", type: "email", placeholder: "you@example.com",
    "aria-label": "PayPal email" });
  const amount = h("input", { name: "amount", inputmode: "decimal",
    placeholder: formatMinor(e.min_withdrawal_minor, cur), "aria-label": `Amount in ${cur}` });
  const method = h("form", { class: "inline" }, h("label", { class: "field" }, "PayPal email", email),
    h("button", { type: "submit" }, "Save payout method"));
  method.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(event.submitter, errors, async () => {
      await api.put("/v1/creator/payout-method", { paypal_email: email.value.trim() });
      toast("Payout method saved.");
    });
  });
  const withdraw = h("form", { class: "inline" },
    h("label", { class: "field" }, `Amount (${cur})`, amount),
    h("button", { class: "primary", type: "submit", id: "withdraw" }, "Withdraw"));
  withdraw.addEventListener("submit", (event) => {
    event.preventDefault();
    const minor = parseMajor(amount.value, cur);
    if (minor === null || minor <= 0) {
      showError(errors, { title: "Invalid amount", detail: `an amount in ${cur}, e.g. 100.00` });
      return;
    }
    busy(event.submitter, errors, async () => {
      const w = await idempotent("POST", "/v1/withdrawals", { amount_minor: minor });
      toast(`Withdrawal of ${money(w.amount_minor, w.currency)} requested.`);
      await reload();
    });
  });
  return h("div", {},
    h("p", { class: "muted small" }, `Minimum ${money(e.min_withdrawal_minor, cur)}, at most `,
      `${money(e.daily_cap_minor, cur)} a day, paid to PayPal.`),
    h("div", { class: "row" }, method, withdraw));
}

async function loadWithdrawals(slot) {
  try {
    const page = await api.get("/v1/withdrawals", { limit: 10 });
    replace(slot, table(
      [{ label: "Requested" }, { label: "Amount", num: true }, { label: "Diamonds", num: true },
        { label: "Status" }],
      page.items.map((w) => [dateTime(w.created_at), money(w.amount_minor, w.currency),
        count(w.diamonds), w.status]), "No withdrawals yet."));
  } catch (error) {
    replace(slot, problemBox(error));
  }
}

function supportersPanel() {
  const body = h("div", { id: "supporters" });
  const period = h("select", { "aria-label": "Period" },
    [["week", "This week"], ["today", "Today"], ["all", "All time"]].map(([v, l]) =>
      h("option", { value: v }, l)));
  async function load() {
    try {
      const board = await api.get(`/v1/creators/${encodeURIComponent(session.userId)}/supporters`,
        { period: period.value, limit: 10 });
      replace(body, table(
        [{ label: "#" }, { label: "Supporter" }, { label: "Level" }, { label: "Coins", num: true },
          { label: "Gifts", num: true }],
        board.entries.map((e) => [`${e.rank}`, e.display_name, e.level ? `Lv ${e.level}` : "",
          count(e.coins), count(e.gifts)]), "No supporters in this period yet."));
    } catch (error) {
      replace(body, problemBox(error));
    }
  }
  period.addEventListener("change", load);
  load();
  return panel(null, h("div", { class: "panel-head" }, h("h2", {}, "Top supporters"), period),
    body);
}

export async function showCreator(view) {
  replace(view, h("h1", {}, "Creator"), livePanel(),
    h("div", { class: "grid two" }, earningsPanel(), supportersPanel()));
}
