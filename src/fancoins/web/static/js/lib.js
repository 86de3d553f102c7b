// @ts-check
// The component model: Preact with htm tagged templates (no build step, no eval: CSP-safe)
// and signals for state. Every screen imports its pieces from here.

import { h, render, Fragment } from "../vendor/preact.mjs";
import htm from "../vendor/htm.mjs";

export { h, render, Fragment };
export { useEffect, useMemo, useRef, useState, useCallback } from "../vendor/preact-hooks.mjs";
export {
  signal, computed, effect, batch, useSignal, useComputed, useSignalEffect,
} from "../vendor/signals.mjs";

/** html`<div class=${x}>…</div>` → Preact elements. */
export const html = /** @type {(strings: TemplateStringsArray, ...values: any[]) => any} */ (
  htm.bind(h));
