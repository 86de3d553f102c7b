// @ts-check
// One LIVE's state, following the server: the board (first read over HTTP, then its events),
// viewers, open combos, the feed, its battle and goal, the gifts on stage and the pinned
// message, and whether it has ended, all from the LIVE socket.

import { GiftShow, reducedMotion } from "./animation.js";
import { api, enc } from "./api.js";
import { BattleState, Board, Combos, battleResult, connectEvents, describe, sideNames } from "./livefeed.js";
import { html, useEffect, useMemo, useSignal } from "./lib.js";
import { coins, formatCount } from "./money.js";
import { timeOnly } from "./ui.js";

/** Lines kept in the feed (older ones scroll away). */
export const FEED_MAX = 100;

/**
 * @param {string} streamId
 * @param {string} token
 * @param {{live: boolean, onEvent?: (event: any) => void, readBoard?: boolean}} options
 *   readBoard false: no HTTP read of the board first (an overlay credential reads the socket
 *   only; its snapshot carries the board)
 */
export function useLive(streamId, token, { live, onEvent, readBoard = true }) {
  const status = useSignal(live ? "connecting" : "ended");
  const viewers = useSignal(/** @type {number|null} */ (null));
  const board = useSignal(/** @type {any[]} */ ([]));
  const combos = useSignal(/** @type {any[]} */ ([]));
  const feed = useSignal(/** @type {{key: string, time: string, text: string, type: string}[]} */ ([]));
  const battle = useSignal(/** @type {{view: any, ended: boolean, winnerSide: string|null}|null} */ (null));
  const goal = useSignal(/** @type {{goal: any, queued: number}|null} */ (null));
  const pinned = useSignal(/** @type {{key: string, who: string, text: string, until: number}|null} */ (null));
  const show = useMemo(() => new GiftShow(), [streamId]);
  useEffect(() => {
    const boardState = new Board();
    const comboState = new Combos();
    const battleState = new BattleState();
    /** @type {ReturnType<typeof setTimeout>|null} */
    let unpin = null;
    let heard = false;
    if (readBoard) {
      api.get(`/v1/streams/${enc(streamId)}/leaderboard`, undefined, { token }).then((b) => {
        if (heard) return; // the socket's snapshot is newer
        boardState.reset(b.entries);
        board.value = boardState.ranked();
      }).catch(() => {});
    }
    if (!live) return undefined;
    const connection = connectEvents(streamId, token, {
      onEvent: (event) => {
        if (event.type === "leaderboard.updated") {
          heard = true;
          boardState.apply(event);
          board.value = boardState.ranked();
          return;
        }
        if (event.type === "viewers.updated") {
          viewers.value = event.count;
          return;
        }
        if (event.type === "goal.updated") {
          goal.value = { goal: event.goal, queued: event.queued };
          return;
        }
        if (battleState.apply(event)) {
          battle.value = { view: battleState.view, ended: battleState.ended,
            winnerSide: battleState.winnerSide };
          if (event.type === "battle.updated") return;
        }
        show.add(event);
        if (event.message && event.message.pin_s > 0) {
          pinned.value = { key: event.event_id, who: event.sender.display_name,
            text: event.message.text, until: Date.now() + event.message.pin_s * 1000 };
          if (unpin) clearTimeout(unpin);
          unpin = setTimeout(() => { pinned.value = null; }, event.message.pin_s * 1000);
        }
        comboState.apply(event);
        combos.value = comboState.list();
        const text = describe(event);
        if (text) {
          feed.value = [{ key: event.event_id, time: event.time, text, type: event.type },
            ...feed.value].slice(0, FEED_MAX);
        }
        if (event.type === "stream.ended") status.value = "ended";
        if (onEvent) onEvent(event);
      },
      onStatus: (s) => { if (status.value !== "ended") status.value = s; },
    });
    return () => {
      connection.close();
      show.close();
      if (unpin) clearTimeout(unpin);
    };
  }, [streamId, token, live, readBoard]);
  return { status, viewers, board, combos, feed, battle, goal, pinned, show };
}

/** A fan club member's badge: a heart with their level. */
export function ClubBadge({ level }) {
  if (!level) return null;
  return html`<span class="club-badge" title=${`Fan club level ${level}`}>♥<span class="visually-hidden">Fan club level</span> ${level}</span>`;
}

export function StatusBadge({ status, id = "live-status" }) {
  const text = { live: "LIVE", ended: "Ended", connecting: "Connecting…",
    reconnecting: "Reconnecting…", offline: "Offline, retrying" }[status] || status;
  const klass = status === "live" ? "live" : status === "ended" ? "" : "warn";
  return html`<span id=${id}><span class=${`badge ${klass}`}>${text}</span></span>`;
}

export function BoardList({ entries, id = "board" }) {
  return html`<ol class="board" id=${id}>
    ${entries.length ? entries.map((e) => html`<li key=${e.user_id}>
      <span class="rank">${e.rank}</span>
      <span class="who-name">${e.display_name || e.user_id}
        ${e.level ? html`<span class="muted small"> · Lv ${e.level}</span>` : null}
        <${ClubBadge} level=${e.club_level} /></span>
      <span class="amt">${formatCount(e.coins)}</span>
    </li>`) : html`<li class="muted">No gifts yet.</li>`}
  </ol>`;
}

export function CombosList({ combos }) {
  return html`<div class="combos" id="combos" aria-live="polite">
    ${combos.map((c) => html`<div class="combo" key=${c.combo.id}>
      <span>${c.sender.display_name} · ${c.gift.name}</span>
      <span class="count" key=${c.combo.count} data-count=${c.combo.count}>×${formatCount(c.combo.count)}</span>
    </div>`)}
  </div>`;
}

