// @ts-check
// Who is signed in, per browser tab (sessionStorage): one tab can be the creator, another a
// viewer. This is the only thing the app keeps in the browser: every figure, status and list
// comes from the server each time a screen shows it.

import { signal } from "./lib.js";

const KEY = "fancoins.session";

/**
 * @typedef {object} Session
 * @property {string} token
 * @property {string} user_id
 * @property {string[]} scopes
 * @property {string} expires_at
 * @property {string} display_name
 * @property {"viewer"|"creator"|"operator"} role
 * @property {string|null} country
 */

/** @returns {Session|null} */
function load() {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) || "null");
    if (value && Date.parse(value.expires_at) <= Date.now()) return null;
    return value;
  } catch {
    return null;
  }
}

/** The signed-in person (null when signed out); components re-render when it changes. */
export const current = signal(load());

export const session = {
  get current() { return current.value; },
  get token() { return current.value?.token || null; },
  get userId() { return current.value?.user_id || null; },
  get isOperator() { return (current.value?.scopes || []).includes("admin"); },
  /** @param {Session} value */
  save(value) {
    sessionStorage.setItem(KEY, JSON.stringify(value));
    current.value = value;
  },
  clear() {
    sessionStorage.removeItem(KEY);
    current.value = null;
  },
};
