// @ts-check
// Viewer: coin packages for the user's country on the web channel, and the web checkout.
// Prices, per-100 prices and coin counts share the price list's locale.

import { api, enc, newKey } from "../api.js";
import { html, useSignal } from "../lib.js";
import { bestValue, coins, formatCount, formatMoney, perHundred } from "../money.js";
import { invalidate, useQuery } from "../query.js";
import { session } from "../session.js";
import { Loaded, Panel, ProblemBox, toast, useAction } from "../ui.js";
import { WalletFigures } from "./wallet.js";

const DEMO_CHECKOUT_PREFIX = "/v1/demo/checkout/";

/** The demo checkout's pay step: nothing is charged, the server signs a test webhook and runs
 * it through the real Stripe handler. */
function DemoPay({ opened, pack, locale, onDone }) {
  const pay = useAction(async () => {
    const done = await api.post(`${opened.checkout_url}/complete`);
    onDone(done.outcome);
  });
  const price = formatMoney(pack.price_minor, pack.currency, { locale });
  return html`<dialog id="demo-checkout" open aria-labelledby="demo-title" class="modal">
    <p><span class="demo-tag">DEMO</span> No real payment is made.</p>
    <h2 id="demo-title">${formatCount(pack.coins, locale)} coins for ${price}</h2>
    <p class="muted small">Checkout session <code class="mono">${opened.session_id}</code></p>
    <${ProblemBox} error=${pay.error} />
    <div class="row">
      <button class="primary" id="demo-pay" disabled=${pay.busy} onClick=${() => pay.run()}>Pay ${price}</button>
      <button onClick=${() => onDone(null)}>Cancel</button>
    </div>
  </dialog>`;
}

function Package({ pack, best, locale, onBuy, busy }) {
  return html`<div class=${`figure package${best ? " best" : ""}`} data-coins=${pack.coins}>
    ${best ? html`<span class="badge best">Best value</span>` : null}
    <div class="coins">${formatCount(pack.coins, locale)}</div>
    <div class="muted small">coins</div>
    <div class="price">${formatMoney(pack.price_minor, pack.currency, { locale })}</div>
    <div class="muted small per100">${perHundred(pack.price_minor, pack.coins, pack.currency, locale)} per 100 coins</div>
    <button class="primary" data-coins=${pack.coins} disabled=${busy} onClick=${() => onBuy(pack)}>Buy</button>
  </div>`;
}

export function BuyScreen() {
  const open = useSignal(/** @type {any} */ (null));
  const query = useQuery(["packages"], async () => {
    const me = await api.get(`/v1/users/${enc(/** @type {string} */ (session.userId))}`);
    /** @type {import("../types.js").PackagesOut} */
    const list = await api.get("/v1/packages", { country: me.country, channel: "web" });
    return list;
  });
  const buy = useAction(async (pack) => {
    /** @type {import("../types.js").CheckoutOut} */
    const opened = await api.post("/v1/checkout/sessions", { coins: pack.coins }, { key: newKey() });
    if (!opened.checkout_url.startsWith(DEMO_CHECKOUT_PREFIX)) {
      location.href = opened.checkout_url; // Stripe's hosted page; it comes back to /?checkout=
      return;
    }
    open.value = { opened, pack };
  });
  async function done(outcome, list) {
    const pack = open.value?.pack;
    open.value = null;
    if (outcome === "held" && pack) {
      // Paid, not failed: a velocity rule holds it for review; credited once released.
      toast(`Payment received: ${coins(pack.coins, list.locale)} held for review, credited once approved.`);
    } else if (outcome && pack) {
      toast(`Bought ${coins(pack.coins, list.locale)}.`);
      await invalidate("wallet", "statement", "gifter");
    }
  }
  return html`<h1>Buy coins</h1>
    <${WalletFigures} />
    <${Loaded} query=${query}>${(list) => {
      const best = bestValue(list.packages);
      return html`<${Panel} title="Coin packages">
        <p class="muted small" id="price-note">Web prices for ${list.country} in ${list.currency}${
          list.fell_back ? ` (no list for ${list.requested_country}: showing ${list.country})` : ""}.
          Cheaper than in the app stores.</p>
        <div id="buy-errors"><${ProblemBox} error=${buy.error} /></div>
        <div class="grid cards" id="packages">
          ${list.packages.map((pack) => html`<${Package} key=${pack.product_id} pack=${pack}
            best=${pack.product_id === best} locale=${list.locale} busy=${buy.busy}
            onBuy=${(p) => buy.run(p)} />`)}
        </div>
        ${open.value ? html`<${DemoPay} opened=${open.value.opened} pack=${open.value.pack}
          locale=${list.locale} onDone=${(outcome) => done(outcome, list)} />` : null}
      <//>`;
    }}<//>`;
}
