// @ts-check
// Operator console: promotion moderation. Every creator's promotions, newest first in pages,
// with their budget, spend and results; an active one is canceled with a reason (audited),
// its unspent coins going back to the promoter. A cancel keeps its Idempotency-Key until it
// succeeds, so a retried click is applied once. CSV export of the page shown.

import { api, enc, newKey } from "../api.js";
import { html, useSignal } from "../lib.js";
import { formatCount } from "../money.js";
import { invalidate, useQuery } from "../query.js";
import { Loaded, Panel, ProblemBox, Table, csv, dateTime, download, toast, useAction } from "../ui.js";

const PROMOTIONS_REFRESH_MS = 30_000;
const PROMOTIONS_PER_PAGE = 50;
const REASON_CHARS_MIN = 3;
const STATUS_CLASS = { active: "ok", completed: "", ended: "", canceled: "bad" };

/** @param {string} userId */
const userLink = (userId) => html`<a href=${`#/console/users/${enc(userId)}`} data-user-link=${userId}>${userId}</a>`;

/** @param {{p: import("../types.js").PromotionOut, onCancel: (p: any, reason: string) => void, busy: boolean}} props */
function CancelRow({ p, onCancel, busy }) {
  const reason = useSignal("");
  if (p.status !== "active") return html`<span class="muted small">${p.settled_at ? dateTime(p.settled_at) : ""}</span>`;
  return html`<div class="review-actions">
    <input aria-label=${`Reason to cancel ${p.user_id}'s promotion`} placeholder="reason (audited)" maxlength="500"
      value=${reason.value} onInput=${(/** @type {Event} */ e) => { reason.value = /** @type {HTMLInputElement} */ (e.currentTarget).value; }} />
    <button class="danger" data-cancel=${p.id} disabled=${busy || reason.value.trim().length < REASON_CHARS_MIN}
      onClick=${() => onCancel(p, reason.value.trim())}>Cancel</button>
  </div>`;
}

/** The CSV of the promotions shown (coins are whole numbers). */
function promotionsCsv(/** @type {import("../types.js").PromotionOut[]} */ items) {
  return csv([["started_at", "promotion_id", "user_id", "video_id", "objective", "status", "budget_coins",
    "spent_coins", "held_coins", "returned_coins", "views", "followers", "profile_visits", "ends_at", "settled_at"],
  ...items.map((p) => [p.starts_at, p.id, p.user_id, p.video_id, p.objective, p.status, p.budget_coins,
    p.spent_coins, p.held_coins, p.returned_coins, p.results.views, p.results.followers,
    p.results.profile_visits, p.ends_at, p.settled_at || ""])]);
}

export function PromotionsPage() {
  const cursors = useSignal(/** @type {string[]} */ ([]));
  const keys = useSignal(/** @type {Record<string, string>} */ ({}));
  const deps = [String(cursors.value.length)];
  const query = useQuery(["promotions", ...deps], async () => /** @type {import("../types.js").PromotionPage} */ (
    await api.get("/v1/promotions", { limit: String(PROMOTIONS_PER_PAGE), cursor: cursors.value.at(-1) })),
  deps, PROMOTIONS_REFRESH_MS);
  const cancel = useAction(async (/** @type {import("../types.js").PromotionOut} */ p, /** @type {string} */ reason) => {
    const key = keys.value[p.id] || newKey();
    keys.value = { ...keys.value, [p.id]: key };
    const done = /** @type {import("../types.js").PromotionOut} */ (
      await api.post(`/v1/promotions/${enc(p.id)}/cancel`, { reason }, { key }));
    toast(`Promotion canceled: ${formatCount(done.returned_coins)} coins went back to ${done.user_id}.`);
    await invalidate("promotions", "economy", "wallet", "statement");
  });
  return html`<${Panel} title="Promotions"><${ProblemBox} error=${cancel.error} />
    <p class="muted small">Every creator's promotions, newest first. Canceling one stops it now; what it has not
      spent goes back to the promoter's wallet. The reason is kept in the audit log.</p>
    <${Loaded} query=${query}>${(/** @type {import("../types.js").PromotionPage} */ page) => html`
      <div class="row"><button type="button" id="promotions-csv" disabled=${!page.items.length}
        onClick=${() => download("fancoins-promotions.csv", promotionsCsv(page.items))}>Download CSV</button></div>
      <${Table} id="promotions-table" label="Promotions" empty="No promotion yet."
        keys=${page.items.map((p) => p.id)}
        columns=${[{ label: "Started" }, { label: "Promoter" }, { label: "Video" }, { label: "Status" },
          { label: "Budget", num: true }, { label: "Spent", num: true }, { label: "Returned", num: true },
          { label: "Views", num: true }, { label: "Ends" }, { label: "Moderation" }]}
        rows=${page.items.map((p) => [dateTime(p.starts_at), userLink(p.user_id),
          html`<code class="small">${p.video_id}</code> <span class="muted small">${p.objective}</span>`,
          html`<span class=${`badge ${STATUS_CLASS[p.status] || ""}`} data-status=${p.status}>${p.status}</span>`,
          formatCount(p.budget_coins), formatCount(p.spent_coins), formatCount(p.returned_coins),
          formatCount(p.results.views), dateTime(p.ends_at),
          html`<${CancelRow} key=${`${p.id}:${p.status}`} p=${p} busy=${cancel.busy} onCancel=${(...a) => cancel.run(...a)} />`])} />
      <div class="row">
        ${cursors.value.length ? html`<button type="button" onClick=${() => { cursors.value = cursors.value.slice(0, -1); }}>Previous</button>` : null}
        ${page.next_cursor ? html`<button type="button" id="promotions-more"
          onClick=${() => { cursors.value = [...cursors.value, /** @type {string} */ (page.next_cursor)]; }}>Next</button>` : null}
      </div>`}<//>
  <//>`;
}
