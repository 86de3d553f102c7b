// @ts-check
// Operator console: paid purchases held for review by a velocity rule. Each shows the buyer,
// what was paid, the rule it passed and why; the operator releases it (the coins are
// credited, once) or declines it (never credited; the payment is refunded at the store),
// with a reason, audited. A decision keeps its Idempotency-Key until it succeeds, so a
// retried click is applied once.

import { api, enc, newKey } from "../api.js";
import { html, useSignal } from "../lib.js";
import { formatCount, formatMoney } from "../money.js";
import { invalidate, useQuery } from "../query.js";
import { Loaded, Panel, ProblemBox, Table, dateTime, toast, useAction } from "../ui.js";

/** The queue is re-read this often (a burst of purchases can be held at any time). */
const HOLDS_REFRESH_MS = 15_000;
const HOLDS_PAGE_SIZE = 50;
const REASON_CHARS_MIN = 3;
const DONE = { release: "released: its coins are credited", decline: "declined: nothing credited" };

/** @param {{h: import("../types.js").HeldPurchaseOut, onAct: (h: any, action: string, reason: string) => void}} props */
function DecisionRow({ h, onAct }) {
  const reason = useSignal("");
  const id = h.purchase.id;
  return html`<div class="review-actions">
    <input aria-label=${`Reason for ${h.purchase.user_id}'s held purchase`} placeholder="reason (audited)"
      value=${reason.value} onInput=${(e) => { reason.value = e.currentTarget.value; }} />
    ${["release", "decline"].map((action) => html`<button class=${action === "decline" ? "danger" : ""}
      data-action=${action} data-purchase=${id} disabled=${reason.value.trim().length < REASON_CHARS_MIN}
      onClick=${() => onAct(h, action, reason.value)}>${action === "release" ? "Release" : "Decline"}</button>`)}
  </div>`;
}

export function HeldPurchasesPage() {
  const keys = useSignal(/** @type {Record<string, string>} */ ({}));
  const query = useQuery(["held"], async () => /** @type {import("../types.js").HeldPurchasePage} */ (
    await api.get("/v1/admin/purchases/held", { limit: String(HOLDS_PAGE_SIZE) })), [], HOLDS_REFRESH_MS);
  const act = useAction(async (h, action, reason) => {
    const slot = `${h.purchase.id}:${action}`;
    const key = keys.value[slot] || newKey();
    keys.value = { ...keys.value, [slot]: key };
    await api.post(`/v1/admin/purchases/${enc(h.purchase.id)}/${action}`, { reason }, { key });
    toast(`Purchase ${DONE[action]}.`);
    await invalidate("held", "economy", "wallet", "statement");
  });
  return html`<${Panel} title="Held purchases"><${ProblemBox} error=${act.error} />
    <p class="muted small">Paid web purchases over a velocity rule wait here: nothing is credited until they are released.
      App Store and Google Play purchases are never held (those stores require delivery).</p>
    <div id="held"><${Loaded} query=${query}>${(page) => html`<${Table} empty="No purchase is held."
      keys=${page.items.map((h) => h.purchase.id)}
      columns=${[{ label: "Held" }, { label: "Buyer" }, { label: "Coins", num: true }, { label: "Paid", num: true },
        { label: "Why" }, { label: "Decision" }]}
      rows=${page.items.map((h) => [dateTime(h.hold.held_at), h.purchase.user_id, formatCount(h.purchase.coins),
        formatMoney(h.purchase.price_minor, h.purchase.currency), h.hold.reason,
        html`<${DecisionRow} h=${h} onAct=${(...a) => act.run(...a)} />`])} />`}<//></div>
  <//>`;
}
