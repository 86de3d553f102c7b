// @ts-check
// Operator console: the economy (figures, gifts per minute, money per currency, the ledger
// check) refreshed on an interval and after every action, a user's page (status, wallet,
// freeze, audited adjustment, statement), the withdrawals review queue, the webhook endpoints
// with their delivery logs, and a period's finance report (sales, coins, deferred revenue,
// diamonds and liability, payouts, the checks that tie it to the ledger). The API keys, search,
// catalog and charts pages live in their own modules.

import { api, enc, newKey } from "../api.js";
import { BarChart } from "../chart.js";
import { html, useSignal } from "../lib.js";
import { formatCount, formatMoney } from "../money.js";
import { invalidate, useQuery } from "../query.js";
import { StatusCard, restrictionsOf, ageYears } from "../status.js";
import { Figure, Loaded, Panel, ProblemBox, Table, dateTime, toast, useAction } from "../ui.js";
import { StatementPanel, WalletFigures, userStatus } from "./wallet.js";
import { WITHDRAWAL_STATES } from "./creator.js";
import { KeysPage } from "./keys.js";
import { ChartsPage } from "./charts.js";
import { SearchPage } from "./search.js";
import { CatalogPage } from "./catalog.js";
import { HeldPurchasesPage } from "./holds.js";
import { RefundsPage } from "./refunds.js";
import { PromotionsPage } from "./promotions.js";
import { PurchasesPanel, RestrictionsPanel, SafetyPanels } from "./user.js";

/** The economy's figures are re-read this often while the console is open. */
const ECONOMY_REFRESH_MS = 10_000;
/** The review queue is re-read this often (creators request withdrawals at any time). */
const REVIEW_REFRESH_MS = 15_000;
const MINUTES_SHOWN = 60;
const MS_PER_MINUTE = 60_000;

/** Console pages, in the navigation's order. */
export const CONSOLE_PAGES = [
  { id: "economy", label: "Economy" },
  { id: "users", label: "Users" },
  { id: "payouts", label: "Payouts" },
  { id: "held", label: "Held purchases" },
  { id: "refunds", label: "Refunds & disputes" },
  { id: "promotions", label: "Promotions" },
  { id: "audit", label: "Audit log" },
  { id: "search", label: "Search" },
  { id: "catalog", label: "Catalog & prices" },
  { id: "webhooks", label: "Webhooks" },
  { id: "keys", label: "API keys" },
  { id: "finance", label: "Finance" },
  { id: "charts", label: "Charts" },
];

function minutes(perMinute, asOf) {
  // Every minute of the window, gaps as zero, oldest first.
  const byMinute = new Map(perMinute.map((m) => [Date.parse(m.minute), m]));
  const last = Math.floor(Date.parse(asOf) / MS_PER_MINUTE) * MS_PER_MINUTE;
  const x = [];
  const y = [];
  for (let i = MINUTES_SHOWN - 1; i >= 0; i -= 1) {
    const at = last - i * MS_PER_MINUTE;
    x.push(at / 1000);
    y.push(byMinute.get(at)?.gifts ?? 0);
  }
  return { x, y };
}

function CurrencyTable({ currencies }) {
  const m = (c, v) => formatMoney(v, c.currency, { exponent: c.exponent });
  return html`<${Table} empty="No money has moved yet."
    columns=${[{ label: "Currency" }, { label: "Sales", num: true }, { label: "Refunds", num: true },
      { label: "Store fees", num: true }, { label: "Taxes", num: true }, { label: "Net revenue", num: true },
      { label: "Payouts paid", num: true }, { label: "Payouts pending", num: true },
      { label: "Platform cash", num: true }, { label: "Reconciles" }]}
    rows=${currencies.map((c) => {
      // sales - refunds = store fees + taxes + net revenue, exactly (integers).
      const balanced = c.sales_minor - c.refunds_minor
        === c.store_fees_minor + c.taxes_minor + c.net_revenue_minor;
      return [c.currency, m(c, c.sales_minor), m(c, c.refunds_minor), m(c, c.store_fees_minor),
        m(c, c.taxes_minor), m(c, c.net_revenue_minor), m(c, c.payouts_paid_minor),
        m(c, c.payouts_pending_minor), m(c, c.platform_cash_minor),
        html`<span class=${`check ${balanced ? "ok" : "bad"}`}>${balanced ? "✓ yes" : "✗ no"}</span>`];
    })} />`;
}

