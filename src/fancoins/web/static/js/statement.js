// @ts-check
// The statement in plain language: ledger lines become what the user did. A gift says which
// gift, to whom and in which LIVE; the sends of one combo are one row; a promotion (its hold,
// charges and return) is one row with its outcome. Pure grouping first, then the names.

import { api, enc } from "./api.js";
import * as names from "./names.js";

/** Sends of one streakable gift this close together (same stream) are one combo (DESIGN: 5 s). */
export const COMBO_WINDOW_MS = 5000;

/**
 * @typedef {object} Line
 * @property {string} id
 * @property {string} created_at
 * @property {string} kind
 * @property {string} label
 * @property {string} code
 * @property {string} asset
 * @property {number} amount
 * @property {number} balance_change
 * @property {string} state
 * @property {Record<string, any>} details
 */

/**
 * @typedef {object} Group
 * @property {string} key
 * @property {"gift"|"combo"|"promotion"|"single"} shape
 * @property {Line[]} lines newest first
 */

/**
 * Consecutive sends of one gift to one stream within the combo window fold into a combo;
 * every line of one promotion folds into that promotion's row. Newest first, as given.
 * @param {Line[]} lines @param {(giftId: string) => boolean} streakable
 * @returns {Group[]}
 */
export function groupLines(lines, streakable) {
  /** @type {Group[]} */
  const groups = [];
  /** @type {Map<string, Group>} */
  const promotions = new Map();
  for (const line of lines) {
    const d = line.details || {};
    if (d.promotion_id) {
      const found = promotions.get(d.promotion_id);
      if (found) {
        found.lines.push(line);
        continue;
      }
      const group = { key: `promotion:${d.promotion_id}`, shape: /** @type {const} */ ("promotion"), lines: [line] };
      promotions.set(d.promotion_id, group);
      groups.push(group);
      continue;
    }
    if (line.kind === "gift_sent" && d.gift_id) {
      const last = groups[groups.length - 1];
      const previous = last?.lines[last.lines.length - 1];
      if (last && (last.shape === "gift" || last.shape === "combo") && previous
          && previous.details.gift_id === d.gift_id && previous.details.stream_id === d.stream_id
          && streakable(d.gift_id) && !d.message && !previous.details.message
          && Date.parse(previous.created_at) - Date.parse(line.created_at) <= COMBO_WINDOW_MS) {
        last.lines.push(line);
        last.shape = "combo";
        continue;
      }
      groups.push({ key: line.id, shape: "gift", lines: [line] });
      continue;
    }
    groups.push({ key: line.id, shape: "single", lines: [line] });
  }
  return groups;
}

const STATES = {
  posted: "Done", post: "Done", pending: "On hold", void: "Returned", voided: "Returned",
  expired: "Expired",
};

/** What each kind of line means, in words (the gift and promotion rows are built below). */
const SINGLE = {
  purchase: "Coin purchase",
  refund_clawback: "Coins taken back after a refund",
  operator_grant: "Operator grant",
  operator_removal: "Operator removal",
  gift_received: "Gifts received in your LIVE",
  withdrawal: "Withdrawal to PayPal",
  expired: "A hold expired",
};

/**
 * @typedef {object} Row
 * @property {string} key
 * @property {string} when ISO time of the newest line
 * @property {string} what a sentence
 * @property {string} [gift] @property {number} [giftCount] @property {string} [recipient]
 * @property {string} [stream] @property {string} [promotion] @property {string} [outcome]
 * @property {string} [message] what the sender wrote with a LIVE gift
 * @property {string} asset
 * @property {number} change effect on the balance, summed
 * @property {string} state in words
 * @property {string} kind
 * @property {string[]} ids the ledger transfer ids behind the row
 */

/** Fill the names in: gift, recipient and stream for gifts, outcome for promotions.
 * @param {Group[]} groups @returns {Promise<Row[]>} */
export async function describeGroups(groups) {
  const catalog = await names.gifts();
  const streamIds = [...new Set(groups.flatMap((g) => g.lines.map((l) => l.details?.stream_id)).filter(Boolean))];
  const streams = new Map(await Promise.all(streamIds.map(async (id) => /** @type {[string, any]} */ ([id, await names.stream(id)]))));
  const who = await names.displayNames([...streams.values()].filter(Boolean).map((s) => s.creator_id));
  const promotionIds = groups.filter((g) => g.shape === "promotion")
    .map((g) => g.lines[0].details.promotion_id);
  const promos = new Map(await Promise.all(promotionIds.map(async (id) => /** @type {[string, any]} */ ([id,
    await api.get(`/v1/promotions/${enc(id)}`).catch(() => null)]))));
  return groups.map((g) => {
    const newest = g.lines[0];
    const d = newest.details || {};
    const change = g.lines.reduce((sum, l) => sum + l.balance_change, 0);
    const base = { key: g.key, when: newest.created_at, asset: newest.asset, change,
      kind: newest.kind, state: STATES[/** @type {keyof STATES} */ (newest.state)] || newest.state,
      ids: g.lines.map((l) => l.id) };
    if (g.shape === "gift" || g.shape === "combo") {
      const gift = catalog.get(d.gift_id);
      const giftName = gift?.name || d.gift_id;
      const giftCount = g.lines.reduce((sum, l) => sum + (l.details.count || 1), 0);
      const s = d.stream_id ? streams.get(d.stream_id) : null;
      const recipient = s ? who.get(s.creator_id) || s.creator_id : "";
      const combo = g.shape === "combo" ? " (combo)" : "";
      return { ...base, what: `${giftName} ×${giftCount}${combo}${recipient ? ` to ${recipient}` : ""}`,
        gift: giftName, giftCount, recipient, stream: s?.title || d.stream_id || "",
        message: d.message || "" };
    }
    if (g.shape === "promotion") {
      const p = promos.get(d.promotion_id);
      const outcome = p ? promotionOutcome(p) : "";
      return { ...base, what: "Video promotion", promotion: d.promotion_id, outcome,
        state: p ? promotionState(p) : base.state };
    }
    return { ...base, what: SINGLE[/** @type {keyof SINGLE} */ (newest.kind)] || newest.label };
  });
}

/** @param {any} p a PromotionOut */
function promotionOutcome(p) {
  const parts = [`${p.spent_coins} of ${p.budget_coins} coins spent`];
  if (p.returned_coins) parts.push(`${p.returned_coins} returned`);
  if (p.held_coins) parts.push(`${p.held_coins} still held`);
  return parts.join(", ");
}

/** @param {any} p */
function promotionState(p) {
  return { active: "Running", completed: "Completed", ended: "Ended", canceled: "Cancelled" }[
    /** @type {"active"} */ (p.status)] || p.status;
}

/** The CSV of described rows: plain words and every id, one row per statement row. */
export function csvRows(rows) {
  return [["id", "created_at", "kind", "description", "gift", "count", "recipient", "stream",
    "promotion", "outcome", "asset", "change", "state", "transfer_ids", "message"],
  ...rows.map((r) => [r.ids[0], r.when, r.kind, r.what, r.gift || "", r.giftCount ?? "",
    r.recipient || "", r.stream || "", r.promotion || "", r.outcome || "", r.asset, r.change,
    r.state, r.ids.join(" "), r.message || ""])];
}
