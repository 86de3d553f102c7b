// @ts-check
// What a user can't do right now, and why, from what the API says about them. One place builds
// the list; the wallet's status card (and the operator's user view) show it. Guardian caps and
// scoped bans with an expiry join this list when the API reports them (`restrictions` below).

import { html } from "./lib.js";

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

/**
 * @param {{user?: any, wallet?: any, status?: {restrictions?: Restriction[]}}} sources
 *   user: GET /v1/users/{id}; wallet: GET /v1/wallet; status: a future status API's list
 * @returns {Restriction[]}
 */
export function restrictionsOf({ user, wallet, status }) {
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
  for (const r of status?.restrictions || []) found.push(r);
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
