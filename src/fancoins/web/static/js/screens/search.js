// @ts-check
// The console's search: users by name or id prefix (each linking to their page), and a lookup
// of one id — a purchase, a withdrawal, a promotion or a ledger transfer (a purchase and the
// transfer booking it may share an id, so every kind found is shown).

import { ApiError, api, enc } from "../api.js";
import { html, useEffect, useSignal } from "../lib.js";
import { formatCount, formatMoney } from "../money.js";
import { useQuery } from "../query.js";
import { Loaded, Panel, ProblemBox, Table, dateTime, useAction } from "../ui.js";

const USERS_PER_PAGE = 25;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** @param {string} userId */
const userLink = (userId) => html`<a href=${`#/console/users/${enc(userId)}`} data-user-link=${userId}>${userId}</a>`;

function UserResults({ text }) {
  const cursors = useSignal(/** @type {string[]} */ ([]));
  const query = useQuery(["user-search", text, String(cursors.value.length)], async () => /** @type {import("../types.js").UserPage} */ (
    await api.get("/v1/admin/users", { q: text, limit: USERS_PER_PAGE, cursor: cursors.value.at(-1) })),
  [text, cursors.value.length]);
  return html`<${Loaded} query=${query}>${(/** @type {import("../types.js").UserPage} */ page) => html`
    <${Table} id="user-results" label="Users found" empty=${`No user's id starts with “${text}” or name holds it.`}
      keys=${page.items.map((u) => u.id)}
      columns=${[{ label: "Id" }, { label: "Name" }, { label: "Country" }, { label: "Creator" }, { label: "State" }, { label: "Since" }]}
      rows=${page.items.map((u) => [userLink(u.id), u.display_name, u.country, u.is_creator ? "creator" : "",
        u.frozen ? html`<span class="badge bad">frozen</span>` : html`<span class="badge ok">active</span>`, dateTime(u.created_at)])} />
    <div class="row">
      ${cursors.value.length ? html`<button type="button" onClick=${() => { cursors.value = cursors.value.slice(0, -1); }}>Previous</button>` : null}
      ${page.next_cursor ? html`<button type="button" id="user-results-more"
        onClick=${() => { cursors.value = [...cursors.value, /** @type {string} */ (page.next_cursor)]; }}>Next</button>` : null}
    </div>`}<//>`;
}

/** @param {{rows: [string, any][], id: string, title: string}} props */
function Facts({ rows, id, title }) {
  return html`<div class="found" id=${id}><h3>${title}</h3>
    <dl class="facts">${rows.map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}</dl></div>`;
}

/** @param {{found: import("../types.js").LookupOut}} props */
function Found({ found }) {
  const { purchase: p, withdrawal: w, promotion: m, transfer: t } = found;
  return html`<div id="lookup-found" data-id=${found.id}>
    ${p ? html`<${Facts} id="found-purchase" title="Purchase" rows=${[
      ["Buyer", userLink(p.user_id)], ["Status", p.status], ["Coins", formatCount(p.coins)],
      ["Price", formatMoney(p.price_minor, p.currency)], ["Store", `${p.provider} (${p.channel}), ${p.country}`],
      ["Product", p.product_id], ["Coins clawed back", formatCount(p.coins_clawed_back)],
      ["Created", dateTime(p.created_at)], ["Fulfilled", p.fulfilled_at ? dateTime(p.fulfilled_at) : "–"]]} />` : null}
    ${w ? html`<${Facts} id="found-withdrawal" title="Withdrawal" rows=${[
      ["Creator", userLink(w.user_id)], ["Status", w.status], ["Amount", formatMoney(w.amount_minor, w.currency)],
      ["Diamonds", formatCount(w.diamonds)], ["PayPal", w.paypal_email], ["Attempts", formatCount(w.submit_attempts)],
      ["Last error", w.last_error || "–"], ["Created", dateTime(w.created_at)], ["Updated", dateTime(w.updated_at)]]} />` : null}
    ${m ? html`<${Facts} id="found-promotion" title="Promotion" rows=${[
      ["Promoter", userLink(m.user_id)], ["Status", m.status], ["Video", m.video_id], ["Objective", m.objective],
      ["Budget", `${formatCount(m.budget_coins)} coins`], ["Spent", `${formatCount(m.spent_coins)} coins`],
      ["Held", `${formatCount(m.held_coins)} coins`], ["Returned", `${formatCount(m.returned_coins)} coins`],
      ["Runs", `${dateTime(m.starts_at)} – ${dateTime(m.ends_at)}`]]} />` : null}
    ${t ? html`<${Facts} id="found-transfer" title="Ledger transfer" rows=${[
      ["Code", t.code], ["Amount", `${formatCount(t.amount)} ${t.asset}`], ["From (debit)", t.debit_account_id],
      ["To (credit)", t.credit_account_id], ["Flags", t.flags.join(", ") || "–"],
      ["Pending", t.pending_status ? `${t.pending_status} ${t.pending_id || ""}` : "–"], ["Created", dateTime(t.created_at)]]} />` : null}
  </div>`;
}

/** @param {{initial?: string|null}} props  an id to look up at once (a link from another page) */
function Lookup({ initial = null }) {
  const found = useSignal(/** @type {import("../types.js").LookupOut|null} */ (null));
  const find = useAction(async (/** @type {string} */ text) => {
    found.value = null;
    if (!UUID.test(text)) throw new Error("Ids of purchases, withdrawals, promotions and transfers look like 0190b7c2-…-… (36 characters).");
    try {
      found.value = await api.get(`/v1/admin/lookup/${enc(text)}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        throw new ApiError(404, { title: "Nothing has this id", detail: "No purchase, withdrawal, promotion or transfer." });
      }
      throw error;
    }
  });
  useEffect(() => { if (initial) find.run(initial); }, [initial]);
  return html`<form class="row" id="lookup" onSubmit=${(/** @type {Event} */ e) => {
    e.preventDefault();
    const input = /** @type {HTMLInputElement} */ (/** @type {HTMLFormElement} */ (e.currentTarget).elements.namedItem("id"));
    find.run(input.value.trim());
  }}>
    <label class="field grow">Id<input name="id" required autocomplete="off" value=${initial || ""} spellcheck="false" placeholder="a purchase, withdrawal, promotion or transfer id" /></label>
    <button class="primary" type="submit" disabled=${find.busy}>Look up</button>
  </form>
  <${ProblemBox} error=${find.error} id="lookup-problem" />
  ${found.value ? html`<${Found} found=${found.value} />` : null}`;
}

/** @param {{lookupId?: string|null}} props  `#/console/search/<id>` looks that id up */
export function SearchPage({ lookupId = null }) {
  const text = useSignal("");
  return html`<${Panel} title="Find a user">
      <form class="row" id="user-search" onSubmit=${(/** @type {Event} */ e) => {
        e.preventDefault();
        const input = /** @type {HTMLInputElement} */ (/** @type {HTMLFormElement} */ (e.currentTarget).elements.namedItem("q"));
        text.value = input.value.trim();
      }}>
        <label class="field grow">Name or id<input name="q" required maxlength="100" autocomplete="off" placeholder="part of a name, or the start of an id" /></label>
        <button class="primary" type="submit">Search</button>
      </form>
      ${text.value ? html`<${UserResults} key=${text.value} text=${text.value} />` : null}
    <//>
    <${Panel} title="Look up an id"><${Lookup} key=${lookupId || ""} initial=${lookupId} /><//>`;
}
