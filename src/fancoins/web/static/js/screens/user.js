// @ts-check
// Operator console: the parts of a user's page beyond their status and wallet — what keeps
// their spending safe (their limits, a guardian's caps and the platform's purchase caps, each
// with what is used), their freezes and bans (in force and past: who, when, why, until when;
// a new one by scope with an expiry and a reason; lifting one), their guardian links both ways
// (unlinking one), and where they bought (store, channel, country: no device id is recorded).
// Every write carries an audited reason; a restriction keeps its Idempotency-Key until it is
// accepted, so a retried click is applied once.

import { api, enc, newKey } from "../api.js";
import { html, useSignal } from "../lib.js";
import { formatCount, formatMoney } from "../money.js";
import { invalidate, useQuery } from "../query.js";
import { Loaded, Panel, ProblemBox, Table, dateTime, toast, useAction } from "../ui.js";

const REASON_CHARS_MIN = 3;
const PURCHASES_PER_PAGE = 20;
/** What each restriction scope blocks, in the words the form and the table use. */
export const SCOPES = [["all", "Freeze (everything)"], ["gifting", "Ban from gifting"], ["buying", "Ban from buying coins"],
  ["payouts", "Ban from withdrawals"], ["promotions", "Ban from promotions"]];
const SCOPE_WORDS = Object.fromEntries(SCOPES);
const STATE_CLASS = { in_force: "bad", lifted: "ok", expired: "" };
const STATE_WORDS = { in_force: "in force", lifted: "lifted", expired: "expired" };

/** @param {string} userId */
const userLink = (userId) => html`<a href=${`#/console/users/${enc(userId)}`} data-user-link=${userId}>${userId}</a>`;

/** What every part of the page reloads on: an action on this user reloads them all. */
const USER_TAGS = ["user"];

// --- limits and caps ---------------------------------------------------------------------

/**
 * One window's cell: what is used against the limit ("120 of 300"), or that there is none.
 * @param {number} used @param {number|null|undefined} limit @param {(v: number) => string} show
 */
function usedOf(used, limit, show) {
  if (limit === null || limit === undefined) return html`<span class="muted">${show(used)} · no limit</span>`;
  const over = used >= limit;
  return html`<span class=${over ? "bad-text" : ""}>${show(used)} of ${show(limit)}</span>`;
}

/** @param {import("../types.js").CapsOut} caps */
const capsSet = (caps) => caps.off || [caps.daily, caps.weekly, caps.monthly].some((v) => v !== null);

/**
 * @param {string} label @param {import("../types.js").CapsOut} caps
 * @param {[number, number, number]} used @param {(v: number) => string} show
 */
function capsRow(label, caps, used, show) {
  if (caps.off) return [label, { text: "switched off", class: "bad-text" }, "", ""];
  return [label, usedOf(used[0], caps.daily, show), usedOf(used[1], caps.weekly, show), usedOf(used[2], caps.monthly, show)];
}

