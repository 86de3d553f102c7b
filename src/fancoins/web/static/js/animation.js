// @ts-check
// Gift animations in the LIVE room and the overlay: three tiers by coin value (the server
// names each gift event's tier). Small "pop" gifts pop beside the stage, a few at a time, the
// oldest making way; "banner" and "stage" gifts take the stage one after the other, queued so
// that none is skipped, banners for a short while and stage gifts longer. With
// prefers-reduced-motion the same gifts are shown without motion (the CSS drops the
// keyframes) and for a shorter time.

import { signal } from "./lib.js";

/** How long each tier holds the stage, in ms (halved when motion is reduced). */
export const SHOW_MS = { banner: 2600, stage: 4200 };
/** Pops shown at once beside the stage (older ones make way). */
export const POPS_MAX = 4;
export const POP_MS = 1800;
/** Banners waiting for the stage at most (under a storm the oldest banners give way; stage
 * gifts always wait their turn). */
export const BANNERS_WAITING_MAX = 20;

export const reducedMotion = typeof matchMedia === "function"
  && matchMedia("(prefers-reduced-motion: reduce)").matches;

/**
 * @typedef {object} Shown
 * @property {string} key
 * @property {string} tier "pop" | "banner" | "stage"
 * @property {string} who
 * @property {string} gift gift name
 * @property {string} giftId
 * @property {number} count
 * @property {number} coins
 * @property {string|null} message
 * @property {number|null} club club level of the sender
 */

/** @param {any} event a gift.sent or combo.updated event @returns {Shown} */
export function shownOf(event) {
  return {
    key: event.event_id, tier: event.tier || "pop",
    who: event.sender?.display_name || "Someone", gift: event.gift?.name || "a gift",
    giftId: event.gift?.id || "", count: event.count, coins: event.coins,
    message: event.message?.text ?? null, club: event.sender?.club_level ?? null,
  };
}

export class GiftShow {
  constructor() {
    this.pops = signal(/** @type {Shown[]} */ ([]));
    this.current = signal(/** @type {Shown|null} */ (null));
    this.waiting = signal(0);
    /** @type {Shown[]} */
    this.queue = [];
    /** @type {ReturnType<typeof setTimeout>|null} */
    this.timer = null;
    this.closed = false;
  }

  /** A gift event (others are ignored). @param {any} event */
  add(event) {
    if (this.closed || (event.type !== "gift.sent" && event.type !== "combo.updated")) return;
    const shown = shownOf(event);
    if (shown.tier === "pop") {
      this.pops.value = [...this.pops.value, shown].slice(-POPS_MAX);
      setTimeout(() => { this.pops.value = this.pops.value.filter((p) => p.key !== shown.key); },
        reducedMotion ? POP_MS / 2 : POP_MS);
      return;
    }
    this.queue.push(shown);
    const banners = this.queue.filter((s) => s.tier === "banner");
    if (banners.length > BANNERS_WAITING_MAX) {
      const oldest = banners[0];
      this.queue = this.queue.filter((s) => s !== oldest);
    }
    this.waiting.value = this.queue.length;
    if (!this.current.value) this.next();
  }

  next() {
    const shown = this.queue.shift() || null;
    this.current.value = shown;
    this.waiting.value = this.queue.length;
    if (!shown) return;
    const ms = SHOW_MS[/** @type {"banner"|"stage"} */ (shown.tier)] || SHOW_MS.banner;
    this.timer = setTimeout(() => this.next(), reducedMotion ? ms / 2 : ms);
  }

  close() {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
