// @ts-check
// Operator console: refunds and disputes. Every claim a store made against a purchase (a
// Stripe refund or chargeback, an Apple revocation, a Google void, and their reversals),
// newest first in pages, filtered by kind and state: the buyer (linking to their page), the
// purchase (linking to its lookup), what was claimed, and what it did — coins and money clawed
// back or restored, creators' diamonds taken back, the buying block it placed. CSV export of
// the page shown.

import { api, enc } from "../api.js";
import { html, useSignal } from "../lib.js";
import { formatCount, formatMinor, formatMoney } from "../money.js";
import { useQuery } from "../query.js";
import { Loaded, Panel, Table, csv, dateTime, download } from "../ui.js";

/** New claims arrive with store notifications at any time: the page is re-read this often. */
const CLAIMS_REFRESH_MS = 30_000;
const CLAIMS_PER_PAGE = 50;
const KINDS = [["", "All kinds"], ["refund", "Refund (Stripe)"], ["revocation", "Revocation (Apple)"],
  ["void", "Void (Google)"], ["dispute", "Chargeback"]];
const STATES = [["", "All states"], ["pending", "Pending"], ["applied", "Applied"], ["reversed", "Reversed"],
  ["withdrawn", "Withdrawn"]];
/** What each state means, in words (the badge's title). */
const STATE_WORDS = {
  pending: "recorded; its purchase is not known or not credited yet",
  applied: "in force: taken back",
  reversed: "taken back, then given back (a dispute won, a refund reversed)",
  withdrawn: "reversed before it applied: nothing taken",
};
const STATE_CLASS = { pending: "", applied: "bad", reversed: "ok", withdrawn: "ok" };

/** @param {string} userId */
const userLink = (userId) => html`<a href=${`#/console/users/${enc(userId)}`} data-user-link=${userId}>${userId}</a>`;