/** @param {{safety: import("../types.js").UserSafetyOut}} props */
function LimitsTable({ safety }) {
  const s = safety.spending;
  const coins = (/** @type {number} */ v) => `${formatCount(v)} coins`;
  const spent = /** @type {[number, number, number]} */ ([s.spent.daily_coins, s.spent.weekly_coins, s.spent.monthly_coins]);
  const rows = [["Coins spent, own limit", usedOf(spent[0], s.effective.daily_coins, coins),
    usedOf(spent[1], s.effective.weekly_coins, coins), usedOf(spent[2], s.effective.monthly_coins, coins)]];
  if (capsSet(safety.spending_caps)) rows.push(capsRow("Coins spent, guardian's cap", safety.spending_caps, spent, coins));
  for (const [label, caps] of /** @type {[string, import("../types.js").CapsOut][]} */ (
    [["Buying, own limit", safety.buying_limits], ["Buying, guardian's cap", safety.buying_caps]])) {
    if (!capsSet(caps)) continue;
    const currency = caps.currency || "";
    const b = safety.bought.find((x) => x.currency === currency);
    const used = /** @type {[number, number, number]} */ (b ? [b.today_minor, b.this_week_minor, b.this_month_minor] : [0, 0, 0]);
    rows.push(capsRow(`${label} (${currency})`, caps, used, (v) => formatMoney(v, currency)));
  }
  for (const b of safety.bought) {
    const money = (/** @type {number} */ v) => formatMoney(v, b.currency);
    rows.push([`Platform purchase cap (${b.currency}), last 24 h and 7 days`, usedOf(b.last_24h_minor, b.cap_daily_minor, money),
      usedOf(b.last_7d_minor, b.cap_weekly_minor, money), ""]);
  }
  return html`<${Table} id="user-limits" label="Limits and caps in force, with what is used"
    columns=${[{ label: "Limit" }, { label: "Day" }, { label: "Week" }, { label: "Month" }]} rows=${rows} />
    ${s.pending ? html`<p class="muted small" id="user-limits-pending">A raise to ${[s.pending.limits.daily_coins,
      s.pending.limits.weekly_coins, s.pending.limits.monthly_coins].map((v) => (v === null ? "no limit" : formatCount(v))).join(" / ")}
      coins (day / week / month) applies ${dateTime(s.pending.effective_at)}.</p>` : null}
    ${safety.bought.length ? null : html`<p class="muted small">Nothing bought this month: the platform's purchase caps apply per currency.</p>`}
    <p class="muted small">Days, weeks and months are UTC calendar windows; the platform's caps count the last 24 hours and 7 days.</p>`;
}

// --- guardian links ----------------------------------------------------------------------

/** @param {{link: import("../types.js").GuardianLinkOut, onUnlink: (link: any, reason: string) => void, busy: boolean}} props */
function UnlinkRow({ link, onUnlink, busy }) {
  const reason = useSignal("");
  return html`<div class="review-actions">
    <input aria-label=${`Reason to unlink ${link.guardian_id} from ${link.minor_id}`} placeholder="reason (audited)" maxlength="500"
      value=${reason.value} onInput=${(/** @type {Event} */ e) => { reason.value = /** @type {HTMLInputElement} */ (e.currentTarget).value; }} />
    <button class="danger" data-unlink=${`${link.minor_id}:${link.guardian_id}`} disabled=${busy || reason.value.trim().length < REASON_CHARS_MIN}
      onClick=${() => onUnlink(link, reason.value.trim())}>Unlink</button>
  </div>`;
}

/** @param {{safety: import("../types.js").UserSafetyOut}} props */
function GuardianLinks({ safety }) {
  const unlink = useAction(async (/** @type {import("../types.js").GuardianLinkOut} */ link, /** @type {string} */ reason) => {
    await api.post("/v1/guardians/unlink", { minor_id: link.minor_id, guardian_id: link.guardian_id, reason });
    toast(`${link.guardian_id} is no longer ${link.minor_id}'s guardian.`);
    await invalidate(...USER_TAGS);
  });
  const rows = (/** @type {import("../types.js").GuardianLinkOut[]} */ links, /** @type {"guardian_id"|"minor_id"} */ who) => links.map((l) => [
    userLink(l[who]), dateTime(l.linked_at), l.linked_by,
    html`<${UnlinkRow} key=${`${l.minor_id}:${l.guardian_id}`} link=${l} busy=${unlink.busy} onUnlink=${(...a) => unlink.run(...a)} />`]);
  const columns = (/** @type {string} */ who) => [{ label: who }, { label: "Linked" }, { label: "By" }, { label: "Unlink" }];
  return html`<${ProblemBox} error=${unlink.error} />
    <h3>Guardians of this user</h3>
    <${Table} id="user-guardians" label="Guardians of this user" empty="No guardian." columns=${columns("Guardian")}
      keys=${safety.guardians.map((l) => l.guardian_id)} rows=${rows(safety.guardians, "guardian_id")} />
    <h3>Minors this user is guardian of</h3>
    <${Table} id="user-minors" label="Minors this user is guardian of" empty="None." columns=${columns("Minor")}
      keys=${safety.minors.map((l) => l.minor_id)} rows=${rows(safety.minors, "minor_id")} />
    <p class="muted small">The host links guardians (POST /v1/guardians). Without a guardian left, a minor's guardian caps go.</p>`;
}

