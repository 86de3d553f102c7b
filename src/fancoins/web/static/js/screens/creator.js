// @ts-check
// Creator studio: LIVE status from the server (go LIVE, end, the overlay link), a summary of
// each LIVE, earnings (on hold vs withdrawable, as the wallet says) with a chart and an export,
// the withdrawal path step by step, the saved payout method, and top supporters.

import { ApiError, api, enc, idempotent, newKey } from "../api.js";
import { BarChart } from "../chart.js";
import { html, useSignal } from "../lib.js";
import { formatCount, formatMoney, formatMinor, parseMajor } from "../money.js";
import { invalidate, useQuery } from "../query.js";
import { BoardList, StatusBadge, useLive } from "../room.js";
import { session } from "../session.js";
import {
  Figure, Loaded, Panel, ProblemBox, Table, csv, dateTime, download, toast, useAction,
} from "../ui.js";

const MS_PER_DAY = 86_400_000;
const CHART_DAYS = 30;
/** Pages of the LIVE list read to find this creator's own LIVE (a bound on one look). */
const LIVE_LIST_PAGES_MAX = 20;
/** A running LIVE's figures (gifts, diamonds) re-read this often; viewers come from the socket. */
const LIVE_TOTALS_REFRESH_MS = 5_000;

/** This creator's LIVE now, as the server says (null when not LIVE). */
async function myLive() {
  let cursor = null;
  for (let i = 0; i < LIVE_LIST_PAGES_MAX; i += 1) {
    /** @type {import("../types.js").StreamPage} */
    const page = await api.get("/v1/streams", { limit: 100, cursor });
    const mine = page.items.find((s) => s.creator_id === session.userId);
    if (mine) return api.get(`/v1/streams/${enc(mine.id)}`); // with its totals
    cursor = page.next_cursor;
    if (!cursor) return null;
  }
  return null;
}

/** The overlay page's URL with an overlay credential: read-only, this creator's LIVEs only,
 * never the session token (a browser source in streaming software keeps it for months). */
function overlayUrl(streamId, credential) {
  const url = new URL("overlay.html", location.href.split("#")[0]);
  url.search = new URLSearchParams({ stream: streamId, token: credential }).toString();
  return url.toString();
}

function OverlayLink({ streamId }) {
  const link = useSignal(/** @type {string|null} */ (null));
  const mint = useAction(async () => {
    const issued = await api.post("/v1/creator/overlay-credentials", { name: "Streaming overlay" });
    link.value = overlayUrl(streamId, issued.token);
  });
  return html`<p class="small">Add it as a browser source in OBS: it shows gift alerts and the top gifters.
      The link reads this LIVE's events and nothing else; it never signs in as you.</p>
    <${ProblemBox} error=${mint.error} />
    ${link.value === null
      ? html`<button id="make-overlay" disabled=${mint.busy} onClick=${() => mint.run()}>Make overlay link</button>`
      : html`<div class="row">
          <input readonly value=${link.value} id="overlay-url" class="mono grow" aria-label="Overlay URL" />
          <a class="button" href=${link.value} target="_blank" rel="noopener" id="open-overlay">Open overlay</a>
        </div>`}`;
}

function StreamSummary({ stream, viewers = null, id = undefined }) {
  return html`<div class="grid cards summary" id=${id} data-stream=${stream.id}>
    <${Figure} label="Gifts" value=${stream.gifts_count === null || stream.gifts_count === undefined ? "–" : formatCount(stream.gifts_count)}
      id=${id ? `${id}-gifts` : undefined} sub=${stream.status === "live" ? "so far" : "in this LIVE"} />
    <${Figure} label="Diamonds" klass="diamond" value=${stream.diamonds === null || stream.diamonds === undefined ? "–" : formatCount(stream.diamonds)}
      id=${id ? `${id}-diamonds` : undefined} sub="earned in this LIVE" />
    ${viewers !== null ? html`<${Figure} label="Watching now" value=${formatCount(viewers)} id="studio-viewers" />` : null}
    <${Figure} label=${stream.status === "live" ? "Started" : "Ran"} value=${html`<span class="small">${
      stream.status === "live" ? dateTime(stream.started_at)
        : `${dateTime(stream.started_at)} – ${dateTime(stream.ended_at)}`}</span>`} />
  </div>`;
}

