// @ts-check
// Small shared components. Text always goes in as text (Preact escapes it), so names from users
// are safe.

import { html, signal, useSignal } from "./lib.js";
import { explain } from "./words.js";

const toasts = signal(/** @type {{id: number, text: string, kind: string}[]} */ ([]));
let toastId = 0;
const TOAST_MS = 5000;

/** @param {string} text @param {string} [kind] "" or "bad" */
export function toast(text, kind = "") {
  const id = ++toastId;
  toasts.value = [...toasts.value, { id, text, kind }];
  setTimeout(() => { toasts.value = toasts.value.filter((t) => t.id !== id); }, TOAST_MS);
}

export function Toasts() {
  return html`<div id="toasts" class="toasts" role="status" aria-live="polite">
    ${toasts.value.map((t) => html`<div key=${t.id} class=${`toast ${t.kind}`}>${t.text}</div>`)}
  </div>`;
}

/** A refusal as a readable box: its title, then a plain sentence (never a raw code). */
export function ProblemBox({ error, id = undefined }) {
  if (!error) return null;
  const { title, detail, slug } = explain(error);
  return html`<div class="problem" role="alert" id=${id} data-type=${slug}>
    <strong>${title}</strong>${detail ? html`<span>${detail}</span>` : null}
  </div>`;
}

export function Loading() {
  return html`<p class="muted">Loading…</p>`;
}

/**
 * Show a query's value through `children(data)`, or its loading state or problem.
 * @template T
 * @param {{query: {value: {data: T|undefined, error: any, loading: boolean}}, children: (data: T) => any}} props
 */
export function Loaded({ query, children }) {
  const { data, error, loading } = query.value;
  if (data === undefined) return error ? html`<${ProblemBox} error=${error} />` : loading ? html`<${Loading} />` : null;
  return html`${error ? html`<${ProblemBox} error=${error} />` : null}${children(data)}`;
}

export function Panel({ title = undefined, actions = undefined, id = undefined, children }) {
  return html`<section class="panel" id=${id}>
    ${title || actions ? html`<div class="panel-head">${title ? html`<h2>${title}</h2>` : html`<span />`}
      ${actions ? html`<div class="row">${actions}</div>` : null}</div>` : null}
    ${children}
  </section>`;
}

export function Figure({ label, value, sub = undefined, id = undefined, klass = "" }) {
  return html`<div class="figure">
    <div class="label">${label}</div>
    <div class=${`value ${klass}`} id=${id}>${value}</div>
    ${sub ? html`<div class="sub">${sub}</div>` : null}
  </div>`;
}

/**
 * A table: columns [{label, num?, hideNarrow?}], rows of cells (text, nodes or {text, class}).
 * @param {{columns: {label: string, num?: boolean, narrow?: boolean}[], rows: any[][], empty?: string, id?: string, keys?: string[], label?: string}} props
 */
export function Table({ columns, rows, empty = "Nothing yet.", id = undefined, keys = undefined, label = undefined }) {
  if (!rows.length) return html`<p class="muted" id=${id}>${empty}</p>`;
  // Focusable so a keyboard can scroll a table wider than a phone.
  return html`<div class="table-scroll" id=${id} tabindex="0" role="region"
    aria-label=${label || columns.map((c) => c.label).filter(Boolean).join(", ")}><table>
    <thead><tr>${columns.map((c) => html`<th class=${c.num ? "num" : ""} scope="col">${c.label}</th>`)}</tr></thead>
    <tbody>${rows.map((cells, r) => html`<tr key=${keys ? keys[r] : r}>${cells.map((cell, i) => {
      const isObject = cell && typeof cell === "object" && "text" in cell;
      const klass = [columns[i]?.num ? "num" : "", isObject ? cell.class || "" : ""].join(" ").trim();
      return html`<td class=${klass}>${isObject ? cell.text : cell}</td>`;
    })}</tr>`)}</tbody>
  </table></div>`;
}

/** @param {string|null|undefined} iso */
export function dateTime(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString(undefined, {
    year: "numeric", month: "short", day: "2-digit", hour: "2-digit", minute: "2-digit",
  });
}

/** @param {string|number} iso */
export function timeOnly(iso) {
  return new Date(iso).toLocaleTimeString(undefined, {
    hour: "2-digit", minute: "2-digit", second: "2-digit",
  });
}

/**
 * An action behind a button: busy while it runs, its refusal kept for a ProblemBox.
 * @param {(...args: any[]) => Promise<any>} action
 */
export function useAction(action) {
  const busy = useSignal(false);
  const error = useSignal(/** @type {any} */ (null));
  return {
    get busy() { return busy.value; },
    get error() { return error.value; },
    clear() { error.value = null; },
    /** @param {any} problem */
    fail(problem) { error.value = problem; },
    /** @param {any[]} args */
    async run(...args) {
      busy.value = true;
      error.value = null;
      try {
        return await action(...args);
      } catch (caught) {
        error.value = caught;
        return undefined;
      } finally {
        busy.value = false;
      }
    },
  };
}

/** The user's statement or export as a file download (Blob, no server round-trip). */
export function download(filename, text, type = "text/csv") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** RFC 4180 CSV from rows of cells. */
export function csv(rows) {
  const cell = (v) => {
    const text = v === null || v === undefined ? "" : String(v);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return rows.map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}
