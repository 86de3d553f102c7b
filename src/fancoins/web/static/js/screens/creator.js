// @ts-check
// Creator studio: LIVE status from the server (go LIVE, end, the overlay link), a summary of
// each LIVE, earnings (on hold vs withdrawable, as the wallet says) with a chart and an export,
// the withdrawal path step by step, the saved payout method, and top supporters.

import { ApiError, api, enc, idempotent, newKey } from "../api.js";
import { BarChart } from "../chart.js";
import { html, useSignal } from "../lib.js";
import { coins, formatCount, formatMoney, formatMinor, parseMajor } from "../money.js";
import * as names from "../names.js";
import { invalidate, useQuery } from "../query.js";
import { BattleBar, BoardList, StatusBadge, useLive } from "../room.js";
import { session } from "../session.js";
import { userStatus } from "./wallet.js";
import {
  Figure, Loaded, Panel, ProblemBox, Table, csv, dateTime, download, toast, useAction,
} from "../ui.js";

const MS_PER_DAY = 86_400_000;
const CHART_DAYS = 30;
/** Pages of the LIVE list read to find this creator's own LIVE (a bound on one look). */
const LIVE_LIST_PAGES_MAX = 20;
/** A running LIVE's figures (gifts, diamonds) re-read this often; viewers come from the socket. */
const LIVE_TOTALS_REFRESH_MS = 5_000;
/** LIVEs summed up per page of the studio's list. */
const LIVES_PAGE_SIZE = 5;

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
    const issued = await api.post("/v1/creator/overlay-credentials", { name: "Streaming overlay" },
      { key: newKey() });
    link.value = overlayUrl(streamId, issued.token);
  });
  return html`<p class="small">Add it as a browser source in OBS: it shows gift alerts, the top gifters,
      your goal and your battle, as chosen in the overlay settings below.
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
    ${stream.status !== "live" && typeof stream.peak_viewers === "number" ? html`<${Figure} label="Peak viewers"
      value=${formatCount(stream.peak_viewers)} id=${id ? `${id}-peak` : undefined} sub="watching at once" />` : null}
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
    await invalidate("my-live", "earnings", "my-lives");
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
    <${BattleSection} battle=${live.battle.value} />
    <${GoalsSection} stream=${stream} />
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
    await invalidate("my-live", "my-lives");
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

/** "1 h 05 min", "12 min", "45 s": how long a LIVE ran. @param {number} seconds */
export function duration(seconds) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (h) return `${h} h ${String(m).padStart(2, "0")} min`;
  return m ? `${m} min` : `${seconds} s`;
}

/** Every LIVE of this creator summed up, newest first (the running one "so far"). */
function LivesPanel() {
  const me = /** @type {string} */ (session.userId);
  const cursors = useSignal(/** @type {(string|null)[]} */ ([null]));
  const query = useQuery(["my-lives"], async () => /** @type {import("../types.js").StreamSummaryPage} */ (
    await api.get(`/v1/creators/${enc(me)}/streams`,
      { limit: LIVES_PAGE_SIZE, cursor: cursors.value[cursors.value.length - 1] })), [cursors.value]);
  return html`<${Panel} title="Your LIVEs" id="lives-panel"><div id="lives"><${Loaded} query=${query}>${(page) => html`
    <${Table} empty="No LIVEs yet: the summary of each appears here." keys=${page.items.map((s) => s.id)}
      label="Your LIVEs"
      columns=${[{ label: "LIVE" }, { label: "Gifts", num: true }, { label: "Diamonds", num: true }]}
      rows=${page.items.map((s) => [
        html`<div class="live-title" data-stream=${s.id}><strong>${s.title}</strong>
          ${s.status === "live" ? html` <span class="badge live">LIVE</span>` : null}</div>
          <div class="muted small">${dateTime(s.started_at)} · <span class="duration">${
            duration(s.duration_s)}${s.status === "live" ? " so far" : ""}</span>${typeof s.peak_viewers === "number"
            ? html` · <span class="lives-peak">peak ${formatCount(s.peak_viewers)} ${s.peak_viewers === 1 ? "viewer" : "viewers"}</span>` : null}</div>
          <div class="small top-gifters">${s.top_gifters.length
            ? `Top gifters: ${s.top_gifters.map((g) => `${g.display_name} (${coins(g.coins)})`).join(", ")}`
            : "No gifts"}</div>`,
        html`<span class="lives-gifts">${formatCount(s.gifts_count)}</span>`,
        { text: html`<span class="lives-diamonds">${formatCount(s.diamonds)}</span>`, class: "diamond" },
      ])} />
    ${page.next_cursor || cursors.value.length > 1 ? html`<div class="pager">
      <button disabled=${cursors.value.length <= 1}
        onClick=${() => { cursors.value = cursors.value.slice(0, -1); }}>← Newer</button>
      <button id="lives-older" disabled=${!page.next_cursor}
        onClick=${() => { cursors.value = [...cursors.value, page.next_cursor]; }}>Older →</button>
    </div>` : null}`}<//></div><//>`;
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