function VerifyBlock({ v }) {
  if (!v) return html`<p class="muted">Ledger check skipped.</p>`;
  return html`<div id="verify">
    <div class="row">
      <span class=${`badge ${v.ok ? "ok" : "bad"}`} id="verify-result">${v.ok ? "Verify OK" : "Verify FAILED"}</span>
      <span class="muted small">${formatCount(v.accounts)} accounts and ${formatCount(v.transfers)} transfers recomputed from the transfers</span>
    </div>
    ${v.findings.length ? html`<${Table} columns=${[{ label: "Severity" }, { label: "Check" }, { label: "Subject" }, { label: "Detail" }]}
      rows=${v.findings.map((f) => [f.severity, f.check, f.subject, f.detail])} />` : null}
    ${v.findings_total > v.findings.length ? html`<p class="muted small">${v.findings_total} findings in all: run fancoins verify.</p>` : null}
  </div>`;
}

/** @param {{e: import("../types.js").EconomyOut}} props */
function Economy({ e }) {
  const c = e.coins;
  const d = e.diamonds;
  const { x, y } = minutes(e.gifts.per_minute, e.as_of);
  return html`<div id="economy" data-as-of=${e.as_of}>
    <p class="muted small">As of ${dateTime(e.as_of)} · refreshed every ${ECONOMY_REFRESH_MS / 1000} s and after each action</p>
    <h3>Coins</h3>
    <div class="grid cards">
      <${Figure} label="Coins outstanding" klass="coin" id="eco-coins-outstanding" value=${formatCount(c.outstanding)} sub=${`${formatCount(c.wallets)} wallets`} />
      <${Figure} label="Coins issued" id="eco-coins-issued" value=${formatCount(c.issued)} sub="purchases and grants, less claw-backs" />
      <${Figure} label="Coins spent" id="eco-coins-spent" value=${formatCount(c.spent)} sub="gifts and promotions" />
      <${Figure} label="Coins held" value=${formatCount(c.held)} sub="running promotions" />
      <${Figure} label="Wallets below zero" value=${formatCount(c.wallets_restricted)} sub="after a refund claw-back" />
    </div>
    <h3>Diamonds</h3>
    <div class="grid cards">
      <${Figure} label="Diamonds outstanding" klass="diamond" id="eco-diamonds-outstanding" value=${formatCount(d.outstanding)}
        sub=${`cash value ${formatMoney(d.outstanding_cash_minor, d.payout_currency)}`} />
      <${Figure} label="On hold" id="eco-diamonds-hold" value=${formatCount(d.on_hold)} sub=${d.on_hold_partial ? "partial: too many creators" : "within the hold period"} />
      <${Figure} label="Withdrawable" value=${formatCount(d.withdrawable)} sub="past the hold" />
      <${Figure} label="Pending withdrawal" value=${formatCount(d.pending_withdrawal)} sub="waiting for PayPal" />
      <${Figure} label="Redeemed" value=${formatCount(d.redeemed)} sub="paid out" />
    </div>
    <h3>Money per currency</h3>
    <div id="eco-currencies"><${CurrencyTable} currencies=${e.currencies} /></div>
    <h3>Gifts</h3>
    <div class="grid cards">
      <${Figure} label="Last minute" id="eco-gifts-minute" value=${formatCount(e.gifts.last_minute.gifts)} sub=${`${formatCount(e.gifts.last_minute.coins)} coins`} />
      <${Figure} label="Last hour" id="eco-gifts-hour" value=${formatCount(e.gifts.last_hour.gifts)} sub=${`${formatCount(e.gifts.last_hour.coins)} coins`} />
    </div>
    <p class="muted small">Gifts per minute, last hour</p>
    <${BarChart} id="gifts-chart" label="Gifts per minute, last hour" x=${x} y=${y} color="#b45309" />
    <h3>Ledger</h3>
    <${Table} columns=${[{ label: "Asset" }, { label: "Posted sum", num: true }, { label: "Pending sum", num: true }, { label: "Check" }]}
      rows=${e.ledger.map((a) => [a.asset, formatCount(a.posted), formatCount(a.pending),
        html`<span class=${`check ${a.posted === 0 && a.pending === 0 ? "ok" : "bad"}`}>${a.posted === 0 && a.pending === 0 ? "✓ zero" : "✗ not zero"}</span>`])} />
    <${VerifyBlock} v=${e.verify} />
  </div>`;
}