function OnAir({ stream, onEnded }) {
  const live = useLive(stream.id, /** @type {string} */ (session.token), { live: true });
  const end = useAction(async () => {
    const ended = await api.post(`/v1/streams/${enc(stream.id)}/end`);
    onEnded(ended);
    toast("LIVE ended.");
    await invalidate("my-live", "earnings");
  });
  return html`<div id="on-air">
    <div class="row">
      <${StatusBadge} status=${live.status.value === "connecting" ? "live" : live.status.value} id="studio-status" />
      <strong class="stream-title">${stream.title}</strong>
      <span class="spacer" />
      <a class="button" href=${`#/live/${enc(stream.id)}`} id="watch-live">Open as viewer</a>
      <button class="danger" id="end-live" disabled=${end.busy} onClick=${() => end.run()}>End LIVE</button>
    </div>
    <${ProblemBox} error=${end.error} />
    <${StreamSummary} stream=${stream} viewers=${live.viewers.value} id="live-summary" />
    <h3>Top gifters in this LIVE</h3>
    <${BoardList} entries=${live.board.value} id="studio-board" />
    <h3>Overlay for streaming software</h3>
    <${OverlayLink} streamId=${stream.id} />
  </div>`;
}

function GoLive() {
  const title = useSignal(`${session.current?.display_name || "I"} is LIVE`);
  const start = useAction(async () => {
    try {
      await api.post("/v1/streams", { title: title.value }, { key: newKey() });
    } catch (error) {
      // Started elsewhere a moment ago (another tab, the host app): the server's state wins.
      if (!(error instanceof ApiError) || error.status !== 409) throw error;
    }
    await invalidate("my-live");
  });
  return html`<div id="off-air">
    <p class="muted" id="live-state">You are not LIVE.</p>
    <form class="inline" onSubmit=${(e) => { e.preventDefault(); start.run(); }}>
      <label class="field grow">Title
        <input name="title" required maxlength="200" value=${title.value}
          onInput=${(e) => { title.value = e.currentTarget.value; }} /></label>
      <button class="primary" type="submit" id="go-live-button" disabled=${start.busy}>Go LIVE</button>
    </form>
    <${ProblemBox} error=${start.error} />
  </div>`;
}

function LivePanel() {
  const ended = useSignal(/** @type {any[]} */ ([]));
  const query = useQuery(["my-live"], myLive, [], LIVE_TOTALS_REFRESH_MS);
  return html`<${Panel} title="LIVE" id="live-panel">
    <${Loaded} query=${query}>${(stream) => stream
      ? html`<${OnAir} key=${stream.id} stream=${stream}
          onEnded=${(s) => { ended.value = [s, ...ended.value]; }} />`
      : html`<${GoLive} />`}<//>
    ${ended.value.length ? html`<h3>LIVEs ended just now</h3>
      ${ended.value.map((s) => html`<div key=${s.id} class="ended-live"><strong>${s.title}</strong>
        <${StreamSummary} stream=${s} id="ended-summary" /></div>`)}` : null}
  <//>`;
}

function daysOf(daily) {
  // The API leaves out days without gifts; the chart shows every day of the window.
  const byDay = new Map(daily.map((d) => [d.day, d]));
  const today = new Date();
  const days = [];
  for (let back = CHART_DAYS - 1; back >= 0; back -= 1) {
    const at = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - back);
    const day = new Date(at).toISOString().slice(0, 10);
    const found = byDay.get(day);
    days.push({ day, at, diamonds: found ? found.diamonds : 0, cash: found ? found.cash_value_minor : 0 });
  }
  return days;
}

