// Operator console: the economy (figures, charts, ledger check), user lookup with freeze and
// audited adjustments, and the withdrawals review queue.

import { api, newKey } from "../api.js";
import { barChart } from "../chart.js";
import { count, formatMinor, money } from "../money.js";
import { busy, figure, h, panel, problemBox, replace, showError, table, toast, dateTime }
  from "../ui.js";
import { statementPanel, walletFigures } from "./wallet.js";

const REFRESH_MS = 10_000;

function minutes(perMinute, asOf, span = 60) {
  // Every minute of the window, gaps as zero, oldest first.
  const byMinute = new Map(perMinute.map((m) => [Date.parse(m.minute), m]));
  const last = Math.floor(Date.parse(asOf) / 60000) * 60000;
  const points = [];
  for (let i = span - 1; i >= 0; i -= 1) {
    const at = last - i * 60000;
    const found = byMinute.get(at);
    const label = new Date(at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
    points.push({ label, value: found ? found.gifts : 0,
      title: `${label}: ${count(found ? found.gifts : 0)} gifts, ${count(found ? found.coins : 0)} coins` });
  }
  return points;
}

function currencyTable(currencies) {
  const m = (c, v) => formatMinor(v, c.currency, c.exponent);
  return table(
    [{ label: "Currency" }, { label: "Sales", num: true }, { label: "Refunds", num: true },
      { label: "Store fees", num: true }, { label: "Taxes", num: true },
      { label: "Net revenue", num: true }, { label: "Payouts paid", num: true },
      { label: "Payouts pending", num: true }, { label: "Platform cash", num: true },
      { label: "Reconciles" }],
    currencies.map((c) => {
      // sales - refunds = store fees + taxes + net revenue, exactly (integers).
      const balanced = c.sales_minor - c.refunds_minor
        === c.store_fees_minor + c.taxes_minor + c.net_revenue_minor;
      return [c.currency, m(c, c.sales_minor), m(c, c.refunds_minor), m(c, c.store_fees_minor),
        m(c, c.taxes_minor), m(c, c.net_revenue_minor), m(c, c.payouts_paid_minor),
        m(c, c.payouts_pending_minor), m(c, c.platform_cash_minor),
        h("span", { class: `check ${balanced ? "ok" : "bad"}` }, balanced ? "✓" : "✗")];
    }), "No money has moved yet.");
}

function verifyBlock(v) {
  if (!v) return h("p", { class: "muted" }, "Ledger check skipped.");
  return h("div", { id: "verify" },
    h("div", { class: "row" },
      h("span", { class: `badge ${v.ok ? "ok" : "bad"}`, id: "verify-result" },
        v.ok ? "Verify OK" : "Verify FAILED"),
      h("span", { class: "muted small" }, `${count(v.accounts)} accounts and `,
        `${count(v.transfers)} transfers recomputed from the transfers`)),
    v.findings.length ? table([{ label: "Severity" }, { label: "Check" }, { label: "Subject" },
      { label: "Detail" }], v.findings.map((f) => [f.severity, f.check, f.subject, f.detail]))
      : null,
    v.findings_total > v.findings.length
      ? h("p", { class: "muted small" }, `${v.findings_total} findings in all: run fancoins verify.`) : null);
}

function renderEconomy(slot, e) {
  const c = e.coins;
  const d = e.diamonds;
  const ledgerRows = e.ledger.map((a) => [a.asset, count(a.posted), count(a.pending),
    h("span", { class: `check ${a.posted === 0 && a.pending === 0 ? "ok" : "bad"}` },
      a.posted === 0 && a.pending === 0 ? "✓ zero" : "✗ not zero")]);
  replace(slot,
    h("p", { class: "muted small" }, `As of ${dateTime(e.as_of)}`),
    h("h3", {}, "Coins"),
    h("div", { class: "grid cards" },
      figure("Coins outstanding", h("span", { class: "coin", id: "eco-coins-outstanding" },
        count(c.outstanding)), `${count(c.wallets)} wallets`),
      figure("Coins issued", h("span", { id: "eco-coins-issued" }, count(c.issued)),
        "purchases and grants, less claw-backs"),
      figure("Coins spent", h("span", { id: "eco-coins-spent" }, count(c.spent)), "gifts and promotions"),
      figure("Coins held", count(c.held), "running promotions"),
      figure("Restricted wallets", count(c.wallets_restricted), "below zero after a refund")),
    h("h3", {}, "Diamonds"),
    h("div", { class: "grid cards" },
      figure("Diamonds outstanding", h("span", { class: "diamond", id: "eco-diamonds-outstanding" },
        count(d.outstanding)), `cash value ${money(d.outstanding_cash_minor, d.payout_currency)}`),
      figure("On hold", h("span", { id: "eco-diamonds-hold" }, count(d.on_hold)),
        d.on_hold_partial ? "partial: too many creators" : "within the hold period"),
      figure("Withdrawable", count(d.withdrawable), "past the hold"),
      figure("Pending withdrawal", count(d.pending_withdrawal), "waiting for PayPal"),
      figure("Redeemed", count(d.redeemed), "paid out")),
    h("h3", {}, "Money per currency"), h("div", { id: "eco-currencies" }, currencyTable(e.currencies)),
    h("h3", {}, "Gifts"),
    h("div", { class: "grid cards" },
      figure("Last minute", h("span", { id: "eco-gifts-minute" }, count(e.gifts.last_minute.gifts)),
        `${count(e.gifts.last_minute.coins)} coins`),
      figure("Last hour", h("span", { id: "eco-gifts-hour" }, count(e.gifts.last_hour.gifts)),
        `${count(e.gifts.last_hour.coins)} coins`)),
    h("p", { class: "muted small" }, "Gifts per minute, last hour"),
    barChart(minutes(e.gifts.per_minute, e.as_of), { label: "Gifts per minute", color: "coin",
      format: (v) => count(v), labelEvery: 10, width: 1100, height: 170 }),
    h("h3", {}, "Ledger"),
    table([{ label: "Asset" }, { label: "Posted sum", num: true }, { label: "Pending sum", num: true },
      { label: "Check" }], ledgerRows),
    verifyBlock(e.verify));
}

function economyPanel() {
  const slot = h("div", { id: "economy" }, h("p", { class: "muted" }, "Loading…"));
  const refresh = h("button", {}, "Refresh");
  const auto = h("input", { type: "checkbox", id: "auto-refresh" });
  let timer = null;
  async function load() {
    try {
      renderEconomy(slot, await api.get("/v1/admin/economy"));
    } catch (error) {
      replace(slot, problemBox(error));
    }
  }
  refresh.addEventListener("click", () => busy(refresh, null, load));
  auto.addEventListener("change", () => {
    clearInterval(timer);
    timer = auto.checked ? setInterval(load, REFRESH_MS) : null;
  });
  load();
  const element = panel(null, h("div", { class: "panel-head" }, h("h2", {}, "Economy"),
    h("div", { class: "row" }, h("label", { class: "small" }, auto, " auto-refresh"), refresh)),
  slot);
  return { element, stop: () => clearInterval(timer) };
}

function userPanel() {
  const input = h("input", { name: "user", placeholder: "user id", required: true,
    "aria-label": "User id" });
  const form = h("form", { class: "inline", id: "user-lookup" }, input,
    h("button", { class: "primary", type: "submit" }, "Look up"));
  const slot = h("div", { id: "user" });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    showUser(slot, input.value.trim());
  });
  return panel("Users", form, slot);
}