function EconomyPage() {
  const query = useQuery(["economy"], async () => /** @type {import("../types.js").EconomyOut} */ (
    await api.get("/v1/admin/economy")), [], ECONOMY_REFRESH_MS);
  const refresh = useAction(() => query.reload());
  return html`<${Panel} title="Economy" actions=${html`<button id="economy-refresh" disabled=${refresh.busy} onClick=${() => refresh.run()}>Refresh now</button>`}>
    <${Loaded} query=${query}>${(e) => html`<${Economy} e=${e} />`}<//>
  <//>`;
}

function FreezeForm({ user }) {
  const act = useAction(async (reason) => {
    await api.post(`/v1/admin/users/${enc(user.id)}/freeze`, { frozen: !user.frozen, reason });
    toast(`${user.display_name} ${user.frozen ? "unfrozen" : "frozen"}.`);
    await invalidate("user", "economy");
  });
  return html`<form class="inline" id="freeze-form" onSubmit=${(e) => { e.preventDefault();
      act.run(/** @type {HTMLInputElement} */ (e.currentTarget.elements.namedItem("reason")).value); }}>
    <label class="field grow">Reason (audited)<input name="reason" required minlength="3"
      placeholder=${user.frozen ? "why it is lifted" : "why it is frozen"} /></label>
    <button type="submit" class=${user.frozen ? "" : "danger"} disabled=${act.busy}>${user.frozen ? "Unfreeze" : "Freeze"}</button>
    <${ProblemBox} error=${act.error} />
  </form>`;
}

function AdjustForm({ user }) {
  const key = useSignal(newKey()); // kept until it succeeds: a retried submit is applied once
  const act = useAction(async (form) => {
    const amount = /** @type {HTMLInputElement} */ (form.elements.namedItem("amount"));
    const reason = /** @type {HTMLInputElement} */ (form.elements.namedItem("reason"));
    const text = amount.value.trim().replace(/,/g, "");
    if (!/^[+-]?\d+$/.test(text) || Number(text) === 0) {
      throw { title: "Invalid amount", detail: "a whole, non-zero number of coins, e.g. +100 or -50" };
    }
    await api.post("/v1/admin/adjustments",
      { user_id: user.id, amount_coins: Number(text), reason: reason.value }, { key: key.value });
    key.value = newKey();
    toast(`Adjusted ${user.display_name} by ${formatCount(text.replace("+", ""))} coins.`);
    form.reset();
    await invalidate("wallet", "statement", "economy");
  });
  return html`<form class="inline" id="adjust-form" onSubmit=${(e) => { e.preventDefault(); act.run(e.currentTarget); }}>
    <label class="field">Coins<input name="amount" inputmode="numeric" placeholder="+100 or -50" required /></label>
    <label class="field grow">Reason (audited)<input name="reason" placeholder="why" minlength="3" required /></label>
    <button type="submit" disabled=${act.busy}>Adjust coins</button>
    <${ProblemBox} error=${act.error} />
  </form>`;
}

