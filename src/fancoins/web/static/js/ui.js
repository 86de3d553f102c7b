// DOM helpers. Text always goes in as text (never HTML), so names from users are safe.

import { ApiError } from "./api.js";

/** h("div", {class: "x", onclick: fn}, "text", child, [more]) */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export function toast(message, kind = "") {
  const box = document.getElementById("toasts");
  const item = h("div", { class: `toast ${kind}` }, message);
  box.append(item);
  setTimeout(() => item.remove(), 5000);
}

/** A problem+json error as a readable box: its title, then its detail. */
export function problemBox(error) {
  if (error instanceof ApiError) {
    return h("div", { class: "problem", role: "alert", dataset: { type: error.type } },
      h("strong", {}, error.title), error.detail || "");
  }
  const title = error?.title || (error instanceof TypeError ? "Network error" : "Error");
  return h("div", { class: "problem", role: "alert" },
    h("strong", {}, title), String(error?.detail ?? error?.message ?? error));
}

/** Put a problem box (or nothing) in a slot. */
export function showError(slot, error) {
  replace(slot, error ? problemBox(error) : null);
}

export function figure(label, value, sub, attrs = {}) {
  return h("div", { class: "figure", ...attrs },
    h("div", { class: "label" }, label),
    h("div", { class: "value" }, value),
    sub ? h("div", { class: "sub" }, sub) : null);
}

/** A table: columns [{label, num?}], rows of cells (strings, nodes or {text, class}). */
export function table(columns, rows, empty = "Nothing yet.") {
  if (!rows.length) return h("p", { class: "muted" }, empty);
  const head = h("tr", {}, columns.map((c) => h("th", { class: c.num ? "num" : "" }, c.label)));
  const body = rows.map((cells) => h("tr", {}, cells.map((cell, i) => {
    const isObject = cell && typeof cell === "object" && !(cell instanceof Node);
    const klass = [columns[i]?.num ? "num" : "", isObject ? cell.class || "" : ""].join(" ");
    return h("td", { class: klass.trim() }, isObject ? cell.text : cell);
  })));
  return h("div", { class: "table-scroll" }, h("table", {}, h("thead", {}, head),
    h("tbody", {}, body)));
}

export function dateTime(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return date.toLocaleString(undefined, {
    year: "numeric", month: "short", day: "2-digit", hour: "2-digit", minute: "2-digit",
  });
}

export function timeOnly(iso) {
  return new Date(iso).toLocaleTimeString(undefined, {
    hour: "2-digit", minute: "2-digit", second: "2-digit",
  });
}

/** Run an async action from a button: disabled while it runs, errors shown in `slot`. */
export async function busy(button, slot, action) {
  button.disabled = true;
  if (slot) showError(slot, null);
  try {
    return await action();
  } catch (error) {
    if (slot) showError(slot, error);
    else toast(error.title || String(error), "bad");
    return undefined;
  } finally {
    button.disabled = false;
  }
}

export function panel(title, ...children) {
  return h("section", { class: "panel" }, title ? h("h2", {}, title) : null, children);
}
