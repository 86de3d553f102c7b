/**
 * fancoins TypeScript client: `createFancoinsClient` (openapi-fetch over the generated
 * `paths` types in schema.d.ts), `verifyWebhook` (Standard Webhooks) and `LiveEvents`
 * (the LIVE WebSocket). Regenerate schema.d.ts with `make clients` at the repository root.
 */
import createClient, { type Client, type ClientOptions } from "openapi-fetch";

import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths };
export { LiveEvents, eventsUrl, parseFrame } from "./live.js";
export type { LiveEvent, LiveOptions } from "./live.js";
export { WebhookVerificationError, verifyWebhook } from "./webhooks.js";

/** A client for one fancoins server; `token` is an API key or a user token. */
export function createFancoinsClient(
  baseUrl: string,
  token?: string,
  options: Omit<ClientOptions, "baseUrl"> = {},
): Client<paths> {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  return createClient<paths>({ ...options, baseUrl, headers: { ...headers, ...(options.headers as Record<string, string> | undefined) } });
}

/** The RFC 9457 problem every error answer carries. */
export type Problem = components["schemas"]["ProblemBody"];