function WithdrawalGuide({ e, user, method }) {
  const cur = e.currency;
  const missing = Math.max(0, e.min_withdrawal_minor - e.withdrawable_cash_minor);
  const steps = [
    { done: Boolean(user.age_verified), id: "verified",
      text: user.age_verified ? "Your identity is verified."
        : "Verify your identity (age 18+) in the app you stream from: withdrawals need it." },
    { done: Boolean(method), id: "method",
      text: method ? `Payouts go to PayPal: ${method}.` : "Add the PayPal email your money goes to (below)." },
    { done: missing === 0, id: "threshold",
      text: missing === 0 ? `You can withdraw up to ${formatMoney(Math.min(e.withdrawable_cash_minor, e.daily_cap_minor), cur)} today.`
        : `${formatMoney(e.withdrawable_cash_minor, cur)} is withdrawable; the minimum is ${formatMoney(e.min_withdrawal_minor, cur)}. `
          + (e.diamonds_on_hold > 0 ? `${formatMoney(e.on_hold_cash_minor, cur)} more is on hold and becomes withdrawable ${e.hold_days} days after each gift.` : "Gifts you receive add to it.") },
  ];
  return html`<ol class="steps" id="withdraw-steps">${steps.map((s) => html`<li key=${s.id}
    class=${s.done ? "done" : "todo"} data-step=${s.id}><span class="tick" aria-hidden="true">${s.done ? "✓" : "•"}</span>
    <span class="visually-hidden">${s.done ? "Done: " : "To do: "}</span>${s.text}</li>`)}</ol>`;
}

function EarningsPanel() {
  const query = useQuery(["earnings"], async () => {
    /** @type {[import("../types.js").EarningsOut, import("../types.js").UserOut, import("../types.js").WithdrawalPage, string|null]} */
    const [e, user, withdrawals, method] = await Promise.all([
      api.get("/v1/creator/earnings"),
      api.get(`/v1/users/${enc(/** @type {string} */ (session.userId))}`),
      api.get("/v1/withdrawals", { limit: 10 }),
      // The saved payout method, read back from the server.
      api.get("/v1/creator/payout-method").then((m) => m.paypal_email, () => null),
    ]);
    return { e, user, withdrawals: withdrawals.items, method };
  });
  const saveMethod = useAction(async (email) => {
    await api.put("/v1/creator/payout-method", { paypal_email: email });
    toast("Payout method saved.");
    await invalidate("earnings");
  });
  const withdraw = useAction(async (text, cur) => {
    const minor = parseMajor(text, cur);
    if (minor === null || minor <= 0) throw { title: "Invalid amount", detail: `an amount in ${cur}, e.g. 100.00` };
    const w = await idempotent("POST", "/v1/withdrawals", { amount_minor: minor });
    toast(`Withdrawal of ${formatMoney(w.amount_minor, w.currency)} requested.`);
    await invalidate("earnings", "wallet", "statement");
  });
  return html`<${Panel} title="Earnings" id="earnings-panel"><${Loaded} query=${query}>${({ e, user, withdrawals, method }) => {
    const cur = e.currency;
    const days = daysOf(e.daily);
    return html`<div id="earnings">
      <div class="grid cards">
        <${Figure} label="Diamonds" klass="diamond" id="earn-diamonds" value=${formatCount(e.diamonds_total)}
          sub=${`worth ${formatMoney(e.cash_value_minor, cur)}`} />
        <${Figure} label="On hold" id="earn-on-hold" value=${formatCount(e.diamonds_on_hold)}
          sub=${`${formatMoney(e.on_hold_cash_minor, cur)} · ${e.hold_days}-day hold`} />
        <${Figure} label="Withdrawable" id="earn-withdrawable" value=${formatMoney(e.withdrawable_cash_minor, cur)}
          sub=${`${formatCount(e.diamonds_withdrawable)} diamonds`} />
        <${Figure} label="Pending withdrawal" value=${formatCount(e.diamonds_pending_withdrawal)} sub="diamonds" />
      </div>
      <div class="panel-head"><h3>Diamonds earned per day (last ${CHART_DAYS} days, UTC)</h3>
        <button id="earnings-csv" onClick=${() => download("earnings.csv", csv([
          ["day", "diamonds", `cash_value_${cur}`], ...days.map((d) => [d.day, d.diamonds, formatMinor(d.cash, cur).replace(/,/g, "")])]))}>Export CSV</button></div>
      <${BarChart} id="earnings-chart" label="Diamonds earned per day" x=${days.map((d) => d.at / 1000)}
        y=${days.map((d) => d.diamonds)} />
      <h3>Withdraw</h3>
      <${WithdrawalGuide} e=${e} user=${user} method=${method} />
      <p class="muted small">Minimum ${formatMoney(e.min_withdrawal_minor, cur)}, at most
        ${" "}${formatMoney(e.daily_cap_minor, cur)} a day, paid to PayPal.</p>
      <div class="row forms">
        <form class="inline" id="payout-method" onSubmit=${(ev) => { ev.preventDefault();
          saveMethod.run(/** @type {HTMLInputElement} */ (ev.currentTarget.elements.namedItem("paypal")).value.trim()); }}>
          <label class="field">PayPal email <input name="paypal" type="email" required
            placeholder="you@example.com" value=${method || ""} id="paypal-email" /></label>
          <button type="submit" disabled=${saveMethod.busy}>Save payout method</button>
        </form>
        <form class="inline" onSubmit=${(ev) => { ev.preventDefault();
          withdraw.run(/** @type {HTMLInputElement} */ (ev.currentTarget.elements.namedItem("amount")).value, cur); }}>
          <label class="field">Amount (${cur}) <input name="amount" inputmode="decimal"
            placeholder=${formatMinor(e.min_withdrawal_minor, cur)} /></label>
          <button class="primary" type="submit" id="withdraw" disabled=${withdraw.busy}>Withdraw</button>
        </form>
      </div>
      <${ProblemBox} error=${saveMethod.error || withdraw.error} />
      <h3>Withdrawals</h3>
      <${Table} id="withdrawals" empty="No withdrawals yet."
        columns=${[{ label: "Requested" }, { label: "Amount", num: true }, { label: "Status" }]}
        rows=${withdrawals.map((w) => [dateTime(w.created_at), formatMoney(w.amount_minor, w.currency),
          WITHDRAWAL_STATES[w.status] || w.status])} />
    </div>`;
  }}<//><//>`;
}