function UserPage({ userId }) {
  const query = useQuery(["user", "wallet"], async () => {
    /** @type {[import("../types.js").UserOut, import("../types.js").WalletOut, import("../types.js").StatusOut|null]} */
    const [user, wallet, status] = await Promise.all([api.get(`/v1/users/${enc(userId)}`),
      api.get("/v1/wallet", { user_id: userId }), userStatus(userId)]);
    return { user, wallet, status };
  }, [userId]);
  return html`<${Loaded} query=${query}>${({ user, wallet, status }) => html`<div id="user" data-user=${user.id}>
    <${Panel}>
      <div class="row"><h2>${user.display_name}</h2>
        <span class="muted">${user.id} · ${user.country}</span>
        ${user.is_creator ? html`<span class="badge">creator</span>` : null}
        ${user.frozen ? html`<span class="badge bad" id="user-frozen">frozen</span>`
          : html`<span class="badge ok" id="user-frozen">active</span>`}
      </div>
      <dl class="facts">
        <dt>Age</dt><dd>${user.birth_date ? `${ageYears(user.birth_date)} (born ${user.birth_date})` : "not given"}</dd>
        <dt>Verified</dt><dd>${user.age_verified ? "yes" : "no"}</dd>
        <dt>Since</dt><dd>${dateTime(user.created_at)}</dd>
      </dl>
      <div class="grid cards"><${StatusCard} id="user-status" restrictions=${restrictionsOf({ user, wallet, status })} /></div>
    <//>
    <${WalletFigures} userId=${user.id} status=${false} />
    <${Panel} title="Actions">
      <h3>${user.frozen ? "Unfreeze" : "Freeze"}</h3><${FreezeForm} user=${user} />
      <h3>Coin adjustment</h3><${AdjustForm} user=${user} />
    <//>
    <${RestrictionsPanel} userId=${user.id} />
    <${SafetyPanels} userId=${user.id} />
    <${PurchasesPanel} userId=${user.id} />
    <${StatementPanel} userId=${user.id} />
  </div>`}<//>`;
}

function UsersPage({ userId }) {
  const go = (e) => {
    e.preventDefault();
    const id = /** @type {HTMLInputElement} */ (e.currentTarget.elements.namedItem("user")).value.trim();
    if (id) location.hash = `#/console/users/${enc(id)}`;
  };
  return html`<${Panel} title="Users">
      <form class="inline" id="user-lookup" onSubmit=${go}>
        <label class="field grow">User id<input name="user" required value=${userId || ""} /></label>
        <button class="primary" type="submit">Look up</button>
      </form>
      <p class="muted small">Not sure of the id? <a href="#/console/search">Search by name</a>.</p>
    <//>
    ${userId ? html`<${UserPage} key=${userId} userId=${userId} />` : null}`;
}

const ACTIONS = { requested: ["hold", "reject"], approved: ["hold", "reject"], held: ["approve", "reject"] };
const DONE = { hold: "held", approve: "approved", reject: "rejected" };

function ReviewRow({ w, onAct }) {
  const reason = useSignal("");
  return html`<div class="review-actions">
    <input aria-label=${`Reason for ${w.user_id}'s withdrawal`} placeholder="reason (audited)"
      value=${reason.value} onInput=${(e) => { reason.value = e.currentTarget.value; }} />
    ${(ACTIONS[w.status] || []).map((action) => html`<button class=${action === "reject" ? "danger" : ""}
      data-action=${action} data-withdrawal=${w.id} disabled=${reason.value.trim().length < 3}
      onClick=${() => onAct(w, action, reason.value)}>${action[0].toUpperCase() + action.slice(1)}</button>`)}
  </div>`;
}

function PayoutsPage() {
  const query = useQuery(["withdrawals"], async () => /** @type {import("../types.js").WithdrawalPage} */ (
    await api.get("/v1/withdrawals", { limit: 50 })), [], REVIEW_REFRESH_MS);
  const act = useAction(async (w, action, reason) => {
    await api.post(`/v1/admin/withdrawals/${enc(w.id)}/${action}`, { reason });
    toast(`Withdrawal ${DONE[action]}.`);
    await invalidate("withdrawals", "economy");
  });
  return html`<${Panel} title="Withdrawals review"><${ProblemBox} error=${act.error} />
    <div id="review"><${Loaded} query=${query}>${(page) => html`<${Table} empty="No withdrawals."
      keys=${page.items.map((w) => w.id)}
      columns=${[{ label: "Requested" }, { label: "Creator" }, { label: "Amount", num: true },
        { label: "PayPal" }, { label: "Status" }, { label: "Review" }]}
      rows=${page.items.map((w) => [dateTime(w.created_at), w.user_id, formatMoney(w.amount_minor, w.currency),
        w.paypal_email, WITHDRAWAL_STATES[w.status] || w.status,
        ACTIONS[w.status] ? html`<${ReviewRow} w=${w} onAct=${(...a) => act.run(...a)} />` : ""])} />`}<//></div>
  <//>`;
}

const AUDIT_PAGE_SIZE = 50;
const AUDIT_FILTERS = [["actor", "Actor"], ["action", "Action"], ["target", "Target (user:alice)"]];