async function showUser(slot, userId) {
  let user;
  try {
    user = await api.get(`/v1/users/${encodeURIComponent(userId)}`);
  } catch (error) {
    replace(slot, problemBox(error));
    return;
  }
  const figures = h("div", { class: "grid cards" });
  const errors = h("div");
  const reason = h("input", { name: "reason", placeholder: "reason (audited)", minlength: 3,
    required: true, "aria-label": "Reason" });
  const freeze = h("form", { class: "inline", id: "freeze-form" }, reason,
    h("button", { class: user.frozen ? "" : "danger", type: "submit" },
      user.frozen ? "Unfreeze" : "Freeze"));
  freeze.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(event.submitter, errors, async () => {
      await api.post(`/v1/admin/users/${encodeURIComponent(userId)}/freeze`,
        { frozen: !user.frozen, reason: reason.value });
      toast(`${userId} ${user.frozen ? "unfrozen" : "frozen"}.`);
      await showUser(slot, userId);
    });
  });
  replace(slot,
    h("div", { class: "row" }, h("h2", {}, user.display_name),
      h("span", { class: "muted" }, `${user.id} · ${user.country}`),
      user.is_creator ? h("span", { class: "badge" }, "creator") : null,
      user.frozen ? h("span", { class: "badge bad", id: "user-frozen" }, "frozen")
        : h("span", { class: "badge ok", id: "user-frozen" }, "active")),
    figures, h("h3", {}, "Freeze"), freeze, h("h3", {}, "Coin adjustment"),
    adjustForm(userId, errors, () => walletFigures(figures, userId)), errors,
    statementPanel(userId));
  walletFigures(figures, userId);
}

