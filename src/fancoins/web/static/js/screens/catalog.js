// @ts-check
// The console's catalog and prices: every gift (retired ones too) with its price, name and
// countries, edited in place through the admin gift API (a changed price applies to gifts sent
// from then on; gifts already sent keep theirs), and a country's coin packages on a channel
// with their prices, edited through the price-list API (audited, with a reason; purchases
// already made keep the price they were bought at).

import { api, enc } from "../api.js";
import { html, useSignal } from "../lib.js";
import { CURRENCY_EXPONENTS, decimalString, formatCount, formatMoney, parseMajor } from "../money.js";
import { invalidate, useQuery } from "../query.js";
import { Loaded, Panel, ProblemBox, Table, toast, useAction } from "../ui.js";

const CHANNELS = ["ios", "android", "web"];

/** @param {string} currency */
const exponentOf = (currency) => CURRENCY_EXPONENTS[/** @type {keyof CURRENCY_EXPONENTS} */ (currency)] ?? 2;

/** @param {{gift: import("../types.js").GiftOut, onDone: () => void}} props */
function GiftEditor({ gift, onDone }) {
  const save = useAction(async (/** @type {HTMLFormElement} */ form) => {
    const data = new FormData(form);
    const price = Number(String(data.get("price_coins") || "").trim());
    if (!Number.isSafeInteger(price) || price < 1) throw new Error("The price is a whole number of coins, 1 or more.");
    /** @type {Record<string, any>} */
    const changes = {};
    const name = String(data.get("name") || "").trim();
    if (name !== gift.name) changes.name = name;
    if (price !== gift.price_coins) changes.price_coins = price;
    if (Object.keys(changes).length) {
      await api.patch(`/v1/admin/gifts/${enc(gift.id)}`, changes);
      toast(`${name} saved.`);
      await invalidate("gift-catalog");
    }
    onDone();
  });
  return html`<form class="row" id="gift-edit" data-gift=${gift.id}
    onSubmit=${(/** @type {Event} */ e) => { e.preventDefault(); save.run(e.currentTarget); }}>
    <${ProblemBox} error=${save.error} />
    <label class="field">Name<input name="name" required maxlength="64" value=${gift.name} /></label>
    <label class="field">Price (coins)<input name="price_coins" required inputmode="numeric" value=${String(gift.price_coins)} /></label>
    <button class="primary" type="submit" disabled=${save.busy}>Save</button>
    <button type="button" onClick=${onDone}>Cancel</button>
  </form>`;
}

function GiftCatalog() {
  const editing = useSignal(/** @type {string|null} */ (null));
  const query = useQuery(["gift-catalog"], async () => /** @type {import("../types.js").GiftOut[]} */ (
    await api.get("/v1/admin/gifts")), []);
  const toggle = useAction(async (/** @type {import("../types.js").GiftOut} */ g) => {
    await api.patch(`/v1/admin/gifts/${enc(g.id)}`, { active: !g.active });
    toast(g.active ? `${g.name} retired: no longer offered.` : `${g.name} offered again.`);
    await invalidate("gift-catalog");
  });
  return html`<${Panel} title="Gift catalog" id="gift-catalog">
    <p class="muted small">A new price applies to gifts sent from now on; gifts already sent keep theirs. Changes are audited.</p>
    <${ProblemBox} error=${toggle.error} />
    <${Loaded} query=${query}>${(/** @type {import("../types.js").GiftOut[]} */ list) => html`
      <${Table} id="gifts-table" label="Gifts" empty="No gifts yet." keys=${list.map((g) => g.id)}
        columns=${[{ label: "Gift" }, { label: "Id" }, { label: "Price (coins)", num: true }, { label: "Combo" },
          { label: "Countries" }, { label: "State" }, { label: "" }]}
        rows=${list.map((g) => [g.name, html`<code>${g.id}</code>`, formatCount(g.price_coins), g.streakable ? "yes" : "no",
          g.countries ? g.countries.join(", ") : "all",
          html`<span class=${`badge ${g.active ? "ok" : "warn"}`} data-state=${g.active ? "active" : "retired"}>${g.active ? "offered" : "retired"}</span>`,
          html`<span class="row"><button type="button" data-edit=${g.id} onClick=${() => { editing.value = g.id; }}>Edit</button>
            <button type="button" data-toggle=${g.id} disabled=${toggle.busy} onClick=${() => toggle.run(g)}>${g.active ? "Retire" : "Offer again"}</button></span>`])} />
      ${list.filter((g) => g.id === editing.value).map((g) => html`<${GiftEditor} key=${g.id} gift=${g}
        onDone=${() => { editing.value = null; }} />`)}`}<//>
  <//>`;
}