/** The audit log, newest first: filtered by actor, action, target and dates; more pages on
 * demand. Read only: entries are written by the actions themselves. */
function AuditPage() {
  const filters = useSignal(/** @type {Record<string, string>} */ ({}));
  const cursors = useSignal(/** @type {string[]} */ ([]));
  const query = useQuery(["audit"], async () => {
    /** @type {Record<string, string>} */
    const params = { limit: String(AUDIT_PAGE_SIZE) };
    for (const [name, value] of Object.entries(filters.value)) if (value) params[name] = value;
    const cursor = cursors.value.at(-1);
    if (cursor) params.cursor = cursor;
    return /** @type {import("../types.js").AuditPage} */ (await api.get("/v1/admin/audit", params));
  }, [JSON.stringify(filters.value), cursors.value.length]);
  const apply = (/** @type {HTMLFormElement} */ form) => {
    /** @type {Record<string, string>} */
    const next = {};
    for (const [name] of AUDIT_FILTERS) {
      next[name] = /** @type {HTMLInputElement} */ (form.elements.namedItem(name)).value.trim();
    }
    for (const name of ["from", "to"]) {
      const day = /** @type {HTMLInputElement} */ (form.elements.namedItem(name)).value;
      if (day) next[name] = `${day}T00:00:00Z`;
    }
    cursors.value = [];
    filters.value = next;
  };
  return html`<${Panel} title="Audit log" id="audit">
    <form class="inline" id="audit-filters" onSubmit=${(/** @type {Event} */ e) => { e.preventDefault(); apply(/** @type {HTMLFormElement} */ (e.currentTarget)); }}>
      ${AUDIT_FILTERS.map(([name, label]) => html`<label class="field">${label}
        <input name=${name} value=${filters.value[name] || ""} /></label>`)}
      <label class="field">From (UTC day)<input type="date" name="from" /></label>
      <label class="field">Until (UTC day, excluded)<input type="date" name="to" /></label>
      <button class="primary" type="submit">Filter</button>
    </form>
    <${Loaded} query=${query}>${(/** @type {import("../types.js").AuditPage} */ page) => html`
      <${Table} id="audit-table" label="Audit entries" empty="No entries match."
        keys=${page.items.map((e) => e.id)}
        columns=${[{ label: "When" }, { label: "Actor" }, { label: "Action" }, { label: "Target" }, { label: "Reason" }, { label: "Details" }]}
        rows=${page.items.map((e) => [dateTime(e.created_at), e.actor, e.action, e.target, e.reason,
          html`<code class="small">${JSON.stringify(e.data || {})}</code>`])} />
      <div class="row">
        ${cursors.value.length ? html`<button type="button" id="audit-newer"
          onClick=${() => { cursors.value = cursors.value.slice(0, -1); }}>Newer</button>` : null}
        ${page.next_cursor ? html`<button type="button" id="audit-older"
          onClick=${() => { cursors.value = [...cursors.value, /** @type {string} */ (page.next_cursor)]; }}>Older</button>` : null}
      </div>`}<//>
  <//>`;
}

/** Webhook endpoints and their delivery logs are re-read this often while the page is open. */
const WEBHOOKS_REFRESH_MS = 5_000;
const DELIVERIES_SHOWN = 50;

function WebhookForm({ onAdded }) {
  const types = useQuery(["webhook-types"], async () => await api.get("/v1/admin/webhooks/event-types"), []);
  const add = useAction(async (form) => {
    const data = new FormData(form);
    const issued = await api.post("/v1/admin/webhooks/endpoints", {
      url: String(data.get("url") || "").trim(), description: String(data.get("description") || "").trim(),
      event_types: data.getAll("event_types").map(String),
    }, { key: newKey() });
    onAdded(issued.secret);
    form.reset();
    toast("Webhook endpoint added.");
    await invalidate("webhooks");
  });
  const submit = (e) => { e.preventDefault(); add.run(e.currentTarget); };
  return html`<form id="webhook-add" onSubmit=${submit}>
    <${ProblemBox} error=${add.error} />
    <div class="row">
      <label class="field grow">URL<input name="url" required placeholder="https://backend.example/hooks" /></label>
      <label class="field grow">Description<input name="description" /></label>
    </div>
    <fieldset class="event-types"><legend>Event types</legend>
      <${Loaded} query=${types}>${(list) => list.map((t) => html`<label class="check" title=${t.about}>
        <input type="checkbox" name="event_types" value=${t.type} /> ${t.type}</label>`)}<//>
    </fieldset>
    <button class="primary" type="submit" disabled=${add.busy}>Add endpoint</button>
  </form>`;
}

