/**
 * Follow a LIVE stream's events over the WebSocket (see docs/websocket.md and /asyncapi.json).
 * Authenticates with the `bearer.<token>` subprotocol (browsers cannot set headers; the token
 * stays out of URLs and logs), parses frames, and reconnects with jittered exponential
 * back-off after 1001 (server shutting down), 4008 (viewer too slow) or a dropped connection.
 * After a reconnect the first frame is a fresh snapshot: replace your board with it.
 */

/** One event of a frame; `type` says which (gift.sent, combo.updated, ...). */
export interface LiveEvent {
  type: string;
  event_id: string;
  stream_id: string;
  time: string;
  time_ms: number;
  [field: string]: unknown;
}

export interface LiveOptions {
  onEvent: (event: LiveEvent) => void;
  /** Called once when following stops: the stream ended (code 1000) or we gave up. */
  onClose?: (code: number, reason: string) => void;
  /** Called before each reconnect, with the delay chosen. */
  onReconnect?: (attempt: number, delayMs: number) => void;
  /** The WebSocket constructor (default: the global one: browsers, Node >= 22; else pass `ws`). */
  WebSocket?: typeof WebSocket;
  firstDelayMs?: number;
  maxDelayMs?: number;
  attemptsMax?: number;
  /** A connection that lasted this long resets the attempt count. */
  stableMs?: number;
}

export const SUBPROTOCOL = "fancoins.v1";
const STREAM_ENDED = 1000;
const RECONNECT_CODES = new Set([1001, 1006, 1011, 1012, 1013, 4008]);

export function eventsUrl(baseUrl: string, streamId: string): string {
  const url = new URL(`/v1/streams/${encodeURIComponent(streamId)}/events`, baseUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

/** One server message: a JSON array of events, in order. */
export function parseFrame(data: string): LiveEvent[] {
  const frame: unknown = JSON.parse(data);
  if (!Array.isArray(frame)) throw new Error("a LIVE frame is a JSON array of events");
  return frame as LiveEvent[];
}

export class LiveEvents {
  private socket: WebSocket | null = null;
  private stopped = false;
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly url: string;
  private readonly Socket: typeof WebSocket;

  constructor(baseUrl: string, streamId: string, private readonly token: string,
              private readonly options: LiveOptions) {
    this.url = eventsUrl(baseUrl, streamId);
    const Socket = options.WebSocket ?? globalThis.WebSocket;
    if (!Socket) throw new Error("no WebSocket: pass options.WebSocket");
    this.Socket = Socket;
  }

  /** Connect (and keep reconnecting as needed) until `stop()` or the stream ends. */
  start(): this {
    this.stopped = false;
    this.connect();
    return this;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close(1000, "client stopped");
  }

  private connect(): void {
    const socket = new this.Socket(this.url, [SUBPROTOCOL, `bearer.${this.token}`]);
    this.socket = socket;
    const opened = Date.now();
    let ended = false;
    socket.onmessage = (message: MessageEvent) => {
      for (const event of parseFrame(String(message.data))) {
        this.options.onEvent(event);
        if (event.type === "stream.ended") ended = true;
      }
    };
    socket.onclose = (close: CloseEvent) => {
      if (Date.now() - opened >= (this.options.stableMs ?? 60_000)) this.attempts = 0;
      if (this.stopped) return;
      const code = ended ? STREAM_ENDED : close.code;
      if (code === STREAM_ENDED || !RECONNECT_CODES.has(code)) {
        this.finish(code, close.reason);
        return;
      }
      if (this.attempts >= (this.options.attemptsMax ?? 10)) {
        this.finish(code, `gave up after ${this.attempts} attempts`);
        return;
      }
      const ceiling = Math.min(this.options.maxDelayMs ?? 30_000,
                               (this.options.firstDelayMs ?? 500) * 2 ** this.attempts);
      const delayMs = Math.random() * ceiling;
      this.attempts += 1;
      this.options.onReconnect?.(this.attempts, delayMs);
      this.timer = setTimeout(() => this.connect(), delayMs);
    };
  }

  private finish(code: number, reason: string): void {
    this.stopped = true;
    this.options.onClose?.(code, reason);
  }
}
