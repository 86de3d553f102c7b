// @ts-check
// Viewer: wallet (coins, diamonds, a truthful status, level and badges), the plain-language
// statement (paged, CSV with details) and spending limits.

import { api, enc } from "../api.js";
import { html, useSignal } from "../lib.js";
import { coins, formatCount, signedCount } from "../money.js";
import { invalidate, useQuery } from "../query.js";
import { session } from "../session.js";
import { csvRows, describeGroups, groupLines } from "../statement.js";
import * as names from "../names.js";
import { StatusCard, restrictionsOf } from "../status.js";
import { MinorsPanel } from "./family.js";
import {
  Figure, Loaded, Panel, ProblemBox, Table, csv, dateTime, download, toast, useAction,
} from "../ui.js";

const PAGE_SIZE = 15;
/** A CSV export reads at most this many pages of the statement (a bound on one click). */
const EXPORT_PAGES_MAX = 50;
const EXPORT_PAGE_SIZE = 500;

/**
 * Every restriction in force (the truthful status): one's own, or, for an operator, the
 * user's. Null when it cannot be read: the card then falls back to what the user and wallet say.
 * @param {string|null} userId
 * @returns {Promise<import("../types.js").StatusOut|null>}
 */
export function userStatus(userId) {
  return api.get(userId ? `/v1/admin/users/${enc(userId)}/status` : "/v1/me/status")
    .catch(() => null);
}

/** @param {string|null} userId the user to show (an operator's lookup), or null for oneself */
function walletQuery(userId) {
  return useQuery(["wallet"], async () => {
    const id = userId || session.userId;
    /** @type {[import("../types.js").WalletOut, import("../types.js").UserOut, import("../types.js").StatusOut|null]} */
    const [wallet, user, status] = await Promise.all([
      api.get("/v1/wallet", userId ? { user_id: userId } : undefined),
      api.get(`/v1/users/${enc(/** @type {string} */ (id))}`),
      userStatus(userId),
    ]);
    // A creator's diamonds: on hold and withdrawable as the earnings say (one truth with the
    // creator studio). The operator reads a creator's wallet only.
    /** @type {import("../types.js").EarningsOut|null} */
    const earnings = user.is_creator && !userId
      ? await api.get("/v1/creator/earnings").catch(() => null) : null;
    return { wallet, user, earnings, status };
  }, [userId]);
}

/** Coins, diamonds and the status card for one user. */
/** `status`: false where the page shows the user's status card already (the console's user). */
export function WalletFigures({ userId = null, children = null, status: showStatus = true }) {
  const query = walletQuery(userId);
  return html`<${Loaded} query=${query}>${({ wallet, user, earnings, status }) => html`
    <div class="grid cards" id="wallet">
      <${Figure} label="Coins" klass="coin" id="wallet-coins" value=${formatCount(wallet.coins)}
        sub=${wallet.coins_available !== wallet.coins
          ? `${formatCount(wallet.coins_available)} available (the rest held by a promotion)`
          : "available to spend"} />
      ${user.is_creator || wallet.diamonds ? html`<${Figure} label="Diamonds" klass="diamond"
        id="wallet-diamonds" value=${formatCount(wallet.diamonds)}
        sub=${earnings ? html`<span id="wallet-diamonds-split">${formatCount(earnings.diamonds_on_hold)} on hold · ${formatCount(earnings.diamonds_withdrawable)} withdrawable</span>`
          : "earned from gifts"} />` : null}
      ${showStatus ? html`<${StatusCard} restrictions=${restrictionsOf({ user, wallet, status })} />` : null}
      ${children}
    </div>`}<//>`;
}

function LevelCard() {
  const query = useQuery(["gifter"], async () => /** @type {import("../types.js").GifterOut} */ (await api.get(`/v1/users/${enc(/** @type {string} */ (session.userId))}/gifter`)));
  return html`<${Loaded} query=${query}>${(/** @type {import("../types.js").GifterOut} */ g) => html`
    <div class="figure level-card" id="gifter">
      <div class="label">Gifter level</div>
      <div class="value"><span id="gifter-level">Level ${g.level}</span>
        ${g.badges.map((b) => html` <span class=${`badge tier-${b}`} data-badge=${b}>${badgeName(b)}</span>`)}</div>
      <div class="sub">${g.coins_to_next_level === null ? "Top level reached"
        : `${coins(g.coins_to_next_level)} more to level ${g.level + 1}`} · ${coins(g.lifetime_coins)} given in all</div>
    </div>`}<//>`;
}