function DeliveryLog({ endpoint }) {
  const query = useQuery(["webhooks", "deliveries", endpoint.id], async () => await api.get(
    `/v1/admin/webhooks/endpoints/${enc(endpoint.id)}/deliveries`, { limit: DELIVERIES_SHOWN }),
  [endpoint.id], WEBHOOKS_REFRESH_MS);
  const again = useAction(async (d) => {
    await api.post(`/v1/admin/webhooks/deliveries/${enc(d.id)}/redeliver`, undefined,
      { key: newKey() });
    toast("Delivery queued again.");
    await invalidate("webhooks");
  });
  return html`<div id="webhook-log" data-endpoint=${endpoint.id}><h3>Deliveries to ${endpoint.url}</h3>
    <${ProblemBox} error=${again.error} />
    <${Loaded} query=${query}>${(page) => html`<${Table} empty="Nothing delivered yet."
      keys=${page.items.map((d) => d.id)}
      columns=${[{ label: "Created" }, { label: "Type" }, { label: "State" }, { label: "Attempts", num: true },
        { label: "Last status" }, { label: "Last error" }, { label: "" }]}
      rows=${page.items.map((d) => [dateTime(d.created_at), d.type,
        html`<span class=${`badge ${d.state === "delivered" ? "ok" : d.state === "dead" ? "bad" : ""}`} data-state=${d.state}>${d.state}</span>`,
        formatCount(d.attempts), d.last_status ?? "–", d.last_error || "",
        d.state === "delivered" || d.state === "dead"
          ? html`<button data-redeliver=${d.id} onClick=${() => again.run(d)}>Redeliver</button>` : ""])} />`}<//>
  </div>`;
}

function WebhooksPage() {
  const secret = useSignal(/** @type {string|null} */ (null));
  const shown = useSignal(/** @type {string|null} */ (null));
  const query = useQuery(["webhooks", "endpoints"], async () => await api.get("/v1/admin/webhooks/endpoints"),
    [], WEBHOOKS_REFRESH_MS);
  const toggle = useAction(async (e) => {
    await api.patch(`/v1/admin/webhooks/endpoints/${enc(e.id)}`, { enabled: !e.enabled });
    toast(e.enabled ? "Endpoint disabled: its deliveries are held." : "Endpoint enabled.");
    await invalidate("webhooks");
  });
  return html`<${Panel} title="Webhook endpoints">
      <p class="muted small">Signed Standard Webhooks; the event catalog is in docs/events.md.</p>
      <${ProblemBox} error=${toggle.error} />
      <div id="webhooks"><${Loaded} query=${query}>${(page) => html`<${Table} empty="No endpoints yet."
        keys=${page.items.map((s) => s.endpoint.id)}
        columns=${[{ label: "URL" }, { label: "Events" }, { label: "State" }, { label: "Delivered", num: true },
          { label: "Pending", num: true }, { label: "Dead", num: true }, { label: "" }]}
        rows=${page.items.map(({ endpoint: e, deliveries: c }) => [e.url, e.event_types.join(", "),
          e.enabled ? "enabled" : `disabled: ${e.disabled_reason || ""}`, formatCount(c.delivered),
          formatCount(c.pending + c.paused), formatCount(c.dead),
          html`<span class="row"><button data-log=${e.id} onClick=${() => { shown.value = e.id; }}>Log</button>
            <button data-toggle=${e.id} onClick=${() => toggle.run(e)}>${e.enabled ? "Disable" : "Enable"}</button></span>`])} />
        ${page.items.filter((s) => s.endpoint.id === shown.value).map((s) => html`<${DeliveryLog} key=${s.endpoint.id} endpoint=${s.endpoint} />`)}`}<//></div>
    <//>
    <${Panel} title="Add an endpoint">
      ${secret.value ? html`<p>Signing secret (verify every message with it; shown again by the API only):
        <code id="webhook-secret">${secret.value}</code></p>` : null}
      <${WebhookForm} onAdded=${(s) => { secret.value = s; }} />
    <//>`;
}

