// @ts-check
// Server state for components: a value loaded from the API into a signal, reloaded when an
// action invalidates one of its tags ("wallet", "statement", "economy", ...) and, for screens
// that watch a changing economy, on an interval. Nothing is cached across screens: a screen
// shows what the server says when it opens, after every action, and on its refresh interval.

import { useEffect, useRef, useSignal } from "./lib.js";

/** @typedef {{tags: string[], reload: () => Promise<void>}} Subscriber */

/** @type {Set<Subscriber>} */
const subscribers = new Set();

/** Reload every mounted query that carries one of these tags (after a write). */
export async function invalidate(...tags) {
  const due = [...subscribers].filter((s) => s.tags.some((t) => tags.includes(t)));
  await Promise.all(due.map((s) => s.reload()));
}

/**
 * @template T
 * @typedef {{data: T|undefined, error: any, loading: boolean}} QueryState
 */

/**
 * @template T
 * @param {string[]} tags
 * @param {() => Promise<T>} loader
 * @param {any[]} [deps] reload from scratch when these change
 * @param {number} [everyMs] also reload on this interval (0: never)
 * @returns {{value: QueryState<T>, reload: () => Promise<void>}}
 */
export function useQuery(tags, loader, deps = [], everyMs = 0) {
  const state = useSignal(/** @type {QueryState<T>} */ ({ data: undefined, error: null, loading: true }));
  const loaderRef = useRef(loader);
  loaderRef.current = loader;
  const reloadRef = useRef(async () => {});
  useEffect(() => {
    let alive = true;
    let sequence = 0;
    state.value = { data: undefined, error: null, loading: true };
    const reload = async () => {
      const mine = ++sequence;
      try {
        const data = await loaderRef.current();
        if (alive && mine === sequence) state.value = { data, error: null, loading: false };
      } catch (error) {
        if (alive && mine === sequence) state.value = { data: state.value.data, error, loading: false };
      }
    };
    reloadRef.current = reload;
    const subscriber = { tags, reload };
    subscribers.add(subscriber);
    reload();
    const timer = everyMs ? setInterval(reload, everyMs) : null;
    return () => {
      alive = false;
      subscribers.delete(subscriber);
      if (timer) clearInterval(timer);
    };
  }, deps);
  return {
    get value() { return state.value; },
    reload: () => reloadRef.current(),
  };
}