/** @param {string} badge */
export function badgeName(badge) {
  const top = /^top(\d)$/.exec(badge);
  if (top) return `Top ${top[1]} gifter`;
  return badge[0].toUpperCase() + badge.slice(1);
}

const KINDS = [["", "Everything"], ["purchase", "Purchases"], ["gift_sent", "Gifts sent"],
  ["gift_received", "Gifts received"], ["promotion", "Promotions"], ["withdrawal", "Withdrawals"],
  ["operator_grant", "Operator changes"], ["refund_clawback", "Refunds"]];

/** The statement, one page at a time (cursor stack for Newer), in plain language. */
export function StatementPanel({ userId = null }) {
  const kind = useSignal("");
  const cursors = useSignal(/** @type {(string|null)[]} */ ([null]));
  const query = useQuery(["statement", "wallet"], async () => {
    const cursor = cursors.value[cursors.value.length - 1];
    /** @type {import("../types.js").StatementOut} */
    const page = await api.get("/v1/wallet/statement",
      { kind: kind.value, user_id: userId, limit: PAGE_SIZE, cursor });
    const catalog = await names.gifts();
    const rows = await describeGroups(groupLines(page.items,
      (id) => catalog.get(id)?.streakable ?? false));
    return { rows, next: page.next_cursor };
  }, [userId, kind.value, cursors.value]);
  const exporting = useAction(async () => {
    const lines = [];
    let cursor = null;
    for (let i = 0; i < EXPORT_PAGES_MAX; i += 1) {
      const page = await api.get("/v1/wallet/statement",
        { kind: kind.value, user_id: userId, limit: EXPORT_PAGE_SIZE, cursor });
      lines.push(...page.items);
      cursor = page.next_cursor;
      if (!cursor) break;
    }
    const catalog = await names.gifts();
    const rows = await describeGroups(groupLines(lines, (id) => catalog.get(id)?.streakable ?? false));
    download(`statement-${userId || session.userId}.csv`, csv(csvRows(rows)));
  });
  const actions = html`
    <select aria-label="Show" value=${kind.value}
      onChange=${(e) => { kind.value = e.currentTarget.value; cursors.value = [null]; }}>
      ${KINDS.map(([k, label]) => html`<option value=${k}>${label}</option>`)}
    </select>
    <button id="statement-csv" disabled=${exporting.busy} onClick=${() => exporting.run()}>Download CSV</button>`;
  return html`<${Panel} title="Statement" actions=${actions}>
    <${ProblemBox} error=${exporting.error} />
    <div id="statement"><${Loaded} query=${query}>${({ rows, next }) => html`
      <${Table} empty="No movements yet." keys=${rows.map((r) => r.key)}
        columns=${[{ label: "When" }, { label: "What" }, { label: "Change", num: true }]}
        rows=${rows.map((r) => [
          html`<span class="when">${dateTime(r.when)}</span>`,
          html`<div class="what" data-kind=${r.kind}>${r.what}</div>
            ${r.stream ? html`<div class="muted small">in ${r.stream}</div>` : null}
            ${r.message ? html`<div class="small message">“${r.message}”</div>` : null}
            ${r.outcome ? html`<div class="muted small outcome">${r.outcome}</div>` : null}
            ${r.state !== "Done" ? html`<div class="muted small">${r.state}</div>` : null}`,
          { text: html`${signedCount(r.change)} <span class="unit">${r.asset === "COIN" ? "coins" : "diamonds"}</span>`,
            class: r.change < 0 ? "neg" : r.change > 0 ? "pos" : "" },
        ])} />
      <div class="pager">
        <button disabled=${cursors.value.length <= 1}
          onClick=${() => { cursors.value = cursors.value.slice(0, -1); }}>← Newer</button>
        <button disabled=${!next}
          onClick=${() => { cursors.value = [...cursors.value, next]; }}>Older →</button>
      </div>`}<//></div>
  <//>`;
}