export const WITHDRAWAL_STATES = {
  requested: "Requested", approved: "Approved", held: "Held for review", submitted: "Sent to PayPal",
  paid: "Paid", failed: "Failed (diamonds returned)", rejected: "Rejected (diamonds returned)",
  reversed: "Reversed (diamonds returned)",
};

function SupportersPanel() {
  const period = useSignal("week");
  const query = useQuery(["supporters", "earnings"], () => api.get(
    `/v1/creators/${enc(/** @type {string} */ (session.userId))}/supporters`, { period: period.value, limit: 10 }),
  [period.value]);
  const actions = html`<select aria-label="Period" value=${period.value}
    onChange=${(e) => { period.value = e.currentTarget.value; }}>
    <option value="week">This week</option><option value="today">Today</option><option value="all">All time</option>
  </select>`;
  return html`<${Panel} title="Top supporters" actions=${actions}><div id="supporters">
    <${Loaded} query=${query}>${(board) => html`<${Table} empty="No supporters in this period yet."
      columns=${[{ label: "#" }, { label: "Supporter" }, { label: "Coins", num: true }, { label: "Gifts", num: true }]}
      rows=${board.entries.map((x) => [`${x.rank}`, html`${x.display_name}${x.level ? html` <span class="muted small">Lv ${x.level}</span>` : null}`,
        formatCount(x.coins), formatCount(x.gifts)])} />`}<//></div><//>`;
}

export function CreatorScreen() {
  return html`<h1>Creator studio</h1>
    <${LivePanel} />
    <div class="grid two"><${EarningsPanel} /><${SupportersPanel} /></div>`;
}
