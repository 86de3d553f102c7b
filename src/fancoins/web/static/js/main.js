// @ts-check
// The app shell: sign-in, navigation (one line on a phone) and a hash router
// (#/wallet, #/live/<id>, #/console/users/<id>, ...).

import { api } from "./api.js";
import { html, render, signal, useEffect } from "./lib.js";
import { bcp47, userLocale } from "./money.js";
import * as names from "./names.js";
import { useQuery } from "./query.js";
import { current, session } from "./session.js";
import { Loaded, Panel, Toasts, toast } from "./ui.js";
import { BuyScreen } from "./screens/buy.js";
import { ConsoleScreen } from "./screens/console.js";
import { CreatorScreen } from "./screens/creator.js";
import { LiveList, LiveRoom } from "./screens/live.js";
import { VideoList, VideoScreen } from "./screens/videos.js";
import { WalletScreen } from "./screens/wallet.js";

const ROUTES = {
  wallet: { label: "Wallet", who: "user", show: () => html`<${WalletScreen} />` },
  buy: { label: "Buy coins", short: "Buy", who: "user", show: () => html`<${BuyScreen} />` },
  live: { label: "LIVE", who: "user",
    show: (args) => (args[0] ? html`<${LiveRoom} key=${args[0]} streamId=${decodeURIComponent(args[0])} />` : html`<${LiveList} />`) },
  videos: { label: "Videos", who: "user",
    show: (args) => (args[0] ? html`<${VideoScreen} key=${args[0]} videoId=${decodeURIComponent(args[0])} />` : html`<${VideoList} />`) },
  creator: { label: "Studio", who: "creator", show: () => html`<${CreatorScreen} />` },
  console: { label: "Console", who: "operator", show: (args) => html`<${ConsoleScreen} args=${args} />` },
};

const hash = signal(location.hash);
window.addEventListener("hashchange", () => { hash.value = location.hash; });

function allowed(route) {
  const who = current.value;
  if (!who) return false;
  if (route.who === "operator") return session.isOperator;
  if (session.isOperator) return false;
  if (route.who === "creator") return who.role === "creator";
  return true;
}

function Header({ active }) {
  const who = current.value;
  return html`<header class="topbar">
    <a class="brand" href="#/" aria-label="fancoins home">fan<span>coins</span></a>
    <nav id="nav" aria-label="Screens">
      ${Object.entries(ROUTES).filter(([, r]) => allowed(r)).map(([name, r]) => html`<a href=${`#/${name}`}
        class=${name === active ? "active" : ""} aria-current=${name === active ? "page" : undefined}>
        <span class="long">${r.label}</span><span class="short">${r.short || r.label}</span></a>`)}
    </nav>
    <div id="who" class="who">
      ${who ? html`<span class="who-label"><span class="visually-hidden">Signed in as </span><strong id="who-name">${who.display_name}</strong></span>
        <button id="sign-out" onClick=${signOut}>Switch<span class="long"> user</span></button>`
        : html`<span>Not signed in</span>`}
    </div>
  </header>`;
}

function signOut() {
  session.clear();
  names.forget();
  location.hash = "#/";
}

async function signIn(person) {
  const role = person.role === "operator" ? "operator" : "user";
  const token = await api.post("/v1/dev/session", { user_id: person.id, role }, { token: "" });
  names.forget();
  session.save({ ...token, display_name: person.display_name, role: person.role, country: person.country });
  location.hash = person.role === "operator" ? "#/console" : person.role === "creator" ? "#/creator" : "#/wallet";
}

function describe(person) {
  if (person.role === "operator") return "Operator console (admin scope)";
  const parts = [person.role === "creator" ? "Creator" : "Viewer", person.country];
  if (person.adult === false) parts.push("under 18");
  return parts.join(" · ");
}

function Landing() {
  const people = useQuery([], () => api.get("/v1/dev/users", undefined, { token: "" }));
  return html`<div class="hero">
      <h1>fancoins demo</h1>
      <p class="muted">Virtual coins, live gifts, diamonds and payouts. Pick who you are: viewers
        buy coins and send gifts, creators go LIVE and cash out, the operator reads the economy.
        Each browser tab keeps its own sign-in, so open one tab per person.</p>
    </div>
    <${Panel} title="Sign in as"><div class="pickers" id="pickers">
      ${people.value.error ? html`<p class="muted">Development sign-in is off (production mode): your app signs users in.</p>` : null}
      <${Loaded} query=${people}>${(list) => list.map((p) => html`<button class="person" data-user=${p.id} key=${p.id}
        onClick=${() => signIn(p).catch((error) => toast(error.title || String(error), "bad"))}>
        <span class="name">${p.display_name}</span>
        <span class="muted small">${describe(p)}</span>
      </button>`)}<//>
    </div><//>`;
}

/** The user's locale: the one the server formats their country's prices in. */
function useUserLocale() {
  const who = current.value;
  useEffect(() => {
    if (!who || session.isOperator || !who.country) {
      userLocale.value = navigator.language;
      return;
    }
    api.get("/v1/packages", { country: who.country, channel: "web" })
      .then((list) => { userLocale.value = bcp47(list.locale); })
      .catch(() => { userLocale.value = navigator.language; });
  }, [who?.user_id]);
}

function App() {
  useUserLocale();
  const [, name = "", ...rest] = hash.value.replace(/^#/, "").split("/");
  const route = ROUTES[/** @type {keyof ROUTES} */ (name)];
  const ok = route && allowed(route);
  useEffect(() => {
    // Read the address as it is now: a navigation made since this render (a link, a test's
    // goto) must not be overridden by the landing redirect that was pending.
    const now = location.hash.replace(/^#\/?/, "");
    if (current.value && !route && name === "" && now === "") {
      location.hash = session.isOperator ? "#/console" : current.value.role === "creator" ? "#/creator" : "#/wallet";
    }
  }, [name, current.value?.user_id]);
  // A changed locale re-renders every figure (userLocale is read while formatting).
  void userLocale.value;
  return html`<${Header} active=${ok ? name : ""} />
    <main id="view">${ok ? route.show(rest) : html`<${Landing} />`}</main>
    <${Toasts} />`;
}

function checkoutReturn() {
  // Stripe's hosted checkout sends the buyer back to /?checkout=success|cancel.
  const params = new URLSearchParams(location.search);
  const outcome = params.get("checkout");
  if (!outcome) return;
  toast(outcome === "success" ? "Payment received: your coins arrive in a moment."
    : "Checkout cancelled: nothing was charged.", outcome === "success" ? "" : "bad");
  history.replaceState(null, "", `${location.pathname}#/wallet`);
  hash.value = location.hash;
}

checkoutReturn();
render(html`<${App} />`, /** @type {HTMLElement} */ (document.getElementById("app")));