export function Feed({ lines }) {
  return html`<ul class="feed" id="feed" aria-live="polite">
    ${lines.length ? lines.map((l) => html`<li key=${l.key} class=${`ev ${l.type.replace(".", "-")}`}>
      <span class="t">${timeOnly(l.time || Date.now())}</span>${l.text}</li>`)
      : html`<li class="muted empty">Gifts appear here as they are sent.</li>`}
  </ul>`;
}

/** Seconds left until `iso`, ticking once a second while shown. @param {string} iso */
function useCountdown(iso) {
  const left = useSignal(0);
  useEffect(() => {
    const update = () => { left.value = Math.max(0, Math.ceil((Date.parse(iso) - Date.now()) / 1000)); };
    update();
    const timer = setInterval(update, 1000);
    return () => clearInterval(timer);
  }, [iso]);
  return left.value;
}

/** @param {number} s */
function clock(s) {
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** The battle the stream is in: both sides' scores as a bar, the time left, the top
 * supporters of each side, then the result. Always takes its room (no layout shift). */
export function BattleBar({ battle, id = "battle" }) {
  if (!battle) {
    return html`<div class="battle idle" id=${id} aria-hidden="true"><span>No battle right now</span></div>`;
  }
  const { view, ended, winnerSide } = battle;
  const score = (side) => view.sides.find((s) => s.side === side)?.score_coins ?? 0;
  const total = score("a") + score("b");
  const share = total ? Math.round((score("a") / total) * 100) : 50;
  const backers = (side) => (view.sides.find((s) => s.side === side)?.supporters || []).slice(0, 3);
  return html`<div class=${`battle${ended ? " ended" : ""}`} id=${id} data-battle=${view.id}
      role="group" aria-label="Battle">
    <div class="battle-head">
      <span class="side a">${sideNames(view, "a")}</span>
      <${BattleClock} endsAt=${view.ends_at} ended=${ended} />
      <span class="side b">${sideNames(view, "b")}</span>
    </div>
    <div class="battle-bar" role="meter" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${share}
      aria-label=${`${sideNames(view, "a")} has ${share}% of the battle's coins`}>
      <span class="fill a" style=${`width:${share}%`}></span>
    </div>
    <div class="battle-scores">
      <strong class="score a" data-side="a">${formatCount(score("a"))}</strong>
      <span class="result" id=${`${id}-result`}>${ended ? battleResult(view, winnerSide) : ""}</span>
      <strong class="score b" data-side="b">${formatCount(score("b"))}</strong>
    </div>
    <div class="battle-backers">
      <span>${backers("a").map((b) => b.display_name).join(", ")}</span>
      <span>${backers("b").map((b) => b.display_name).join(", ")}</span>
    </div>
  </div>`;
}

function BattleClock({ endsAt, ended }) {
  const left = useCountdown(endsAt);
  return html`<span class="battle-clock">${ended ? "Ended" : clock(left)}</span>`;
}

/** The stream's active goal and its progress, or that none is set. */
export function GoalBar({ goal, gifts = new Map(), id = "goal" }) {
  const active = goal?.goal;
  if (!active) return html`<div class="goal idle" id=${id}><span class="muted small">No goal set</span></div>`;
  const percent = Math.min(100, Math.floor((active.progress / active.target) * 100));
  const unit = active.kind === "coins" ? "coins"
    : `× ${gifts.get(active.gift_id)?.name || active.gift_id}`;
  return html`<div class="goal" id=${id} data-goal=${active.id}>
    <div class="goal-head"><strong>${active.title}</strong>
      <span class="goal-count">${formatCount(active.progress)} / ${formatCount(active.target)} ${unit}</span></div>
    <div class="goal-bar" role="progressbar" aria-valuemin="0" aria-valuemax=${active.target}
      aria-valuenow=${active.progress} aria-label=${`Goal: ${active.title}`}>
      <span class="fill" style=${`width:${percent}%`}></span></div>
    ${goal.queued ? html`<span class="muted small">${goal.queued} more queued</span>` : null}
  </div>`;
}

/** The gift on stage (banners and stage gifts, one after the other) and the pops beside it. */
export function GiftStage({ show, artwork = new Map() }) {
  const current = show.current.value;
  const art = (giftId, px) => {
    const src = artwork.get(giftId);
    return src ? html`<img src=${src} width=${px} height=${px} alt="" decoding="async" />` : null;
  };
  return html`<div class=${`gift-show${reducedMotion ? " still" : ""}`} aria-live="polite">
    <div class="pops">${show.pops.value.map((p) => html`<div class="pop" key=${p.key} data-tier="pop">
      ${art(p.giftId, 28)}<span>${p.who} · ${p.gift} ×${formatCount(p.count)}</span></div>`)}</div>
    ${current ? html`<div class=${`showing ${current.tier}`} key=${current.key} data-tier=${current.tier}>
        ${art(current.giftId, current.tier === "stage" ? 96 : 48)}
        <div class="showing-text"><strong>${current.who}</strong> sent ${current.gift} ×${formatCount(current.count)}
          <span class="showing-coins">${coins(current.coins)}</span>
          ${current.message ? html`<span class="showing-message">“${current.message}”</span>` : null}</div>
      </div>` : null}
    ${show.waiting.value ? html`<span class="waiting">+${show.waiting.value} waiting</span>` : null}
  </div>`;
}

/** A big gift's message, pinned above the feed for its tier's time. */
export function PinnedMessage({ pinned }) {
  return html`<div class="pinned" id="pinned">${pinned ? html`<span class="pin">Pinned</span>
    <strong>${pinned.who}</strong>: ${pinned.text}` : null}</div>`;
}
