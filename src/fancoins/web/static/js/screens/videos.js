// @ts-check
// Videos: the list, and a video with its gifted comments (paged). A viewer comments with a
// gift; the video's creator promotes it with coins (the promotions API).

import { api, enc, idempotent } from "../api.js";
import { html, useSignal } from "../lib.js";
import { coins, formatCount } from "../money.js";
import * as names from "../names.js";
import { invalidate, useQuery } from "../query.js";
import { current, session } from "../session.js";
import { Loaded, Panel, ProblemBox, dateTime, toast, useAction } from "../ui.js";

const PAGE_SIZE = 20;

export function VideoList() {
  const query = useQuery(["videos"], async () => {
    /** @type {import("../types.js").VideoPage} */
    const page = await api.get("/v1/videos", { limit: 50 });
    const who = await names.displayNames(page.items.map((v) => v.creator_id));
    return page.items.map((v) => ({ ...v, creator: who.get(v.creator_id) || v.creator_id }));
  });
  const post = useAction(async (form) => {
    const caption = String(new FormData(form).get("caption") || "");
    const video = await idempotent("POST", "/v1/videos", { caption });
    location.hash = `#/videos/${enc(video.id)}`;
  });
  return html`<h1>Videos</h1>
    ${current.value?.role === "creator" ? html`<${Panel} title="Post a video">
      <form class="inline" id="post-video" onSubmit=${(e) => { e.preventDefault(); post.run(e.currentTarget); }}>
        <label class="field grow">Caption <input name="caption" maxlength="500" required /></label>
        <button class="primary" type="submit" disabled=${post.busy}>Post</button></form>
      <${ProblemBox} error=${post.error} /><//>` : null}
    <${Panel} title="Latest videos"><div id="videos"><${Loaded} query=${query}>${(videos) => videos.length
      ? html`<ul class="video-list">${videos.map((v) => html`<li key=${v.id}>
          <a class="stream-card" href=${`#/videos/${enc(v.id)}`} data-video=${v.id}>
            <span class="stream-title">${v.caption || "Untitled video"}</span>
            <span class="stream-creator">${v.creator}</span>
            <span class="muted small">${dateTime(v.created_at)}</span></a></li>`)}</ul>`
      : html`<p class="muted">No videos yet.</p>`}<//></div><//>`;
}

function CommentForm({ video, onSent }) {
  const catalog = useQuery(["gifts"], async () => /** @type {import("../types.js").GiftOut[]} */ (await api.get("/v1/gifts")));
  const send = useAction(async (form) => {
    const data = new FormData(form);
    await idempotent("POST", "/v1/gifts/send", { gift_id: String(data.get("gift")), count: 1,
      video_id: video.id, comment_text: String(data.get("text")) });
    form.reset();
    toast("Your gift and comment are on the video.");
    await invalidate("wallet", "statement");
    onSent();
  });
  return html`<form class="inline" id="comment-form" onSubmit=${(e) => { e.preventDefault(); send.run(e.currentTarget); }}>
      <label class="field grow">Comment <input name="text" maxlength="500" required placeholder="Say why you love it" /></label>
      <label class="field">Gift <select name="gift">${(catalog.value.data || []).map((g) => html`<option value=${g.id}>
        ${g.name} (${coins(g.price_coins)})</option>`)}</select></label>
      <button class="primary" type="submit" id="send-comment" disabled=${send.busy}>Gift with comment</button>
    </form><${ProblemBox} error=${send.error} />`;
}

function PromoteForm({ video }) {
  const promote = useAction(async (form) => {
    const data = new FormData(form);
    const promotion = await idempotent("POST", "/v1/promotions", { video_id: video.id,
      budget_coins: Number(data.get("budget")), days: Number(data.get("days")),
      objective: String(data.get("objective")) });
    toast(`Promotion started: ${coins(promotion.budget_coins)} held for ${promotion.days} day(s).`);
    await invalidate("wallet", "statement");
  });
  return html`<form class="inline" id="promote-form" onSubmit=${(e) => { e.preventDefault(); promote.run(e.currentTarget); }}>
      <label class="field">Budget (coins) <input name="budget" type="number" min="500" value="500" required /></label>
      <label class="field">Days <input name="days" type="number" min="1" max="30" value="1" required /></label>
      <label class="field">Objective <select name="objective"><option value="views">Views</option>
        <option value="followers">Followers</option><option value="profile_visits">Profile visits</option></select></label>
      <button class="primary" type="submit" id="promote" disabled=${promote.busy}>Promote</button>
    </form><${ProblemBox} error=${promote.error} />`;
}

export function VideoScreen({ videoId }) {
  const cursors = useSignal(/** @type {(string|null)[]} */ ([null]));
  const video = useQuery(["video"], () => api.get(`/v1/videos/${enc(videoId)}`), [videoId]);
  const comments = useQuery(["video"], async () => {
    const cursor = cursors.value[cursors.value.length - 1];
    /** @type {import("../types.js").CommentPage} */
    const page = await api.get(`/v1/videos/${enc(videoId)}/comments`, { limit: PAGE_SIZE, cursor });
    const catalog = await names.gifts();
    return { items: page.items.map((c) => ({ ...c, giftName: c.gift ? catalog.get(c.gift.gift_id)?.name
      || c.gift.gift_id : null })), next: page.next_cursor };
  }, [videoId, cursors.value]);
  return html`<p><a href="#/videos">← Videos</a></p><${Loaded} query=${video}>${(v) => html`
    <h1 id="video-caption">${v.caption || "Untitled video"}</h1>
    <p class="muted">by ${v.creator_name} · ${dateTime(v.created_at)}</p>
    <div class="grid cards">
      <div class="figure"><div class="label">Comments</div><div class="value" id="video-comments">${formatCount(v.comments_count)}</div></div>
      <div class="figure"><div class="label">Gifts</div><div class="value" id="video-gifts">${formatCount(v.gifts_count)}</div>
        <div class="sub">${coins(v.coins)}</div></div>
    </div>
    ${v.creator_id === session.userId
      ? html`<${Panel} title="Promote this video"><${PromoteForm} video=${v} /><//>`
      : html`<${Panel} title="Gift on this video"><${CommentForm} video=${v}
          onSent=${() => { cursors.value = [null]; invalidate("video"); }} /><//>`}
    <${Panel} title="Gifted comments"><div id="comments"><${Loaded} query=${comments}>${({ items, next }) => html`
      ${items.length ? html`<ul class="comments">${items.map((c) => html`<li key=${c.id} data-comment=${c.id}>
          <strong>${c.author_name}</strong> <span class="muted small">${dateTime(c.created_at)}</span>
          <div>${c.text}</div>
          ${c.gift ? html`<div class="comment-gift">${c.giftName} ×${formatCount(c.gift.count)} · ${coins(c.gift.coins)}</div>` : null}
        </li>`)}</ul>` : html`<p class="muted">No comments yet: be the first to gift one.</p>`}
      <div class="pager">
        <button disabled=${cursors.value.length <= 1} onClick=${() => { cursors.value = cursors.value.slice(0, -1); }}>← Newer</button>
        <button id="older-comments" disabled=${!next} onClick=${() => { cursors.value = [...cursors.value, next]; }}>Older →</button>
      </div>`}<//></div><//>`}<//>`;
}
