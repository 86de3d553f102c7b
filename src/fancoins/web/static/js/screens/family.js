// @ts-check
// A guardian's view of each linked minor (shown on the guardian's wallet screen when the host
// has linked any): their truthful status, their caps on spending coins and buying coins, a
// switch that turns either off at once, and their statement.

import { api, enc } from "../api.js";
import { html } from "../lib.js";
import { formatCount } from "../money.js";
import { invalidate, useQuery } from "../query.js";
import { StatusCard, restrictionsOf } from "../status.js";
import { Loaded, Panel, ProblemBox, Table, dateTime, toast, useAction } from "../ui.js";

const WINDOWS = ["daily", "weekly", "monthly"];
const OFF = { daily: 0, weekly: 0, monthly: 0 };

/** @param {import("../types.js").CapsOut} caps @param {boolean} money */
function capsText(caps, money) {
  if (caps.off) return "switched off";
  const unit = money ? ` ${caps.currency} (minor units)` : " coins";
  const parts = WINDOWS.filter((w) => caps[w] !== null && caps[w] !== undefined)
    .map((w) => `${formatCount(/** @type {number} */ (caps[w]))}${unit} ${w}`);
  return parts.length ? parts.join(", ") : "no cap";
}

/**
 * @param {{minor: import("../types.js").MinorOut, kind: "spending"|"buying"}} props
 */
function CapsForm({ minor, kind }) {
  const caps = minor[kind];
  const money = kind === "buying";
  const id = `${minor.user_id}-${kind}`;
  const put = async (/** @type {Record<string, number|null>} */ windows) => {
    const body = money
      ? { currency: caps.currency || "USD", daily_minor: windows.daily, weekly_minor: windows.weekly, monthly_minor: windows.monthly }
      : { daily_coins: windows.daily, weekly_coins: windows.weekly, monthly_coins: windows.monthly };
    const view = await api.put(`/v1/me/minors/${enc(minor.user_id)}/caps/${kind}`, body);
    toast(view.pending ? "Saved: a looser cap applies after the cooling-off." : "Caps saved.");
    await invalidate("minors");
  };
  const save = useAction(async (/** @type {HTMLFormElement} */ form) => {
    /** @type {Record<string, number|null>} */
    const windows = {};
    for (const w of WINDOWS) {
      const text = /** @type {HTMLInputElement} */ (form.elements.namedItem(w)).value.trim().replace(/[,.\s]/g, "");
      if (text !== "" && !/^\d+$/.test(text)) {
        throw { title: "Invalid cap", detail: `${w}: a whole number, or empty for no cap` };
      }
      windows[w] = text === "" ? null : Number(text);
    }
    await put(windows);
  });
  const off = useAction(async () => put(OFF));
  const what = money ? "Buying coins" : "Spending coins";
  return html`<div class="caps" id=${`caps-${id}`}>
    <h3>${what}: <span id=${`caps-${id}-text`}>${capsText(caps, money)}</span></h3>
    ${caps.pending ? html`<div class="notice">Looser caps from ${dateTime(/** @type {string} */ (caps.pending_effective_at))}: ${capsText(caps.pending, money)}</div>` : null}
    <form class="inline" onSubmit=${(/** @type {Event} */ e) => { e.preventDefault(); save.run(e.currentTarget); }}>
      ${WINDOWS.map((w) => html`<label class="field">${w[0].toUpperCase() + w.slice(1)} cap (${money ? `${caps.currency || "USD"} minor units` : "coins"})
        <input name=${w} inputmode="numeric" placeholder="no cap" value=${caps[w] ?? ""} /></label>`)}
      <button class="primary" type="submit" disabled=${save.busy}>Save caps</button>
      <button class="danger" type="button" id=${`caps-${id}-off`} disabled=${off.busy || caps.off}
        onClick=${() => off.run()}>Switch off ${what.toLowerCase()}</button>
    </form>
    <${ProblemBox} error=${save.error || off.error} />
  </div>`;
}

/** @param {{minor: import("../types.js").MinorOut}} props */
function MinorCard({ minor }) {
  const statement = useQuery(["minors", minor.user_id], async () =>
    /** @type {import("../types.js").StatementOut} */ (await api.get("/v1/wallet/statement", { user_id: minor.user_id, limit: 5 })),
  [minor.user_id]);
  return html`<div class="minor" id=${`minor-${minor.user_id}`} data-minor=${minor.user_id}>
    <div class="row"><h3>${minor.display_name}</h3>
      <span class="muted">${minor.user_id} · ${minor.country} · linked ${dateTime(minor.linked_at)}</span></div>
    <div class="grid cards"><${StatusCard} id=${`minor-${minor.user_id}-status`}
      restrictions=${restrictionsOf({ status: minor.status })} /></div>
    <${CapsForm} minor=${minor} kind="spending" />
    <${CapsForm} minor=${minor} kind="buying" />
    <h3>Latest movements</h3>
    <${Loaded} query=${statement}>${(/** @type {import("../types.js").StatementOut} */ s) => html`
      <${Table} id=${`minor-${minor.user_id}-statement`} label=${`${minor.display_name}'s latest movements`}
        columns=${[{ label: "When" }, { label: "What" }, { label: "Change", num: true }]}
        rows=${s.items.map((line) => [dateTime(line.created_at), line.label, formatCount(line.balance_change)])} />`}<//>
  </div>`;
}

/** Every minor linked to the signed-in guardian; nothing at all when there is none. */
export function MinorsPanel() {
  const query = useQuery(["minors"], async () =>
    /** @type {import("../types.js").MinorOut[]} */ (await api.get("/v1/me/minors").catch(() => [])));
  return html`<${Loaded} query=${query}>${(/** @type {import("../types.js").MinorOut[]} */ minors) =>
    minors.length ? html`<${Panel} title="Your minors" id="minors">
      <p class="muted small">Tighter caps apply at once; looser ones after the cooling-off.
        Switching off stops all spending or buying at once.</p>
      ${minors.map((m) => html`<${MinorCard} key=${m.user_id} minor=${m} />`)}
    <//>` : null}<//>`;
}