/** @param {{list: import("../types.js").PackagesAdminOut}} props */
function PriceEditor({ list }) {
  const save = useAction(async (/** @type {HTMLFormElement} */ form) => {
    const data = new FormData(form);
    const packages = [];
    for (const p of list.packages) {
      const text = String(data.get(`price-${p.coins}`) || "");
      const minor = parseMajor(text, list.currency);
      if (minor === null || minor < 1) throw new Error(`“${text}” is not a price in ${list.currency}.`);
      if (minor !== p.price_minor) packages.push({ coins: p.coins, price_minor: minor });
    }
    if (!packages.length) throw new Error("No price was changed.");
    await api.patch(`/v1/admin/packages/${enc(list.country)}/${enc(list.channel)}`, {
      packages, reason: String(data.get("reason") || "").trim() });
    toast(`Prices saved for ${list.country} on ${list.channel}.`);
    await invalidate("price-list");
  });
  return html`<form id="price-edit" onSubmit=${(/** @type {Event} */ e) => { e.preventDefault(); save.run(e.currentTarget); }}>
    <${ProblemBox} error=${save.error} />
    <${Table} id="prices-table" label="Coin packages"
      columns=${[{ label: "Coins", num: true }, { label: "Product" }, { label: "Price shown" }, { label: "Per 100 coins" },
        { label: `New price (${list.currency})` }]}
      rows=${list.packages.map((p) => [formatCount(p.coins), html`<code>${p.product_id}</code>`, p.price_text,
        p.price_per_100_coins_text,
        html`<input name=${`price-${p.coins}`} aria-label=${`Price of ${p.coins} coins in ${list.currency}`} inputmode="decimal" size="8"
          value=${decimalString(p.price_minor, exponentOf(list.currency))} />`])} />
    <div class="row">
      <label class="field grow">Reason (audited)<input name="reason" required maxlength="500" /></label>
      <button class="primary" type="submit" disabled=${save.busy}>Save prices</button>
    </div>
  </form>`;
}

function PriceLists() {
  const chosen = useSignal({ country: "US", channel: "web" });
  const query = useQuery(["price-list", chosen.value.country, chosen.value.channel], async () => /** @type {import("../types.js").PackagesAdminOut} */ (
    await api.get("/v1/packages", { country: chosen.value.country, channel: chosen.value.channel })),
  [chosen.value.country, chosen.value.channel]);
  return html`<${Panel} title="Coin packages and prices" id="price-lists">
    <form class="row" id="price-choose" onSubmit=${(/** @type {Event} */ e) => {
      e.preventDefault();
      const form = /** @type {HTMLFormElement} */ (e.currentTarget);
      const data = new FormData(form);
      chosen.value = { country: String(data.get("country") || "").trim().toUpperCase(), channel: String(data.get("channel")) };
    }}>
      <label class="field">Country<input name="country" required pattern="[A-Za-z]{2}" maxlength="2" size="3" value=${chosen.value.country} /></label>
      <label class="field">Channel<select name="channel">${CHANNELS.map((c) => html`<option value=${c} selected=${c === chosen.value.channel}>${c}</option>`)}</select></label>
      <button type="submit">Show</button>
    </form>
    <${Loaded} query=${query}>${(/** @type {import("../types.js").PackagesAdminOut} */ list) => html`<div id="price-list"
      data-country=${list.country} data-channel=${list.channel}>
      <p class="muted small">${list.fell_back
        ? `${list.requested_country} has no list of its own on ${list.channel}: buyers there see ${list.country}'s, shown here. Set one with PUT /v1/admin/packages/${list.requested_country}/${list.channel}.`
        : `${list.country} on ${list.channel}, in ${list.currency} (${list.locale}). Purchases already made keep their price.`}</p>
      ${list.fell_back ? html`<${Table} id="prices-table" label="Coin packages"
          columns=${[{ label: "Coins", num: true }, { label: "Price" }, { label: "Per 100 coins" }]}
          rows=${list.packages.map((p) => [formatCount(p.coins), formatMoney(p.price_minor, p.currency), p.price_per_100_coins_text])} />`
        : html`<${PriceEditor} key=${`${list.country}-${list.channel}`} list=${list} />`}
    </div>`}<//>
  <//>`;
}

export function CatalogPage() {
  return html`<${GiftCatalog} /><${PriceLists} />`;
}
