// @ts-check
// The API client: bearer token from the session, problem+json turned into ApiError.
// Types come from the server's /openapi.json (see tsconfig.json).

import { session } from "./session.js";

/**
 * @template {string} N
 * @typedef {import("fancoins-api").components["schemas"][N & keyof import("fancoins-api").components["schemas"]]} Schema
 */

/** @typedef {{type?: string, title?: string, detail?: string, status?: number, [k: string]: any}} Problem */

export class ApiError extends Error {
  /** @param {number} status @param {Problem} problem */
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.title = problem.title || `HTTP ${status}`;
    this.detail = problem.detail || "";
    this.type = problem.type || "";
  }

  /** The problem's slug: "urn:fancoins:problem:self-gift" → "self-gift". */
  get slug() {
    return this.type.replace(/^urn:fancoins:problem:/, "");
  }
}

/** An idempotency key made in the browser (crypto.randomUUID needs a secure context). */
export function newKey() {
  if (typeof globalThis.crypto?.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** @param {Response} response @returns {Promise<Problem>} */
async function problemOf(response) {
  const text = await response.text();
  try {
    const body = JSON.parse(text);
    if (body && typeof body === "object") return body;
  } catch {
    /* not JSON: fall through */
  }
  return { title: `HTTP ${response.status}`, detail: text.slice(0, 200) };
}

/**
 * @typedef {object} RequestOptions
 * @property {any} [body] JSON body
 * @property {Record<string, string|number|boolean|null|undefined>} [query]
 * @property {string} [key] Idempotency-Key
 * @property {boolean} [raw] return the Response itself
 * @property {string} [token] override the session's token ("" for none)
 */

// How many API requests are open, on the document (`data-requests`), and when that count last
// changed (`data-requests-at`, ms on the page's clock): a test or a monitor can tell that a
// screen has loaded without waiting for the network to stay quiet for a while.
let requestsOpen = 0;

/** @param {number} delta */
function requestsChanged(delta) {
  requestsOpen += delta;
  const root = document.documentElement;
  root.dataset.requests = String(requestsOpen);
  root.dataset.requestsAt = String(Math.round(performance.now()));
}

/**
 * request("GET", "/v1/wallet") -> parsed JSON.
 * @param {string} method @param {string} path @param {RequestOptions} [options]
 * @returns {Promise<any>}
 */
export async function request(method, path, options = {}) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(options.query || {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, String(value));
  }
  /** @type {Record<string, string>} */
  const headers = { Accept: "application/json, application/problem+json" };
  const token = options.token ?? session.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  else if (options.token === undefined) {
    // Signed out while a screen was still loading: nothing to ask the server.
    throw new ApiError(401, { title: "Signed out", detail: "Sign in again." });
  }
  if (options.key) headers["Idempotency-Key"] = options.key;
  let body;
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  requestsChanged(1);
  try {
    const response = await fetch(url, { method, headers, body });
    if (!response.ok) throw new ApiError(response.status, await problemOf(response));
    if (options.raw) return response;
    if (response.status === 204) return null;
    return await response.json();
  } finally {
    requestsChanged(-1);
  }
}

export const api = {
  /** @param {string} path @param {RequestOptions["query"]} [query] @param {RequestOptions} [options] */
  get: (path, query, options = {}) => request("GET", path, { ...options, query }),
  /** @param {string} path @param {any} [body] @param {RequestOptions} [options] */
  post: (path, body, options = {}) => request("POST", path, { ...options, body }),
  /** @param {string} path @param {any} [body] @param {RequestOptions} [options] */
  put: (path, body, options = {}) => request("PUT", path, { ...options, body }),
  /** @param {string} path @param {any} [body] @param {RequestOptions} [options] */
  patch: (path, body, options = {}) => request("PATCH", path, { ...options, body }),
  /** @param {string} path @param {RequestOptions["query"]} [query] @param {RequestOptions} [options] */
  del: (path, query, options = {}) => request("DELETE", path, { ...options, query }),
};

const RETRY_BACKOFF_MS = 400;

/**
 * A write with an idempotency key made once: a network failure or a 503 is retried with the
 * SAME key (the server applies it at most once), up to `attempts` times.
 * @param {string} method @param {string} path @param {any} body @param {number} [attempts]
 */
export async function idempotent(method, path, body, attempts = 3) {
  const key = newKey();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await request(method, path, { body, key });
    } catch (error) {
      const retriable = !(error instanceof ApiError) || error.status === 503;
      if (!retriable || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_BACKOFF_MS * attempt));
    }
  }
}

/** @param {string} id */
export const enc = (id) => encodeURIComponent(id);