/** Limits and caps, and guardian links: one read of the user's safety. */
export function SafetyPanels({ userId }) {
  const query = useQuery(USER_TAGS, async () => /** @type {import("../types.js").UserSafetyOut} */ (
    await api.get(`/v1/admin/users/${enc(userId)}/safety`)), [userId]);
  return html`<${Loaded} query=${query}>${(/** @type {import("../types.js").UserSafetyOut} */ safety) => html`
    <${Panel} title="Limits and caps" id="user-safety"><${LimitsTable} safety=${safety} /><//>
    <${Panel} title="Guardian links" id="user-guardian-links"><${GuardianLinks} safety=${safety} /><//>`}<//>`;
}

// --- freezes and bans --------------------------------------------------------------------

/** @param {{r: import("../types.js").RestrictionOut, onLift: (r: any, reason: string) => void, busy: boolean}} props */
function LiftRow({ r, onLift, busy }) {
  const reason = useSignal("");
  if (r.state !== "in_force") {
    return r.lifted_at ? html`<span class="small">${dateTime(r.lifted_at)} by ${r.lifted_by}${r.lift_reason ? `: ${r.lift_reason}` : ""}</span>` : "";
  }
  return html`<div class="review-actions">
    <input aria-label=${`Reason to lift the ${r.scope} restriction`} placeholder="reason (audited)" maxlength="500"
      value=${reason.value} onInput=${(/** @type {Event} */ e) => { reason.value = /** @type {HTMLInputElement} */ (e.currentTarget).value; }} />
    <button data-lift=${r.id} disabled=${busy || reason.value.trim().length < REASON_CHARS_MIN}
      onClick=${() => onLift(r, reason.value.trim())}>Lift</button>
  </div>`;
}

/** A new freeze or ban: scope, an optional expiry (local time), a reason. */
function RestrictForm({ userId }) {
  const key = useSignal(newKey()); // kept until accepted: a retried submit is applied once
  const act = useAction(async (/** @type {HTMLFormElement} */ form) => {
    const field = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name)).value;
    const untilText = field("until");
    const until = untilText ? new Date(untilText) : null;
    if (until && !(until.getTime() > Date.now())) {
      throw { title: "Invalid expiry", detail: "the expiry must be in the future (leave it empty: until lifted)" };
    }
    const scope = field("scope");
    await api.post(`/v1/admin/users/${enc(userId)}/restrictions`,
      { scope, reason: field("reason").trim(), until: until ? until.toISOString() : undefined }, { key: key.value });
    key.value = newKey();
    toast(`${SCOPE_WORDS[scope] || scope}: in force${until ? ` until ${dateTime(until.toISOString())}` : ""}.`);
    form.reset();
    await invalidate(...USER_TAGS, "economy");
  });
  return html`<form class="inline" id="restrict-form" onSubmit=${(/** @type {Event} */ e) => {
    e.preventDefault();
    act.run(/** @type {HTMLFormElement} */ (e.currentTarget));
  }}>
    <label class="field">What<select name="scope">${SCOPES.map(([v, text]) => html`<option value=${v}>${text}</option>`)}</select></label>
    <label class="field">Until (optional)<input type="datetime-local" name="until" /></label>
    <label class="field grow">Reason (the user reads it; audited)<input name="reason" required minlength=${REASON_CHARS_MIN} maxlength="500" placeholder="why" /></label>
    <button type="submit" class="danger" disabled=${act.busy}>Restrict</button>
    <${ProblemBox} error=${act.error} id="restrict-problem" />
  </form>`;
}