/** @param {string} purchaseId */
const purchaseLink = (purchaseId) => html`<a href=${`#/console/search/${enc(purchaseId)}`}
  data-purchase-link=${purchaseId} title="Look this purchase up">${purchaseId.slice(0, 8)}…</a>`;

/** @param {import("../types.js").ClaimOut} c */
function claimed(c) {
  const p = c.purchase;
  if (!p) return c.amount_minor === null ? "all" : formatCount(c.amount_minor);
  return c.amount_minor === null ? `all: ${formatMoney(p.price_minor, p.currency)}`
    : formatMoney(c.amount_minor, p.currency);
}

/** @param {import("../types.js").ClaimOut} c */
function did(c) {
  const e = c.effects;
  const parts = [];
  if (e.coins_clawed_back) parts.push(`${formatCount(e.coins_clawed_back)} coins clawed back`);
  if (e.diamonds_clawed_back) parts.push(`${formatCount(e.diamonds_clawed_back)} diamonds taken from creators`);
  if (e.coins_restored) parts.push(`${formatCount(e.coins_restored)} coins restored`);
  if (!parts.length) parts.push(c.state === "pending" ? "nothing yet" : "nothing");
  return html`<span data-did>${parts.join("; ")}</span>${e.restriction_id
    ? html` <span class="badge bad" data-restriction=${e.restriction_id} title="Refund abuse: buying blocked">buying blocked</span>` : null}`;
}

/** The CSV of the claims shown: every id and figure (minor units for money). */
function claimsCsv(/** @type {import("../types.js").ClaimOut[]} */ items) {
  return csv([["recorded_at", "claim_id", "provider", "kind", "state", "claim_ref", "purchase_ref", "purchase_id",
    "user_id", "currency", "claimed_minor", "refunded", "restored", "coins_clawed_back", "coins_restored",
    "diamonds_clawed_back", "counted_as_refund", "restriction_id"],
  ...items.map((c) => {
    const cur = c.purchase?.currency || "";
    const amount = (/** @type {number} */ v) => (cur ? formatMinor(v, cur).replace(/,/g, "") : String(v));
    return [c.created_at, c.id, c.provider, c.kind, c.state, c.claim_ref, c.purchase_ref, c.purchase?.id || "",
      c.user_id || "", cur, c.amount_minor ?? "", amount(c.effects.gross_refunded_minor),
      amount(c.effects.gross_restored_minor), c.effects.coins_clawed_back, c.effects.coins_restored,
      c.effects.diamonds_clawed_back, c.effects.counted ? "yes" : "no", c.effects.restriction_id || ""];
  })]);
}

/** @param {{label: string, name: string, value: string, options: string[][], onChange: (v: string) => void}} props */
function Choice({ label, name, value, options, onChange }) {
  return html`<label class="field">${label}<select name=${name} value=${value}
    onChange=${(/** @type {Event} */ e) => onChange(/** @type {HTMLSelectElement} */ (e.currentTarget).value)}>
    ${options.map(([v, text]) => html`<option value=${v} selected=${v === value}>${text}</option>`)}
  </select></label>`;
}

export function RefundsPage() {
  const kind = useSignal("");
  const state = useSignal("");
  const cursors = useSignal(/** @type {string[]} */ ([]));
  const deps = [kind.value, state.value, String(cursors.value.length)];
  const query = useQuery(["claims", ...deps], async () => /** @type {import("../types.js").ClaimPage} */ (
    await api.get("/v1/admin/purchases/claims", {
      limit: String(CLAIMS_PER_PAGE), kind: kind.value || undefined, state: state.value || undefined,
      cursor: cursors.value.at(-1),
    })), deps, CLAIMS_REFRESH_MS);
  const filter = (/** @type {{value: string}} */ signal) => (/** @type {string} */ v) => {
    signal.value = v;
    cursors.value = [];
  };
  return html`<${Panel} title="Refunds & disputes">
    <p class="muted small">Every claim a store made against a purchase, newest first: refunds, revocations, voids and
      chargebacks, and their reversals. A claim waits (pending) until its purchase is known and credited.</p>
    <form class="row" id="claims-filter" onSubmit=${(/** @type {Event} */ e) => e.preventDefault()}>
      <${Choice} label="Kind" name="kind" value=${kind.value} options=${KINDS} onChange=${filter(kind)} />
      <${Choice} label="State" name="state" value=${state.value} options=${STATES} onChange=${filter(state)} />
    </form>
    <${Loaded} query=${query}>${(/** @type {import("../types.js").ClaimPage} */ page) => html`
      <div class="row"><button type="button" id="claims-csv" disabled=${!page.items.length}
        onClick=${() => download("fancoins-refunds-disputes.csv", claimsCsv(page.items))}>Download CSV</button></div>
      <${Table} id="claims-table" label="Refunds and disputes" empty="No claim matches."
        keys=${page.items.map((c) => c.id)}
        columns=${[{ label: "Recorded" }, { label: "Kind" }, { label: "State" }, { label: "Buyer" }, { label: "Purchase" },
          { label: "Claimed", num: true }, { label: "What it did" }]}
        rows=${page.items.map((c) => [dateTime(c.created_at),
          html`<span data-kind=${c.kind}>${c.kind === "dispute" ? "chargeback" : c.kind}</span> <span class="muted small">${c.provider}</span>`,
          html`<span class=${`badge ${STATE_CLASS[c.state] || ""}`} data-state=${c.state} title=${STATE_WORDS[c.state]}>${c.state}</span>`,
          c.user_id ? userLink(c.user_id) : html`<span class="muted" title=${`store id ${c.purchase_ref}`}>unknown yet</span>`,
          c.purchase ? purchaseLink(c.purchase.id) : html`<code class="small">${c.purchase_ref}</code>`,
          claimed(c), did(c)])} />
      <div class="row">
        ${cursors.value.length ? html`<button type="button" onClick=${() => { cursors.value = cursors.value.slice(0, -1); }}>Previous</button>` : null}
        ${page.next_cursor ? html`<button type="button" id="claims-more"
          onClick=${() => { cursors.value = [...cursors.value, /** @type {string} */ (page.next_cursor)]; }}>Next</button>` : null}
      </div>`}<//>
  <//>`;
}
