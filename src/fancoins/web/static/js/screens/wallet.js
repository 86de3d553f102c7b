// Viewer: wallet, statement (paged, CSV) and spending limits.

import { api, request } from "../api.js";
import { count } from "../money.js";
import { busy, dateTime, figure, h, panel, problemBox, replace, showError, table, toast }
  from "../ui.js";

const PAGE_SIZE = 15;

export async function walletFigures(slot, userId) {
  try {
    const wallet = await api.get("/v1/wallet", userId ? { user_id: userId } : undefined);
    replace(slot,
      figure("Coins", h("span", { class: "coin", id: "wallet-coins" }, count(wallet.coins)),
        wallet.coins_available !== wallet.coins
          ? `${count(wallet.coins_available)} available (rest held)` : "available to spend"),
      figure("Diamonds", h("span", { class: "diamond", id: "wallet-diamonds" },
        count(wallet.diamonds)), `${count(wallet.diamonds_available)} available`),
      figure("Status", wallet.restricted
        ? h("span", { class: "badge bad", id: "wallet-status" }, "Restricted")
        : h("span", { class: "badge ok", id: "wallet-status" }, "OK"),
      wallet.restricted ? "Below zero after a refund: no gifts until repaid" : "No restrictions"));
    return wallet;
  } catch (error) {
    replace(slot, problemBox(error));
    return null;
  }
}

/** A paged statement (cursor stack for Previous), with a CSV export of the same view. */
export function statementPanel(userId) {
  const body = h("div", {}, h("p", { class: "muted" }, "Loading…"));
  const kind = h("select", { "aria-label": "Kind" },
    ["", "purchase", "gift_sent", "gift_received", "refund_clawback", "operator_grant",
      "promotion", "withdrawal"].map((k) => h("option", { value: k }, k ? k.replace("_", " ") : "all kinds")));
  const cursors = [null];
  const prev = h("button", { onclick: () => { cursors.pop(); cursors.pop(); load(); } }, "← Newer");
  const next = h("button", { onclick: () => load() }, "Older →");
  const csv = h("button", { id: "statement-csv", onclick: () => download(csv) }, "Download CSV");
  const query = () => ({ kind: kind.value, user_id: userId });

  async function load() {
    const cursor = cursors[cursors.length - 1];
    try {
      const page = await api.get("/v1/wallet/statement",
        { ...query(), limit: PAGE_SIZE, cursor });
      cursors.push(page.next_cursor);
      prev.disabled = cursors.length <= 2;
      next.disabled = !page.next_cursor;
      replace(body, table(
        [{ label: "When" }, { label: "What" }, { label: "Asset" }, { label: "Change", num: true },
          { label: "State" }],
        page.items.map((line) => [
          dateTime(line.created_at), line.label, line.asset,
          { text: (line.balance_change > 0 ? "+" : "") + count(line.balance_change),
            class: line.balance_change < 0 ? "neg" : "pos" },
          line.state]),
        "No movements yet."));
    } catch (error) {
      replace(body, problemBox(error));
    }
  }

  async function download(button) {
    await busy(button, null, async () => {
      const response = await request("GET", "/v1/wallet/statement",
        { query: { ...query(), format: "csv" }, raw: true });
      const url = URL.createObjectURL(await response.blob());
      const link = h("a", { href: url, download: `statement-${userId || "me"}.csv` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });
  }

  kind.addEventListener("change", () => { cursors.splice(0, cursors.length, null); load(); });
  load();
  return panel(null,
    h("div", { class: "panel-head" }, h("h2", {}, "Statement"),
      h("div", { class: "row" }, kind, csv)),
    h("div", { id: "statement" }, body), h("div", { class: "pager" }, prev, next));
}

function limitInput(name, value) {
  return h("label", { class: "field" }, `${name} limit (coins)`,
    h("input", { name, inputmode: "numeric", placeholder: "no limit",
      value: value === null ? "" : String(value) }));
}

function limitsPanel() {
  const body = h("div", {}, h("p", { class: "muted" }, "Loading…"));
  const errors = h("div");

  function render(view) {
    const form = h("form", { class: "inline", id: "limits-form" },
      limitInput("daily", view.effective.daily_coins),
      limitInput("weekly", view.effective.weekly_coins),
      limitInput("monthly", view.effective.monthly_coins),
      h("button", { class: "primary", type: "submit" }, "Save limits"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      save(form, event.submitter);
    });
    const pending = view.pending ? h("div", { class: "notice" },
      `Raise pending until ${dateTime(view.pending.effective_at)} (24-hour cooling-off): `,
      ["daily", "weekly", "monthly"].map((w) =>
        `${w} ${limitText(view.pending.limits[`${w}_coins`])}`).join(", ")) : null;
    replace(body, h("p", { class: "muted small" },
      "Lowering a limit applies at once; raising one waits 24 hours. Empty means no limit, ",
      "0 means no spending."),
    form, pending, errors,
    table([{ label: "Spent" }, { label: "Coins", num: true }, { label: "Limit", num: true }],
      ["daily", "weekly", "monthly"].map((w) => [
        w, count(view.spent[`${w}_coins`]), limitText(view.effective[`${w}_coins`])])));
  }

  async function save(form, button) {
    const values = {};
    for (const window of ["daily", "weekly", "monthly"]) {
      const text = form.elements[window].value.trim().replace(/,/g, "");
      if (text !== "" && !/^\d+$/.test(text)) {
        showError(errors, { title: "Invalid limit",
          detail: `${window}: a whole number of coins, or empty` });
        return;
      }
      values[`${window}_coins`] = text === "" ? null : Number(text);
    }
    const view = await busy(button, errors, () => api.put("/v1/me/limits", values));
    if (view) {
      toast(view.pending ? "Saved: the raise applies after the cooling-off." : "Limits saved.");
      render(view);
    }
  }

  api.get("/v1/me/limits").then(render).catch((error) => replace(body, problemBox(error)));
  return panel("Spending limits", body);
}

function limitText(value) {
  return value === null || value === undefined ? "none" : count(value);
}

export async function showWallet(view) {
  const figures = h("div", { class: "grid cards", id: "wallet" });
  replace(view, h("h1", {}, "Wallet"), figures, statementPanel(null), limitsPanel());
  await walletFigures(figures, null);
}