/** Freezes and bans in force and past (newest first), a form for a new one, lifting one. */
export function RestrictionsPanel({ userId }) {
  const query = useQuery(USER_TAGS, async () => /** @type {import("../types.js").RestrictionOut[]} */ (
    await api.get(`/v1/admin/users/${enc(userId)}/restrictions`)), [userId]);
  const lift = useAction(async (/** @type {import("../types.js").RestrictionOut} */ r, /** @type {string} */ reason) => {
    await api.post(`/v1/admin/users/${enc(userId)}/restrictions/${enc(r.id)}/lift`, { reason });
    toast(`${SCOPE_WORDS[r.scope] || r.scope}: lifted.`);
    await invalidate(...USER_TAGS, "economy");
  });
  return html`<${Panel} title="Freezes and bans" id="user-restrictions">
    <${RestrictForm} userId=${userId} />
    <${ProblemBox} error=${lift.error} />
    <${Loaded} query=${query}>${(/** @type {import("../types.js").RestrictionOut[]} */ list) => html`
      <${Table} id="restrictions-table" label="Freezes and bans, newest first" empty="Never restricted."
        keys=${list.map((r) => r.id)}
        columns=${[{ label: "What" }, { label: "State" }, { label: "Why" }, { label: "By" }, { label: "Since" },
          { label: "Until" }, { label: "Lifted / lift" }]}
        rows=${list.map((r) => [SCOPE_WORDS[r.scope] || r.scope,
          html`<span class=${`badge ${STATE_CLASS[r.state] || ""}`} data-state=${r.state}>${STATE_WORDS[r.state] || r.state}</span>`,
          r.reason, html`${r.created_by}${r.source !== "operator" ? html` <span class="muted small">(${r.source})</span>` : null}`,
          dateTime(r.created_at), r.until ? dateTime(r.until) : "until lifted",
          html`<${LiftRow} key=${`${r.id}:${r.state}`} r=${r} busy=${lift.busy} onLift=${(...a) => lift.run(...a)} />`])} />`}<//>
  <//>`;
}

// --- purchases: where the user buys ------------------------------------------------------

/** @param {import("../types.js").PurchaseOut[]} items */
function channelsOf(items) {
  /** @type {Map<string, number>} */
  const seen = new Map();
  for (const p of items) {
    const where = `${p.provider} (${p.channel}), ${p.storefront || p.country}`;
    seen.set(where, (seen.get(where) || 0) + 1);
  }
  return [...seen].map(([where, n]) => `${where} ×${formatCount(n)}`).join(" · ");
}

/** The user's purchases, newest first in pages: store, channel, country, price, status. */
export function PurchasesPanel({ userId }) {
  const cursors = useSignal(/** @type {string[]} */ ([]));
  const query = useQuery(["user", "purchases", String(cursors.value.length)], async () => /** @type {import("../types.js").PurchasePage} */ (
    await api.get(`/v1/admin/users/${enc(userId)}/purchases`, { limit: PURCHASES_PER_PAGE, cursor: cursors.value.at(-1) })),
  [userId, String(cursors.value.length)]);
  return html`<${Panel} title="Purchases" id="user-purchases">
    <${Loaded} query=${query}>${(/** @type {import("../types.js").PurchasePage} */ page) => html`
      ${page.items.length ? html`<p class="small" id="user-channels"><span class="muted">Stores and channels on this page: </span>${channelsOf(page.items)}</p>` : null}
      <${Table} id="user-purchases-table" label="Purchases, newest first" empty="No purchase yet."
        keys=${page.items.map((p) => p.id)}
        columns=${[{ label: "When" }, { label: "Store" }, { label: "Channel" }, { label: "Country" }, { label: "Coins", num: true },
          { label: "Price", num: true }, { label: "Status" }, { label: "Id" }]}
        rows=${page.items.map((p) => [dateTime(p.created_at), p.provider, p.channel,
          p.storefront && p.storefront !== p.country ? `${p.country} (store ${p.storefront})` : p.country,
          formatCount(p.coins), formatMoney(p.price_minor, p.currency),
          html`<span data-status=${p.status}>${p.status}</span>`,
          html`<a href=${`#/console/search/${enc(p.id)}`} title="Look this purchase up">${p.id.slice(0, 8)}…</a>`])} />
      <div class="row">
        ${cursors.value.length ? html`<button type="button" onClick=${() => { cursors.value = cursors.value.slice(0, -1); }}>Previous</button>` : null}
        ${page.next_cursor ? html`<button type="button" id="user-purchases-more"
          onClick=${() => { cursors.value = [...cursors.value, /** @type {string} */ (page.next_cursor)]; }}>Next</button>` : null}
      </div>
      <p class="muted small">A purchase records its store, channel and country; no device id is kept.</p>`}<//>
  <//>`;
}