/** The first day of this month and today, in UTC (the report's days are UTC days). */
function thisMonth() {
  const today = new Date().toISOString().slice(0, 10);
  return { from: `${today.slice(0, 8)}01`, to: today };
}

function TiesBadge({ report }) {
  return html`<span id="finance-ties" class=${`badge ${report.ties ? "ok" : "bad"}`}>${report.ties
    ? "Ties to the ledger" : "Does not tie: see the checks"}</span>`;
}

function SalesTable({ sales }) {
  return html`<${Table} id="finance-sales" empty="No sales in this period."
    columns=${[{ label: "Currency" }, { label: "Channel" }, { label: "Purchases", num: true },
      { label: "Gross", num: true }, { label: "Store fees", num: true }, { label: "Taxes", num: true },
      { label: "Net", num: true }, { label: "Refunds", num: true }, { label: "Chargebacks", num: true },
      { label: "Net after refunds", num: true }]}
    rows=${sales.map((s) => {
      const m = (v) => formatMoney(v, s.currency, { exponent: s.exponent });
      return [s.currency, s.channel, formatCount(s.sales.count), m(s.sales.gross_minor),
        m(s.sales.store_fees_minor), m(s.sales.taxes_minor), m(s.sales.net_minor),
        m(s.refunds.gross_minor), m(s.chargebacks.gross_minor), m(s.net_after_refunds_minor)];
    })} />`;
}

function DeferredTable({ lines }) {
  const paid = lines.filter((d) => d.currency);
  return html`<${Table} id="finance-deferred" empty="No coins bought before or in this period."
    columns=${[{ label: "Currency" }, { label: "Channel" }, { label: "Opening", num: true },
      { label: "Added", num: true }, { label: "Recognised", num: true }, { label: "Closing", num: true },
      { label: "Closing coins", num: true }]}
    rows=${paid.map((d) => {
      const m = (v) => formatMoney(v, d.currency || "", { exponent: d.exponent });
      return [d.currency, d.channel, m(d.opening.minor), m(d.added.minor), m(d.revenue_recognised_minor),
        m(d.closing.minor), formatCount(d.closing.coins)];
    })} />`;
}

/** @param {{report: import("../types.js").FinanceReportOut}} props */
function FinanceReport({ report }) {
  const c = report.coins;
  const d = report.diamonds;
  const cash = (v) => formatMoney(v, d.liability.currency, { exponent: d.liability.exponent });
  const failed = report.checks.filter((k) => !k.ok);
  return html`<div id="finance" data-from=${report.period.from} data-to=${report.period.to}>
    <div class="row"><${TiesBadge} report=${report} />
      <span class="muted small">${report.period.open ? "The period has not ended: figures may still change. " : ""}Made ${dateTime(report.generated_at)} from the ledger's transfers</span></div>
    <h3>Sales by currency and channel</h3>
    <${SalesTable} sales=${report.sales} />
    <h3>Coins</h3>
    <div class="grid cards">
      <${Figure} label="Outstanding at the close" klass="coin" id="fin-coins-closing" value=${formatCount(c.closing)} sub=${`${formatCount(c.opening)} at the opening`} />
      <${Figure} label="Issued" id="fin-coins-issued" value=${formatCount(c.issued)} sub="purchased and granted, less claw-backs and removals" />
      <${Figure} label="Spent" id="fin-coins-spent" value=${formatCount(c.spent)} sub=${`${formatCount(c.spent_gifts)} on gifts`} />
      <${Figure} label="Owed by wallets below zero" value=${formatCount(c.owed_closing)} sub="spent, then refunded" />
    </div>
    <h3>Deferred revenue (unspent coins, at what was paid)</h3>
    <${DeferredTable} lines=${report.deferred_revenue} />
    <h3>Diamonds and the creators' liability</h3>
    <div class="grid cards">
      <${Figure} label="Outstanding at the close" klass="diamond" id="fin-diamonds-closing" value=${formatCount(d.closing)} sub=${`${formatCount(d.earned)} earned in the period`} />
      <${Figure} label="Creators' liability" id="fin-liability" value=${cash(d.liability.closing_minor)} sub=${`${cash(d.liability.opening_minor)} at the opening`} />
      <${Figure} label="Redeemed" value=${formatCount(d.redeemed)} sub="withdrawals paid" />
      <${Figure} label="Clawed back" value=${formatCount(d.clawed_back)} sub="after refunds" />
    </div>
    <h3>Payouts</h3>
    <${Table} id="finance-payouts" empty="No payouts in this period."
      columns=${[{ label: "Currency" }, { label: "Requested", num: true }, { label: "Paid", num: true },
        { label: "Voided", num: true }, { label: "Pending at the close", num: true }]}
      rows=${report.payouts.map((p) => {
        const m = (v) => formatMoney(v, p.currency, { exponent: p.exponent });
        return [p.currency, m(p.requested_minor), m(p.paid_minor), m(p.voided_minor), m(p.pending_closing_minor)];
      })} />
    <h3>Checks</h3>
    <p class="muted small" id="finance-checks">${report.checks.length - failed.length} of ${report.checks.length} checks hold; verify ${report.verify.ok ? "OK" : "FAILED"} (${formatCount(report.verify.accounts)} accounts, ${formatCount(report.verify.transfers)} transfers).</p>
    ${failed.length ? html`<${Table} columns=${[{ label: "Check" }, { label: "Expected", num: true }, { label: "Actual", num: true }]}
      rows=${failed.map((k) => [k.name, formatCount(k.expected), formatCount(k.actual)])} />` : null}
    <p class="muted small">${report.breakage.description} Downloads (CSV, HTML, PDF): <code>fancoins report finance</code> or the API's <code>format</code> parameter.</p>
  </div>`;
}

