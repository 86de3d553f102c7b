// Viewer: coin packages for the user's country on the web channel, and the web checkout.

import { api, newKey } from "../api.js";
import { count } from "../money.js";
import { session } from "../session.js";
import { busy, h, panel, problemBox, replace, showError, toast } from "../ui.js";
import { walletFigures } from "./wallet.js";

const DEMO_CHECKOUT_PREFIX = "/v1/demo/checkout/";

function packageCard(pack, onBuy) {
  const button = h("button", { class: "primary", dataset: { coins: pack.coins } }, "Buy");
  button.addEventListener("click", () => onBuy(pack, button));
  return h("div", { class: `figure package${pack.best_value ? " best" : ""}`,
    dataset: { coins: pack.coins } },
  pack.best_value ? h("span", { class: "badge best" }, "Best value") : null,
  h("div", { class: "coins" }, `${count(pack.coins)}`),
  h("div", { class: "muted small" }, "coins"),
  h("div", { class: "price" }, pack.price_text),
  h("div", { class: "muted small" }, `${pack.price_per_100_coins_text} per 100 coins`),
  button);
}

/** The demo checkout's pay step, in a dialog: nothing is charged, the server signs a test
 * webhook and runs it through the real Stripe handler. */
function demoPay(session_, pack) {
  return new Promise((resolve) => {
    const errors = h("div");
    const pay = h("button", { class: "primary", id: "demo-pay" }, `Pay ${pack.price_text}`);
    const cancel = h("button", {}, "Cancel");
    const dialog = h("dialog", { id: "demo-checkout" },
      h("p", {}, h("span", { class: "demo-tag" }, "DEMO"), " No real payment is made."),
      h("h2", {}, `${count(pack.coins)} coins for ${pack.price_text}`),
      h("p", { class: "muted small" }, "Checkout session ", h("code", { class: "mono" },
        session_.session_id)),
      errors, h("div", { class: "row" }, pay, cancel));
    document.body.append(dialog);
    dialog.showModal();
    const close = (outcome) => { dialog.close(); dialog.remove(); resolve(outcome); };
    cancel.addEventListener("click", () => close(null));
    pay.addEventListener("click", async () => {
      const done = await busy(pay, errors,
        () => api.post(`${session_.checkout_url}/complete`));
      if (done) close(done.outcome);
    });
  });
}

export async function showBuy(view) {
  const figures = h("div", { class: "grid cards", id: "wallet" });
  const errors = h("div", { id: "buy-errors" });
  const packs = h("div", { class: "grid cards", id: "packages" }, h("p", { class: "muted" }, "Loading…"));
  const note = h("p", { class: "muted small" });
  replace(view, h("h1", {}, "Buy coins"), figures, panel(null,
    h("div", { class: "panel-head" }, h("h2", {}, "Coin packages"), note), errors, packs));
  walletFigures(figures, null);

  async function buy(pack, button) {
    const opened = await busy(button, errors, () => api.post("/v1/checkout/sessions",
      { coins: pack.coins }, { key: newKey() }));
    if (!opened) return;
    if (!opened.checkout_url.startsWith(DEMO_CHECKOUT_PREFIX)) {
      location.href = opened.checkout_url; // Stripe's hosted page; it comes back to /?checkout=
      return;
    }
    const outcome = await demoPay(opened, pack);
    if (outcome) {
      toast(`Bought ${count(pack.coins)} coins.`);
      await walletFigures(figures, null);
    }
  }

  try {
    const me = await api.get(`/v1/users/${encodeURIComponent(session.userId)}`);
    const list = await api.get("/v1/packages", { country: me.country, channel: "web" });
    replace(note, `Web prices for ${list.country} in ${list.currency}`,
      list.fell_back ? ` (no list for ${list.requested_country}: showing ${list.country})` : "",
      ". Cheaper than in the app stores.");
    replace(packs, list.packages.map((pack) => packageCard(pack, buy)));
  } catch (error) {
    replace(packs);
    showError(errors, error);
  }
}