const WINDOWS = /** @type {const} */ (["daily", "weekly", "monthly"]);

function LimitsPanel() {
  const query = useQuery(["limits"], async () => /** @type {import("../types.js").LimitsViewOut} */ (await api.get("/v1/me/limits")));
  const save = useAction(async (/** @type {HTMLFormElement} */ form) => {
    /** @type {Record<string, number|null>} */
    const values = {};
    for (const w of WINDOWS) {
      const text = /** @type {HTMLInputElement} */ (form.elements.namedItem(w)).value.trim().replace(/[,.\s]/g, "");
      if (text !== "" && !/^\d+$/.test(text)) {
        throw { title: "Invalid limit", detail: `${w}: a whole number of coins, or empty for no limit` };
      }
      values[`${w}_coins`] = text === "" ? null : Number(text);
    }
    const view = await api.put("/v1/me/limits", values);
    toast(view.pending ? "Saved: the raise applies after the 24-hour cooling-off." : "Limits saved.");
    await invalidate("limits");
  });
  return html`<${Panel} title="Spending limits"><${Loaded} query=${query}>${(view) => html`
    <p class="muted small">Lowering a limit applies at once; raising one waits 24 hours. Empty
      means no limit, 0 means no spending.</p>
    <form class="inline" id="limits-form" onSubmit=${(e) => { e.preventDefault(); save.run(e.currentTarget); }}>
      ${WINDOWS.map((w) => html`<label class="field">${w[0].toUpperCase() + w.slice(1)} limit (coins)
        <input name=${w} inputmode="numeric" placeholder="no limit"
          value=${view.effective[`${w}_coins`] ?? ""} /></label>`)}
      <button class="primary" type="submit" disabled=${save.busy}>Save limits</button>
    </form>
    ${view.pending ? html`<div class="notice">Raise pending until ${dateTime(view.pending.effective_at)}: ${
      WINDOWS.map((w) => `${w} ${limitText(view.pending.limits[`${w}_coins`])}`).join(", ")}</div>` : null}
    <${ProblemBox} error=${save.error} />
    <${Table} columns=${[{ label: "Window" }, { label: "Spent", num: true }, { label: "Limit", num: true }]}
      rows=${WINDOWS.map((w) => [w, formatCount(view.spent[`${w}_coins`]), limitText(view.effective[`${w}_coins`])])} />`}<//>
  <//>`;
}

function limitText(value) {
  return value === null || value === undefined ? "none" : formatCount(value);
}

const CLUB_STATE = (m) => (m.active ? `active until ${dateTime(m.lapses_at)} without activity` : "lapsed");

/** The fan clubs this viewer joined, with their level in each. */
function FanClubsPanel() {
  const clubs = useQuery(["my-clubs"], async () => {
    const { items } = await api.get("/v1/me/fan-clubs");
    const who = await names.displayNames(items.map((m) => m.creator_id));
    return items.map((m) => ({ ...m, creator: who.get(m.creator_id) || m.creator_id }));
  });
  return html`<${Panel} title="My fan clubs" id="my-clubs"><${Loaded} query=${clubs}>${(items) => html`
    <${Table} empty="No fan clubs yet: send a creator their club gift in a LIVE to join."
      keys=${items.map((m) => m.creator_id)}
      columns=${[{ label: "Creator" }, { label: "Level", num: true }, { label: "Points", num: true }, { label: "Membership" }]}
      rows=${items.map((m) => [m.creator, `${m.level}`, formatCount(m.points), CLUB_STATE(m)])} />`}<//><//>`;
}

export function WalletScreen() {
  return html`<h1>Wallet</h1>
    <${WalletFigures}><${LevelCard} /><//>
    <${StatementPanel} />
    <${LimitsPanel} />
    <${MinorsPanel} />
    <${FanClubsPanel} />`;
}
