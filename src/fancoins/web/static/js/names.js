// @ts-check
// Names and catalog entries behind ids ("maya" → "Maya Live", "panda" → "Panda"), asked of the
// server once per page load. They are labels, not live figures: a figure is always re-read.

import { api, enc } from "./api.js";

/** @type {Map<string, Promise<string>>} */
const people = new Map();
/** @type {Map<string, Promise<any>>} */
const streams = new Map();
/** @type {Promise<Map<string, any>>|null} */
let catalog = null;

/** A user's display name (their public gifter profile), or the id when it can't be read. */
export function displayName(userId) {
  let found = people.get(userId);
  if (!found) {
    found = api.get(`/v1/users/${enc(userId)}/gifter`)
      .then((p) => p.display_name || userId, () => userId);
    people.set(userId, found);
  }
  return found;
}

/** @param {string[]} ids @returns {Promise<Map<string, string>>} */
export async function displayNames(ids) {
  const unique = [...new Set(ids)];
  const names = await Promise.all(unique.map(displayName));
  return new Map(unique.map((id, i) => [id, names[i]]));
}

/** The gift catalog by id (this user's country). */
export function gifts() {
  if (!catalog) {
    catalog = api.get("/v1/gifts").then((list) => new Map(list.map((g) => [g.id, g])),
      () => { catalog = null; return new Map(); });
  }
  return /** @type {Promise<Map<string, any>>} */ (catalog);
}

/** A stream's title and creator (null when it can't be read). */
export function stream(streamId) {
  let found = streams.get(streamId);
  if (!found) {
    found = api.get(`/v1/streams/${enc(streamId)}`).catch(() => null);
    streams.set(streamId, found);
  }
  return found;
}

/** Forget everything (on sign-out: another user may see another catalog). */
export function forget() {
  people.clear();
  streams.clear();
  catalog = null;
}
