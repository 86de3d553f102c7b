// @ts-check
// Words for people: a refusal's machine code ("self_gift", "exceeds_credits") never reaches the
// screen. Known codes and problem types get a plain sentence; an unknown code is dropped and the
// problem's title (already a sentence) is shown alone.

import { ApiError } from "./api.js";

/** Plain sentences by refusal code or problem slug (both spellings are accepted). */
const PLAIN = {
  sender_underage: "You need to be 18 or older to send gifts.",
  sender_minor: "You need to be 18 or older to send gifts.",
  sender_frozen: "Your account is frozen, so you can't send gifts right now.",
  account_frozen: "This account is frozen: an operator has paused it.",
  account_restricted: "Your coin balance is below zero after a refund. Buy coins to repay it first.",
  sender_restricted: "Your coin balance is below zero after a refund. Buy coins to repay it first.",
  recipient_frozen: "This creator can't receive gifts right now.",
  recipient_underage: "This creator can't receive gifts.",
  self_gift: "You can't send a gift to yourself.",
  stream_not_live: "This LIVE has ended, so gifts can no longer be sent.",
  stream_ended: "This LIVE has ended, so gifts can no longer be sent.",
  exceeds_credits: "You don't have enough coins for that. Buy more coins to continue.",
  insufficient_coins: "You don't have enough coins for that. Buy more coins to continue.",
  insufficient_balance: "There isn't enough balance for that.",
  spending_limit_exceeded: "That would go over the spending limit you set.",
  gift_not_available: "This gift isn't offered here.",
  not_a_creator: "Only creator accounts can do this.",
  stream_already_live: "You are already LIVE.",
  payout_method_required: "Add your PayPal email first: that is where withdrawals are paid.",
  below_minimum: "That is below the minimum withdrawal.",
  withdrawal_below_threshold: "That is below the minimum withdrawal.",
  withdrawal_daily_cap: "That would pass today's withdrawal cap. Try a smaller amount or tomorrow.",
  diamonds_on_hold: "Those diamonds are still on hold: they become withdrawable after the hold period.",
  insufficient_diamonds: "You don't have that many withdrawable diamonds.",
  verification_required: "Withdrawals need a verified identity (age 18+). Verify it in the app you stream from.",
  rate_limited: "Too many tries in a short time. Wait a moment and try again.",
  token_expired: "Your sign-in has expired. Sign in again.",
  gift_message_too_long: "That message is too long for this gift: bigger gifts allow longer messages.",
  moderation_unavailable: "Your message could not be checked just now, so nothing was sent or charged. Try again in a moment.",
  battle_creator_not_live: "Every creator in a battle has to be LIVE.",
  creator_in_battle: "One of these creators is already in a battle.",
  battle_not_open: "That invitation is no longer open.",
  goal_queue_full: "This LIVE already has as many goals as it may: cancel one first.",
  unauthenticated: "You are signed out. Sign in again.",
};

const MACHINE_CODE = /^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)+$/;

/** @param {string} code */
function plain(code) {
  return PLAIN[/** @type {keyof PLAIN} */ (code.replace(/-/g, "_"))] || null;
}

/**
 * What to show for an error: a title and a plain-language detail (never a raw code).
 * @param {any} error
 * @returns {{title: string, detail: string, slug: string}}
 */
export function explain(error) {
  if (error instanceof ApiError) {
    const detail = error.detail.trim();
    const isCode = MACHINE_CODE.test(detail);
    const sentence = (isCode && plain(detail)) || plain(error.slug)
      || (isCode ? "" : detail);
    return { title: error.title, detail: sentence, slug: error.slug };
  }
  if (error instanceof TypeError) {
    return { title: "Network error", detail: "The server could not be reached. Try again.", slug: "" };
  }
  return { title: error?.title || "Something went wrong",
    detail: String(error?.detail ?? error?.message ?? ""), slug: "" };
}

/** "gift_sent" → "Gift sent" (for the few labels that still arrive as codes). */
export function humanize(code) {
  const text = String(code || "").replace(/[_-]+/g, " ").trim();
  return text ? text[0].toUpperCase() + text.slice(1) : "";
}
