// The API client: bearer token from the session, problem+json turned into ApiError.

import { session } from "./session.js";

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.title = problem.title || `HTTP ${status}`;
    this.detail = problem.detail || "";
    this.type = problem.type || "";
  }
}

/** An idempotency key made in the browser (crypto.randomUUID needs a secure context). */
export function newKey() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

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
 * request("GET", "/v1/wallet") -> parsed JSON. Options: body (JSON), query (object),
 * key (Idempotency-Key), raw (return the Response), token (override the session's).
 */
export async function request(method, path, options = {}) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(options.query || {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, value);
  }
  const headers = { Accept: "application/json, application/problem+json" };
  const token = options.token ?? session.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.key) headers["Idempotency-Key"] = options.key;
  let body;
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  const response = await fetch(url, { method, headers, body });
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  if (options.raw) return response;
  if (response.status === 204) return null;
  return response.json();
}

export const api = {
  get: (path, query, options = {}) => request("GET", path, { ...options, query }),
  post: (path, body, options = {}) => request("POST", path, { ...options, body }),
  put: (path, body, options = {}) => request("PUT", path, { ...options, body }),
};

/**
 * A write with an idempotency key made once: a network failure or a 503 is retried with the
 * SAME key (the server applies it at most once), up to `attempts` times.
 */
export async function idempotent(method, path, body, attempts = 3) {
  const key = newKey();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await request(method, path, { body, key });
    } catch (error) {
      const retriable = !(error instanceof ApiError) || error.status === 503;
      if (!retriable || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 400 * attempt));
    }
  }
}