function FinancePage() {
  const period = useSignal(thisMonth());
  const draft = useSignal(period.value);
  const query = useQuery(["finance", period.value.from, period.value.to], async () => /** @type {import("../types.js").FinanceReportOut} */ (
    await api.get("/v1/admin/reports/finance", { from: period.value.from, to: period.value.to })), [period.value.from, period.value.to]);
  const set = (key) => (e) => { draft.value = { ...draft.value, [key]: e.currentTarget.value }; };
  return html`<${Panel} title="Finance report">
    <form class="row" id="finance-period" onSubmit=${(e) => { e.preventDefault(); period.value = draft.value; }}>
      <label>From <input type="date" name="from" value=${draft.value.from} onInput=${set("from")} required /></label>
      <label>To <input type="date" name="to" value=${draft.value.to} onInput=${set("to")} required /></label>
      <button type="submit">Show</button>
    </form>
    <${Loaded} query=${query}>${(report) => html`<${FinanceReport} report=${report} />`}<//>
  <//>`;
}

export function ConsoleScreen({ args }) {
  const [section = "economy", ...rest] = args;
  const page = CONSOLE_PAGES.find((p) => p.id === section) || CONSOLE_PAGES[0];
  return html`<h1>Operator console</h1>
    <nav class="subnav" aria-label="Console">
      ${CONSOLE_PAGES.map((p) => html`<a href=${`#/console/${p.id}`} class=${p.id === page.id ? "active" : ""}
        aria-current=${p.id === page.id ? "page" : undefined} data-page=${p.id}>${p.label}</a>`)}
    </nav>
    ${page.id === "economy" ? html`<${EconomyPage} />`
      : page.id === "users" ? html`<${UsersPage} userId=${rest[0] ? decodeURIComponent(rest[0]) : null} />`
      : page.id === "payouts" ? html`<${PayoutsPage} />`
      : page.id === "held" ? html`<${HeldPurchasesPage} />`
      : page.id === "audit" ? html`<${AuditPage} />`
      : page.id === "webhooks" ? html`<${WebhooksPage} />`
      : page.id === "finance" ? html`<${FinancePage} />`
      : page.id === "keys" ? html`<${KeysPage} />`
      : page.id === "search" ? html`<${SearchPage} lookupId=${rest[0] ? decodeURIComponent(rest[0]) : null} />`
      : page.id === "refunds" ? html`<${RefundsPage} />`
      : page.id === "promotions" ? html`<${PromotionsPage} />`
      : page.id === "catalog" ? html`<${CatalogPage} />`
      : html`<${ChartsPage} />`}`;
}
