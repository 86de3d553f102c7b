// @ts-check
// What a user can't do right now, and why, from what the API says about them (the status API:
// freezes and bans with their reason and expiry, ages per action, guardian caps, a negative
// balance). One place builds the list; the wallet's status card and the operator's user view
// show it.

import { html } from "./lib.js";
import { dateTime } from "./ui.js";

/** @typedef {import("./types.js").StatusOut} StatusOut */
/** @typedef {import("./types.js").StatusEntryOut} StatusEntryOut */
/** @typedef {import("./types.js").UserOut} UserOut */

/** The engine's default minimum age for buying and gifting (DESIGN: age 18+). */
export const ADULT_AGE_YEARS = 18;

/**
 * @typedef {object} Restriction
 * @property {string} kind "frozen" | "minor" | "age-unknown" | "negative-balance" | "ban" | "guardian-cap"
 * @property {string} title short, for the badge
 * @property {string} detail a sentence: what is blocked and until when / why
 */

/** @param {string} birth @param {Date} today */
export function ageYears(birth, today = new Date()) {
  const [y, m, d] = birth.split("-").map(Number);
  const before = today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
  return today.getUTCFullYear() - y - (before ? 1 : 0);
}

/** What each action a minor may be too young for reads as (the API's `scope`), in the order
 * a sentence lists them: sending gifts last, the one most people meet first. */
const ACTION_WORDS = {
  promote: "promoting a video", withdraw: "withdrawing", host: "hosting a LIVE",
  receive: "receiving gifts", video_gift: "gifts on videos", buy: "buying coins",
  send: "sending gifts",
};
const SCOPE_WORDS = {
  gifting: "gifting", buying: "buying coins", payouts: "withdrawals", promotions: "promotions",
};

/** @param {string[]} words */
function listed(words) {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/** @param {string} text */
function capital(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

/** @param {string|null|undefined} until */
function untilText(until) {
  return until ? ` until ${dateTime(until)}` : "";
}

/**
 * The API's status entries ({kind, scope, reason, until}) as the card shows them: a freeze
 * or ban says until when and why; a minor's actions are grouped by the age each needs.
 * @param {StatusEntryOut[]} entries @param {UserOut|undefined} user
 * @returns {Restriction[]}
 */
function fromStatus(entries, user) {
  /** @type {Restriction[]} */
  const found = [];
  /** @type {Map<string, string[]>} actions a minor waits for, by the day they reach the age */
  const byDay = new Map();
  for (const e of entries) {
    if (e.kind === "frozen") {
      found.push({ kind: "frozen", title: "Frozen",
        detail: `This account is frozen${untilText(e.until)} because ${e.reason}: no buying, gifts, promotions or withdrawals.` });
    } else if (e.kind === "banned") {
      const what = SCOPE_WORDS[e.scope] || e.scope;
      found.push({ kind: "ban", title: `No ${what}`,
        detail: `Banned from ${what}${untilText(e.until)} because ${e.reason}.` });
    } else if (e.kind === "minor") {
      const key = e.until || "";
      byDay.set(key, [...(byDay.get(key) || []), e.scope]);
    } else if (e.kind === "guardian-caps") {
      found.push({ kind: "guardian-cap", title: e.scope === "buying" ? "Buying capped" : "Gifting capped",
        detail: `${capital(e.reason)}.` });
    } else if (e.kind === "negative-balance") {
      found.push({ kind: "negative-balance", title: "Balance below zero", detail: `${capital(e.reason)}.` });
    } else {
      found.push({ kind: e.kind, title: e.kind === "age-unknown" ? "Age not known" : e.kind,
        detail: `${capital(e.reason)}.` });
    }
  }
  for (const [day, scopes] of byDay) {
    const order = Object.keys(ACTION_WORDS);
    const words = scopes.slice().sort((a, b) => order.indexOf(a) - order.indexOf(b))
      .map((a) => ACTION_WORDS[a] || a);
    const age = day && user?.birth_date ? ageYears(user.birth_date, new Date(day)) : ADULT_AGE_YEARS;
    const where = user?.country ? ` in ${user.country}` : "";
    found.push({ kind: "minor", title: `Under ${age}`,
      detail: `${capital(listed(words))} need${words.length === 1 ? "s" : ""} age ${age}+${where}${day ? ` (from ${dateTime(day).split(",")[0]})` : ""}.` });
  }
  return found;
}

/**
 * @param {{user?: UserOut, wallet?: any, status?: StatusOut|null}} sources
 *   user: GET /v1/users/{id}; wallet: GET /v1/wallet; status: GET /v1/me/status (or the
 *   operator's /v1/admin/users/{id}/status): when it answered, it alone is the truth.
 * @returns {Restriction[]}
 */
export function restrictionsOf({ user, wallet, status }) {
  if (status) return fromStatus(status.restrictions, user);
  /** @type {Restriction[]} */
  const found = [];
  if (user?.frozen) {
    found.push({ kind: "frozen", title: "Frozen",
      detail: "An operator has frozen this account: no buying, gifts, promotions or withdrawals until it is lifted." });
  }
  if (user && user.birth_date && ageYears(user.birth_date) < ADULT_AGE_YEARS) {
    found.push({ kind: "minor", title: `Under ${ADULT_AGE_YEARS}`,
      detail: `Buying coins and sending gifts need age ${ADULT_AGE_YEARS}+.` });
  } else if (user && !user.birth_date) {
    found.push({ kind: "age-unknown", title: "Age not known",
      detail: "Buying coins and sending gifts need a known age of 18+." });
  }
  if (wallet?.restricted) {
    found.push({ kind: "negative-balance", title: "Balance below zero",
      detail: "A refund took back coins that were already spent: no gifts or promotions until a purchase repays it." });
  }
  return found;
}

/** The status card: "OK" only when nothing is in force; otherwise each restriction. */
export function StatusCard({ restrictions, id = "wallet-status" }) {
  const ok = restrictions.length === 0;
  return html`<div class="figure status-card" data-ok=${ok ? "yes" : "no"}>
    <div class="label">Status</div>
    <div class="value small" id=${id}>
      ${ok ? html`<span class="badge ok">OK</span>`
        : restrictions.map((r) => html`<span class="badge bad" data-kind=${r.kind}>${r.title}</span> `)}
    </div>
    <div class="sub" id=${`${id}-detail`}>
      ${ok ? "No restrictions" : restrictions.map((r) => html`<p class="restriction">${r.detail}</p>`)}
    </div>
  </div>`;
}
