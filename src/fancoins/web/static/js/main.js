// The app shell: sign-in, navigation and a hash router (#/wallet, #/live/<id>, ...).

import { api } from "./api.js";
import { session } from "./session.js";
import { h, panel, problemBox, replace, toast } from "./ui.js";
import { showWallet } from "./screens/wallet.js";
import { showBuy } from "./screens/buy.js";
import { showLive } from "./screens/live.js";
import { showCreator } from "./screens/creator.js";
import { showConsole } from "./screens/console.js";

const view = document.getElementById("view");
let cleanup = null; // the current screen's teardown (closes its WebSocket, timers)

const ROUTES = {
  wallet: { label: "Wallet", show: showWallet, who: "user" },
  buy: { label: "Buy coins", show: showBuy, who: "user" },
  live: { label: "LIVE", show: showLive, who: "user" },
  creator: { label: "Creator", show: showCreator, who: "creator" },
  console: { label: "Console", show: showConsole, who: "operator" },
};

function allowed(route) {
  if (!session.current) return false;
  if (route.who === "operator") return session.isOperator;
  if (session.isOperator) return false;
  if (route.who === "creator") return session.current.role === "creator";
  return true;
}

function renderChrome(active) {
  const nav = document.getElementById("nav");
  replace(nav, Object.entries(ROUTES).filter(([, r]) => allowed(r)).map(([name, r]) =>
    h("a", { href: `#/${name}`, class: name === active ? "active" : "" }, r.label)));
  const who = document.getElementById("who");
  const current = session.current;
  if (!current) {
    replace(who, h("span", {}, "Not signed in"));
    return;
  }
  replace(who,
    h("span", {}, "Signed in as ", h("strong", { id: "who-name" }, current.display_name)),
    h("button", { onclick: signOut, id: "sign-out" }, "Switch user"));
}

function signOut() {
  session.clear();
  location.hash = "#/";
}

async function signIn(person) {
  const role = person.role === "operator" ? "operator" : "user";
  const token = await api.post("/v1/dev/session", { user_id: person.id, role }, { token: "" });
  session.save({ ...token, display_name: person.display_name, role: person.role,
    country: person.country });
  location.hash = person.role === "operator" ? "#/console"
    : person.role === "creator" ? "#/creator" : "#/wallet";
}

async function showLanding() {
  const intro = h("div", { class: "hero" },
    h("h1", {}, "fancoins demo"),
    h("p", { class: "muted" },
      "Virtual coins, live gifts, diamonds and payouts. Pick who you are: viewers buy coins ",
      "and send gifts, creators go LIVE and cash out, the operator reads the economy. ",
      "Each browser tab keeps its own sign-in, so open one tab per person."));
  const list = h("div", { class: "pickers", id: "pickers" }, h("p", { class: "muted" }, "Loading…"));
  replace(view, intro, panel("Sign in as", list));
  let people;
  try {
    people = await api.get("/v1/dev/users", undefined, { token: "" });
  } catch (error) {
    replace(list, problemBox(error), h("p", { class: "muted" },
      "Development sign-in is off (production mode): your app signs users in."));
    return;
  }
  replace(list, people.map((person) => h("button", {
    class: "person", dataset: { user: person.id },
    onclick: () => signIn(person).catch((error) => toast(error.title || String(error), "bad")),
  },
  h("span", { class: "name" }, person.display_name),
  h("span", { class: "muted small" }, describe(person)))));
}

function describe(person) {
  if (person.role === "operator") return "Operator console (admin scope)";
  const parts = [person.role === "creator" ? "Creator" : "Viewer", person.country];
  if (person.adult === false) parts.push("under 18");
  return parts.join(" · ");
}

async function route() {
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  const [, name = "", ...rest] = location.hash.replace(/^#/, "").split("/");
  const params = new URLSearchParams(location.search);
  const target = ROUTES[name];
  renderChrome(name);
  if (!target || !allowed(target)) {
    if (session.current && !target && name === "") {
      location.hash = session.isOperator ? "#/console" : "#/wallet";
      return;
    }
    await showLanding();
    return;
  }
  replace(view, h("p", { class: "muted" }, "Loading…"));
  cleanup = (await target.show(view, { args: rest, params })) || null;
}

function checkoutReturn() {
  // Stripe's hosted checkout sends the buyer back to /?checkout=success|cancel.
  const params = new URLSearchParams(location.search);
  const outcome = params.get("checkout");
  if (!outcome) return;
  toast(outcome === "success" ? "Payment received: your coins arrive in a moment."
    : "Checkout cancelled: nothing was charged.", outcome === "success" ? "" : "bad");
  history.replaceState(null, "", location.pathname + "#/wallet");
}

window.addEventListener("hashchange", route);
checkoutReturn();
route();
