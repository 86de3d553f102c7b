// Who is signed in, per browser tab (sessionStorage): one tab can be the creator, another
// a viewer. Tokens come from the development sign-in (POST /v1/dev/session).

const KEY = "fancoins.session";

function load() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) || "null");
  } catch {
    return null;
  }
}

export const session = {
  get current() {
    const value = load();
    if (value && Date.parse(value.expires_at) <= Date.now()) return null;
    return value;
  },
  get token() {
    return this.current?.token || null;
  },
  get userId() {
    return this.current?.user_id || null;
  },
  get isOperator() {
    return (this.current?.scopes || []).includes("admin");
  },
  save(value) {
    sessionStorage.setItem(KEY, JSON.stringify(value));
  },
  clear() {
    sessionStorage.removeItem(KEY);
  },
};

// Streams seen in this browser (any tab): there is no "list live streams" API yet, so the
// LIVE screen offers the ones a creator started here or a viewer opened here.
const STREAMS_KEY = "fancoins.streams";
const STREAMS_MAX = 20;

export function knownStreams() {
  try {
    return JSON.parse(localStorage.getItem(STREAMS_KEY) || "[]");
  } catch {
    return [];
  }
}

export function rememberStream(stream) {
  const rest = knownStreams().filter((s) => s.id !== stream.id);
  const entry = { id: stream.id, title: stream.title, creator_id: stream.creator_id };
  localStorage.setItem(STREAMS_KEY, JSON.stringify([entry, ...rest].slice(0, STREAMS_MAX)));
}