/**
 * When what is on hold becomes withdrawable: the diamonds earned on each UTC day of the hold
 * window, released `hold_days` later (each gift's own hold ends during that day). Null when
 * the daily figures do not reach back over the whole window.
 * @param {import("../types.js").EarningsOut} e @param {number} [nowMs]
 */
export function holdReleases(e, nowMs = Date.now()) {
  if (e.hold_days >= CHART_DAYS || e.diamonds_on_hold <= 0) return null;
  const cutoff = new Date(nowMs - e.hold_days * MS_PER_DAY).toISOString().slice(0, 10);
  return e.daily.filter((d) => d.day >= cutoff && d.diamonds > 0)
    .sort((a, b) => (a.day < b.day ? -1 : 1))
    .map((d) => ({ day: d.day, diamonds: d.diamonds,
      at: Date.parse(`${d.day}T00:00:00Z`) + e.hold_days * MS_PER_DAY }));
}

/** "3 Dec" (UTC: the days the hold counts in). @param {number} atMs */
function dayText(atMs) {
  return new Date(atMs).toLocaleDateString(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
}

function HoldSchedule({ e }) {
  const releases = holdReleases(e);
  if (!releases || !releases.length) return null;
  const last = releases[releases.length - 1];
  return html`<div class="hold-schedule" id="hold-schedule">
    <p class="small">On hold: <strong id="hold-total">${formatCount(e.diamonds_on_hold)} diamonds</strong>${" "}
      (${formatMoney(e.on_hold_cash_minor, e.currency)}), kept ${e.hold_days} days after each gift while
      a refund can still take it back. All of it is withdrawable by <strong id="hold-until">${dayText(last.at)}</strong>.</p>
    <${Table} id="hold-releases" label="When diamonds on hold become withdrawable"
      columns=${[{ label: "Withdrawable on (UTC)" }, { label: "Diamonds, at most", num: true }]}
      rows=${releases.map((r) => [dayText(r.at), formatCount(r.diamonds)])} />
  </div>`;
}

/** Restrictions that stop a withdrawal: a freeze, a ban from payouts, too young to withdraw. */
const BLOCKS_PAYOUTS = new Set(["all", "payouts", "withdraw"]);

/** Why withdrawals are blocked and until when, in words; null when nothing blocks them.
 * @param {import("../types.js").StatusOut|null} status */
export function payoutBlock(status) {
  const found = (status?.restrictions || []).filter((r) => BLOCKS_PAYOUTS.has(r.scope));
  if (!found.length) return null;
  return found.map((r) => {
    const what = r.kind === "frozen" ? "Your account is frozen"
      : r.kind === "minor" ? "You are too young to withdraw where you live"
        : "Withdrawals are blocked on your account";
    const until = r.until ? ` until ${dateTime(r.until)}` : r.kind === "minor" ? "" : " until support lifts it";
    return `${what}${until}${r.reason ? ` (${r.reason})` : ""}.`;
  }).join(" ") + " Contact support if you think this is a mistake.";
}

function WithdrawalGuide({ e, user, method, status }) {
  const cur = e.currency;
  const missing = Math.max(0, e.min_withdrawal_minor - e.withdrawable_cash_minor);
  const blocked = payoutBlock(status);
  const steps = [
    ...(blocked ? [{ done: false, id: "standing", text: blocked }] : []),
    { done: Boolean(user.age_verified), id: "verified",
      text: user.age_verified ? "Your identity is verified."
        : "Verify your identity (age 18+) in the app you stream from: withdrawals need it. "
          + "Once the app confirms it, this step turns green and withdrawals go through." },
    { done: Boolean(method), id: "method",
      text: method ? `Payouts go to PayPal: ${method}.` : "Add the PayPal email your money goes to (below)." },
    { done: missing === 0, id: "threshold",
      text: missing === 0 ? `You can withdraw up to ${formatMoney(Math.min(e.withdrawable_cash_minor, e.daily_cap_minor), cur)} today.`
        : `${formatMoney(e.withdrawable_cash_minor, cur)} is withdrawable; the minimum is ${formatMoney(e.min_withdrawal_minor, cur)}. `
          + (e.diamonds_on_hold > 0 ? `${formatMoney(e.on_hold_cash_minor, cur)} more is on hold and becomes withdrawable ${e.hold_days} days after each gift.` : "Gifts you receive add to it.") },
  ];
  return html`<ol class="steps" id="withdraw-steps">${steps.map((s) => html`<li key=${s.id}
    class=${s.done ? "done" : "todo"} data-step=${s.id}><span class="tick" aria-hidden="true">${s.done ? "✓" : "•"}</span>
    <span class="visually-hidden">${s.done ? "Done: " : "To do: "}</span>${s.text}</li>`)}</ol>
    <${HoldSchedule} e=${e} />`;
}

function EarningsPanel() {
  const query = useQuery(["earnings"], async () => {
    /** @type {[import("../types.js").EarningsOut, import("../types.js").UserOut, import("../types.js").WithdrawalPage, string|null, import("../types.js").StatusOut|null]} */
    const [e, user, withdrawals, method, status] = await Promise.all([
      api.get("/v1/creator/earnings"),
      api.get(`/v1/users/${enc(/** @type {string} */ (session.userId))}`),
      api.get("/v1/withdrawals", { limit: 10 }),
      // The saved payout method, read back from the server.
      api.get("/v1/creator/payout-method").then((m) => m.paypal_email, () => null),
      userStatus(null),
    ]);
    return { e, user, withdrawals: withdrawals.items, method, status };
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
  return html`<${Panel} title="Earnings" id="earnings-panel"><${Loaded} query=${query}>${({ e, user, withdrawals, method, status }) => {
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
      <${WithdrawalGuide} e=${e} user=${user} method=${method} status=${status} />
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

/** Invitations (to answer or waiting) refresh this often: the other creator answers elsewhere. */
const BATTLES_REFRESH_MS = 3_000;
const BATTLE_MINUTES = [1, 3, 5, 10];

function BattleSection({ battle }) {
  const me = /** @type {string} */ (session.userId);
  const invitations = useQuery(["battles"], async () => {
    /** @type {import("../types.js").BattlePage} */
    const page = await api.get("/v1/battles", { status: "invited", limit: 10 });
    return page.items;
  }, [], BATTLES_REFRESH_MS);
  const creators = useQuery(["streams"], async () => {
    /** @type {import("../types.js").StreamPage} */
    const page = await api.get("/v1/streams", { limit: 100 });
    const others = page.items.filter((s) => s.creator_id !== me);
    const who = await names.displayNames(others.map((s) => s.creator_id));
    return others.map((s) => ({ id: s.creator_id, name: who.get(s.creator_id) || s.creator_id }));
  }, [], LIVE_TOTALS_REFRESH_MS);
  const invite = useAction(async (form) => {
    const data = new FormData(form);
    const opponents = [data.get("opponent"), data.get("opponent2")].filter(Boolean);
    const teammates = [data.get("teammate")].filter(Boolean);
    await api.post("/v1/battles", { opponents, teammates,
      duration_s: Number(data.get("minutes")) * 60 }, { key: newKey() });
    toast("Battle invitation sent.");
    await invalidate("battles");
  });
  const answer = useAction(async (id, verb) => {
    await api.post(`/v1/battles/${enc(id)}/${verb}`);
    await invalidate("battles");
  });
  const options = (list) => list.map((c) => html`<option value=${c.id}>${c.name}</option>`);
  return html`<h3>Battle</h3>
    <${BattleBar} battle=${battle} id="studio-battle" />
    <div id="invitations"><${Loaded} query=${invitations}>${(items) => items.map((b) => {
      const mine = b.inviter_id === me;
      const others = b.sides.flatMap((s) => s.creators).filter((c) => c.id !== me);
      return html`<div class="row invitation" key=${b.id} data-battle=${b.id}>
        <span>${mine ? `Waiting for ${others.filter((c) => !c.accepted).map((c) => c.display_name).join(", ")}`
          : `${others.find((c) => c.id === b.inviter_id)?.display_name || b.inviter_id} invites you to a ${Math.round(b.duration_s / 60)}-minute battle`}</span>
        ${mine ? null : html`<button class="primary" data-accept=${b.id} disabled=${answer.busy}
          onClick=${() => answer.run(b.id, "accept")}>Accept</button>`}
        <button data-decline=${b.id} disabled=${answer.busy}
          onClick=${() => answer.run(b.id, "decline")}>${mine ? "Withdraw" : "Decline"}</button>
      </div>`;
    })}<//></div>
    <${Loaded} query=${creators}>${(list) => list.length ? html`<form class="inline" id="battle-form"
        onSubmit=${(e) => { e.preventDefault(); invite.run(e.currentTarget); }}>
      <label class="field">Opponent <select name="opponent" required>${options(list)}</select></label>
      <label class="field">With a teammate <select name="teammate"><option value="">—</option>${options(list)}</select></label>
      <label class="field">And a second opponent <select name="opponent2"><option value="">—</option>${options(list)}</select></label>
      <label class="field">Minutes <select name="minutes">${BATTLE_MINUTES.map((m) => html`<option value=${m} selected=${m === 5}>${m}</option>`)}</select></label>
      <button class="primary" type="submit" id="invite-battle" disabled=${invite.busy}>Invite to a battle</button>
    </form>` : html`<p class="muted small">No other creator is LIVE to battle right now.</p>`}<//>
    <${ProblemBox} error=${invite.error || answer.error} />`;
}

const GOALS_REFRESH_MS = 5_000;
const GOAL_STATES = { active: "Active", queued: "Queued", completed: "Reached", expired: "Not reached",
  cancelled: "Cancelled" };

function GoalsSection({ stream }) {
  const kind = useSignal("coins");
  const goals = useQuery(["goals"], async () => (await api.get(`/v1/streams/${enc(stream.id)}/goals`)).items,
    [stream.id], GOALS_REFRESH_MS);
  const catalog = useQuery(["gifts"], async () => /** @type {import("../types.js").GiftOut[]} */ (await api.get("/v1/gifts")));
  const add = useAction(async (form) => {
    const data = new FormData(form);
    const minutes = Number(data.get("minutes") || 0);
    await api.post(`/v1/streams/${enc(stream.id)}/goals`, {
      title: String(data.get("title")), kind: kind.value, target: Number(data.get("target")),
      ...(kind.value === "gift_count" ? { gift_id: String(data.get("gift")) } : {}),
      ...(minutes ? { deadline: new Date(Date.now() + minutes * 60_000).toISOString() } : {}),
    }, { key: newKey() });
    form.reset();
    await invalidate("goals");
  });
  const cancel = useAction(async (id) => {
    await api.post(`/v1/goals/${enc(id)}/cancel`);
    await invalidate("goals");
  });
  return html`<h3>Gift goals</h3>
    <form class="inline" id="goal-form" onSubmit=${(e) => { e.preventDefault(); add.run(e.currentTarget); }}>
      <label class="field grow">Goal <input name="title" required maxlength="100" placeholder="A song at 500 coins" /></label>
      <label class="field">Counts <select name="kind" value=${kind.value}
        onChange=${(e) => { kind.value = e.currentTarget.value; }}>
        <option value="coins">Coins</option><option value="gift_count">One gift</option></select></label>
      ${kind.value === "gift_count" ? html`<label class="field">Gift <select name="gift">
        ${(catalog.value.data || []).map((g) => html`<option value=${g.id}>${g.name}</option>`)}</select></label>` : null}
      <label class="field">Target <input name="target" type="number" min="1" required value="100" /></label>
      <label class="field">Minutes (optional) <input name="minutes" type="number" min="1" max="10080" /></label>
      <button class="primary" type="submit" id="add-goal" disabled=${add.busy}>Set goal</button>
    </form>
    <${ProblemBox} error=${add.error || cancel.error} />
    <div id="goals"><${Loaded} query=${goals}>${(items) => html`<${Table} empty="No goals for this LIVE yet."
      keys=${items.map((g) => g.id)}
      columns=${[{ label: "Goal" }, { label: "Progress", num: true }, { label: "State" }, { label: "" }]}
      rows=${items.map((g) => [g.title, `${formatCount(g.progress)} / ${formatCount(g.target)}`,
        GOAL_STATES[/** @type {keyof GOAL_STATES} */ (g.status)] || g.status,
        g.status === "active" || g.status === "queued"
          ? html`<button data-cancel=${g.id} onClick=${() => cancel.run(g.id)}>Cancel</button>` : ""])} />`}<//></div>`;
}

function FanClubPanel() {
  const me = /** @type {string} */ (session.userId);
  const members = useQuery(["fan-club"], () => api.get(`/v1/creators/${enc(me)}/fan-club/members`, { limit: 50 }));
  return html`<${Panel} title="Fan club" id="fan-club-panel"><div id="fan-club-members">
    <${Loaded} query=${members}>${(page) => html`<${Table} empty="No members yet: viewers join by sending your club gift."
      keys=${page.items.map((m) => m.member_id)}
      columns=${[{ label: "Member" }, { label: "Level", num: true }, { label: "Points", num: true }, { label: "Active" }]}
      rows=${page.items.map((m) => [m.display_name, `${m.level}`, formatCount(m.points), dateTime(m.last_active_at)])} />`}<//>
  </div><//>`;
}

const WIDGETS = [["alerts", "Gift alerts"], ["board", "Top gifters"], ["goal", "Goal"], ["battle", "Battle"]];
const POSITIONS = [["top-left", "Top left"], ["top-right", "Top right"], ["bottom-left", "Bottom left"],
  ["bottom-right", "Bottom right"]];

function OverlaySettingsPanel() {
  const me = /** @type {string} */ (session.userId);
  const path = `/v1/creators/${enc(me)}/overlay-settings`;
  const settings = useQuery(["overlay"], () => api.get(path));
  const save = useAction(async (form) => {
    const data = new FormData(form);
    await api.put(path, { widgets: WIDGETS.map(([w]) => w).filter((w) => data.get(w)),
      alert_min_coins: Number(data.get("min") || 0), position: String(data.get("position")) });
    toast("Overlay settings saved.");
    await invalidate("overlay");
  });
  return html`<${Panel} title="Overlay settings" id="overlay-settings"><${Loaded} query=${settings}>${(o) => html`
    <form class="inline" id="overlay-form" onSubmit=${(e) => { e.preventDefault(); save.run(e.currentTarget); }}>
      <fieldset class="widgets"><legend class="small muted">Shows</legend>
        ${WIDGETS.map(([w, label]) => html`<label class="check-label"><input type="checkbox" name=${w}
          checked=${o.widgets.includes(w)} /> ${label}</label>`)}</fieldset>
      <label class="field">Alerts from (coins) <input name="min" type="number" min="0" value=${o.alert_min_coins} /></label>
      <label class="field">Position <select name="position">${POSITIONS.map(([p, label]) => html`<option value=${p}
        selected=${o.position === p}>${label}</option>`)}</select></label>
      <button class="primary" type="submit" id="save-overlay" disabled=${save.busy}>Save</button>
    </form>`}<//><${ProblemBox} error=${save.error} /><//>`;
}

export function CreatorScreen() {
  return html`<h1>Creator studio</h1>
    <${LivePanel} />
    <${LivesPanel} />
    <div class="grid two"><${EarningsPanel} /><${SupportersPanel} /></div>
    <div class="grid two"><${FanClubPanel} /><${OverlaySettingsPanel} /></div>`;
}
