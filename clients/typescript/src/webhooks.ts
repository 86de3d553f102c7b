/**
 * Standard Webhooks verification (https://www.standardwebhooks.com): HMAC-SHA256 over
 * `${webhook-id}.${webhook-timestamp}.${body}` with the endpoint's secret (`whsec_` + base64),
 * compared in constant time with each `v1,<base64>` signature of `webhook-signature`.
 * Web Crypto only: runs in Node (>= 20), Deno, Bun, workers and browsers.
 */

export class WebhookVerificationError extends Error {}

const SECRET_PREFIX = "whsec_";
/** Messages older or newer than this (seconds) are refused: replay protection. */
export const TOLERANCE_S = 5 * 60;

function header(headers: Headers | Record<string, string>, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return null;
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** The `v1,<base64>` signature of a message (what the sender puts in `webhook-signature`). */
export async function signWebhook(secret: string, id: string, timestampS: number, body: string): Promise<string> {
  const raw = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = await crypto.subtle.importKey(
    "raw", fromBase64(raw) as BufferSource, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const data = new TextEncoder().encode(`${id}.${timestampS}.${body}`);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, data));
  return `v1,${toBase64(mac)}`;
}

/**
 * The parsed event if `body` (the raw text, exactly as received) carries a valid, recent
 * signature made with `secret`; otherwise throws WebhookVerificationError. During a secret
 * rotation, try the new secret, then the old one.
 */
export async function verifyWebhook(
  body: string,
  headers: Headers | Record<string, string>,
  secret: string,
  nowS: number = Math.floor(Date.now() / 1000),
): Promise<unknown> {
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError("missing webhook headers");
  const sentS = Number(timestamp);
  if (!Number.isInteger(sentS)) throw new WebhookVerificationError("invalid timestamp");
  if (nowS - sentS > TOLERANCE_S) throw new WebhookVerificationError("message too old");
  if (sentS - nowS > TOLERANCE_S) throw new WebhookVerificationError("message timestamp too new");
  const expected = fromBase64((await signWebhook(secret, id, sentS, body)).slice(3));
  for (const versioned of signatures.split(" ")) {
    const [version, signature] = versioned.split(",", 2);
    if (version !== "v1" || !signature) continue;
    let given: Uint8Array;
    try {
      given = fromBase64(signature);
    } catch {
      continue;
    }
    if (sameBytes(expected, given)) return JSON.parse(body);
  }
  throw new WebhookVerificationError("no matching signature");
}
