// @ts-check
// The console's API keys: every key the host's backends use (scopes, last use, rotation,
// revocation), a new key with chosen scopes, a rotation and a revocation. A key's token is in
// the create or rotate answer only (the server keeps a hash): the page shows it once, until
// the operator dismisses it or leaves the page.

import { api, enc, newKey } from "../api.js";
import { html, useSignal } from "../lib.js";
import { invalidate, useQuery } from "../query.js";
import { Loaded, Panel, ProblemBox, Table, dateTime, toast, useAction } from "../ui.js";

/** The scopes a key may hold, as the API names them, with what each lets a backend do. */
export const KEY_SCOPES = [
  ["users:read", "read users"],
  ["users:write", "create and update users"],
  ["ledger:read", "read wallets and statements"],
  ["purchases:write", "verify store purchases"],
  ["gifts:write", "send gifts for users"],
  ["streams:write", "start and end LIVEs for creators"],
  ["promotions:write", "buy promotions for users"],
  ["webhooks:write", "manage webhook endpoints"],
  ["admin", "everything an operator can do"],
];
/** More keys than one page of the list is rare; the rest are a click away. */
const KEYS_PER_PAGE = 50;

/** @param {import("../types.js").ApiKeyOut} key */
function stateOf(key) {
  if (key.revoked_at) return html`<span class="badge bad" data-state="revoked">revoked ${dateTime(key.revoked_at)}</span>`;
  if (key.previous_secret_expires_at && Date.parse(key.previous_secret_expires_at) > Date.now()) {
    return html`<span class="badge warn" data-state="rotating">rotated: old token until ${dateTime(key.previous_secret_expires_at)}</span>`;
  }
  return html`<span class="badge ok" data-state="active">active</span>`;
}

/** @param {{issued: {name: string, token: string|null|undefined, what: string}, onDismiss: () => void}} props */
function TokenOnce({ issued, onDismiss }) {
  return html`<div class="notice" id="key-token-box" role="status">
    <p><strong>${issued.what} “${issued.name}”.</strong> Copy its token now: it is shown this once and never again.</p>
    ${issued.token ? html`<p><code id="key-token">${issued.token}</code></p>`
      : html`<p class="muted">This answer was a replay: the token is not stored. Revoke the key and create another.</p>`}
    <button type="button" id="key-token-dismiss" onClick=${onDismiss}>I have copied it</button>
  </div>`;
}

function CreateKeyForm({ onIssued }) {
  const create = useAction(async (/** @type {HTMLFormElement} */ form) => {
    const data = new FormData(form);
    const scopes = data.getAll("scopes").map(String);
    if (!scopes.length) throw new Error("Choose at least one scope.");
    /** @type {import("../types.js").IssuedKeyOut} */
    const issued = await api.post("/v1/admin/api-keys", {
      name: String(data.get("name") || "").trim(), scopes,
      reason: String(data.get("reason") || "").trim(),
    }, { key: newKey() });
    onIssued({ name: issued.key.name, token: issued.token, what: "Created" });
    form.reset();
    toast("API key created.");
    await invalidate("api-keys");
  });
  return html`<form id="key-create" onSubmit=${(/** @type {Event} */ e) => { e.preventDefault(); create.run(e.currentTarget); }}>
    <${ProblemBox} error=${create.error} />
    <div class="row">
      <label class="field grow">Name<input name="name" required maxlength="100" placeholder="backend (production)" /></label>
      <label class="field grow">Reason (audited)<input name="reason" maxlength="500" /></label>
    </div>
    <fieldset class="event-types"><legend>Scopes</legend>
      ${KEY_SCOPES.map(([scope, about]) => html`<label class="check" title=${about}>
        <input type="checkbox" name="scopes" value=${scope} /> ${scope} <span class="muted small">${about}</span></label>`)}
    </fieldset>
    <button class="primary" type="submit" disabled=${create.busy}>Create key</button>
  </form>`;
}

export function KeysPage() {
  const issued = useSignal(/** @type {{name: string, token: string|null|undefined, what: string}|null} */ (null));
  const cursors = useSignal(/** @type {string[]} */ ([]));
  const query = useQuery(["api-keys", String(cursors.value.length)], async () => /** @type {import("../types.js").ApiKeyPage} */ (
    await api.get("/v1/admin/api-keys", { limit: KEYS_PER_PAGE, cursor: cursors.value.at(-1) })), [cursors.value.length]);
  const rotate = useAction(async (/** @type {import("../types.js").ApiKeyOut} */ key) => {
    if (!confirm(`Rotate “${key.name}”? Its old token keeps working for a short overlap.`)) return;
    /** @type {import("../types.js").IssuedKeyOut} */
    const answer = await api.post(`/v1/admin/api-keys/${enc(key.id)}/rotate`, { reason: "" }, { key: newKey() });
    issued.value = { name: answer.key.name, token: answer.token, what: "Rotated" };
    toast("Key rotated.");
    await invalidate("api-keys");
  });
  const revoke = useAction(async (/** @type {import("../types.js").ApiKeyOut} */ key) => {
    if (!confirm(`Revoke “${key.name}”? Backends using it are refused from their next request.`)) return;
    await api.del(`/v1/admin/api-keys/${enc(key.id)}`);
    toast("Key revoked.");
    await invalidate("api-keys");
  });
  return html`<${Panel} title="API keys">
      <p class="muted small">Keys for the host's backends: each request names its key in the token <code>fck_&lt;prefix&gt;_…</code>. Creating, rotating and revoking are audited.</p>
      ${issued.value ? html`<${TokenOnce} issued=${issued.value} onDismiss=${() => { issued.value = null; }} />` : null}
      <${ProblemBox} error=${rotate.error || revoke.error} />
      <div id="keys"><${Loaded} query=${query}>${(/** @type {import("../types.js").ApiKeyPage} */ page) => html`
        <${Table} id="keys-table" label="API keys" empty="No API keys yet." keys=${page.items.map((k) => k.id)}
          columns=${[{ label: "Name" }, { label: "Prefix" }, { label: "Scopes" }, { label: "Created" },
            { label: "Last used" }, { label: "State" }, { label: "" }]}
          rows=${page.items.map((k) => [k.name, html`<code>${k.prefix}</code>`, k.scopes.join(", "),
            dateTime(k.created_at), k.last_used_at ? dateTime(k.last_used_at) : "never", stateOf(k),
            k.revoked_at ? "" : html`<span class="row" data-key=${k.id}>
              <button type="button" data-rotate=${k.id} disabled=${rotate.busy} onClick=${() => rotate.run(k)}>Rotate</button>
              <button type="button" class="danger" data-revoke=${k.id} disabled=${revoke.busy} onClick=${() => revoke.run(k)}>Revoke</button></span>`])} />
        <div class="row">
          ${cursors.value.length ? html`<button type="button" onClick=${() => { cursors.value = cursors.value.slice(0, -1); }}>Previous</button>` : null}
          ${page.next_cursor ? html`<button type="button" id="keys-more"
            onClick=${() => { cursors.value = [...cursors.value, /** @type {string} */ (page.next_cursor)]; }}>Next</button>` : null}
        </div>`}<//></div>
    <//>
    <${Panel} title="Create a key">
      <${CreateKeyForm} onIssued=${(i) => { issued.value = i; }} />
    <//>`;
}