function adjustForm(userId, errors, reload) {
  const amount = h("input", { name: "amount", inputmode: "numeric", placeholder: "+100 or -50",
    required: true, "aria-label": "Coins" });
  const reason = h("input", { name: "reason", placeholder: "reason (audited)", minlength: 3,
    required: true, "aria-label": "Adjustment reason" });
  const form = h("form", { class: "inline", id: "adjust-form" }, amount, reason,
    h("button", { type: "submit" }, "Adjust coins"));
  let key = newKey(); // kept until it succeeds: a retried submit is applied once
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = amount.value.trim().replace(/,/g, "");
    if (!/^[+-]?\d+$/.test(text) || Number(text) === 0) {
      showError(errors, { title: "Invalid amount", detail: "a whole, non-zero number of coins" });
      return;
    }
    busy(event.submitter, errors, async () => {
      await api.post("/v1/admin/adjustments",
        { user_id: userId, amount_coins: Number(text), reason: reason.value }, { key });
      key = newKey();
      toast(`Adjusted ${userId} by ${count(text.replace("+", ""))} coins.`);
      form.reset();
      await reload();
    });
  });
  return form;
}

const ACTIONS = { requested: ["hold", "reject"], approved: ["hold", "reject"],
  held: ["approve", "reject"] };
const DONE = { hold: "held", approve: "approved", reject: "rejected" };

function withdrawalsPanel() {
  const slot = h("div", { id: "review" }, h("p", { class: "muted" }, "Loading…"));
  const errors = h("div");
  async function load() {
    let page;
    try {
      page = await api.get("/v1/withdrawals", { limit: 50 });
    } catch (error) {
      replace(slot, problemBox(error));
      return;
    }
    replace(slot, table(
      [{ label: "Requested" }, { label: "Creator" }, { label: "Amount", num: true },
        { label: "Diamonds", num: true }, { label: "PayPal" }, { label: "Status" },
        { label: "Review" }],
      page.items.map((w) => [dateTime(w.created_at), w.user_id, money(w.amount_minor, w.currency),
        count(w.diamonds), w.paypal_email, w.status,
        h("div", { class: "row" }, (ACTIONS[w.status] || []).map((action) => {
          const button = h("button", { class: action === "reject" ? "danger" : "",
            dataset: { action, withdrawal: w.id } }, action);
          button.addEventListener("click", () => {
            const reason = prompt(`Reason to ${action} ${money(w.amount_minor, w.currency)} for ${w.user_id}`);
            if (!reason) return;
            busy(button, errors, async () => {
              await api.post(`/v1/admin/withdrawals/${w.id}/${action}`, { reason });
              toast(`Withdrawal ${DONE[action]}.`);
              await load();
            });
          });
          return button;
        }))]), "No withdrawals."));
  }
  load();
  return panel("Withdrawals review", errors, slot);
}

export async function showConsole(view) {
  const economy = economyPanel();
  replace(view, h("h1", {}, "Operator console"), economy.element,
    userPanel(), withdrawalsPanel());
  return economy.stop;
}
