// The Eye's browser SDK: one ES module, no dependencies, no build step.
//
//   import { createTracker } from './the-eye.js';
//   const tracker = createTracker({ endpoint: 'https://events.example.com', application: '<uuid>' });
//   tracker.track('page interaction', 'pageview', { host: location.host, path: location.pathname });
//   await tracker.flush();
//
// Requests carry the application as the `application` query parameter and the body as text/plain, so
// they are CORS-simple: no preflight, and navigator.sendBeacon (which cannot set headers) works when the
// page is hidden or left. The application id is public once it is in a page: it lets a sender add
// events, never read them. Every event gets its id from its content on the server, so sending one twice
// stores it once: retrying is always safe.

const KEEPALIVE_BYTES = 60000; // browsers refuse keepalive requests (and beacons) above 64 KiB in flight
const LOG = '[the-eye]';

/**
 * Creates a tracker. Options: endpoint (The Eye's base URL) and application (UUID), required;
 * batchSize (20, at most the server's MAX_BATCH_EVENTS, 500), flushInterval (ms, 5000), maxQueue
 * (1000; beyond it the oldest events are dropped with a warning), sessionTimeout (ms, 30 min),
 * minRetryDelay (ms, 1000) and maxRetryDelay (ms, 60000).
 */
export function createTracker(options) {
  const o = {
    batchSize: 20,
    flushInterval: 5000,
    maxQueue: 1000,
    sessionTimeout: 30 * 60 * 1000,
    minRetryDelay: 1000,
    maxRetryDelay: 60000,
    ...options,
  };
  if (!o.endpoint || !o.application) throw new TypeError(`${LOG} endpoint and application are required`);
  const url = `${String(o.endpoint).replace(/\/+$/, '')}/api/v1/events/?application=${encodeURIComponent(o.application)}`;
  const storageKey = `the-eye:session:${o.application}`;

  let queue = []; // {seq, event}, oldest first
  let inFlight = []; // the batch being sent
  let seq = 0;
  let timer = null;
  let sending = false;
  let attempt = 0; // consecutive failures, for the backoff
  let retryAt = 0;
  let waiters = []; // flush() promises: {seq, resolve}
  let memorySession = null;
  let overflowWarned = false;
  const warned = new Set();

  const online = () => navigator.onLine !== false;

  function warnOnce(key, ...message) {
    if (!warned.has(key)) {
      warned.add(key);
      console.warn(LOG, ...message);
    }
  }

  function readSession() {
    try {
      return JSON.parse(sessionStorage.getItem(storageKey));
    } catch {
      return memorySession;
    }
  }

  function writeSession(session) {
    memorySession = session;
    try {
      sessionStorage.setItem(storageKey, JSON.stringify(session));
    } catch {
      // Storage refused (private mode, quota): the session lives as long as this tracker.
    }
  }

  // A session is per tab and ends after sessionTimeout without events.
  function session(touch) {
    const now = Date.now();
    let current = readSession();
    if (!current || now - current.last > o.sessionTimeout) current = { id: uuid(), last: now };
    if (touch) current.last = now;
    writeSession(current);
    return current.id;
  }

  function settle() {
    const pending = queue.concat(inFlight);
    waiters = waiters.filter((w) => {
      const done = !pending.some((entry) => entry.seq <= w.seq);
      if (done) w.resolve();
      return !done;
    });
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(pump, Math.max(0, delay));
  }

  async function pump() {
    if (sending || !queue.length || !online()) return;
    const wait = retryAt - Date.now();
    if (wait > 0) return schedule(wait);
    sending = true;
    inFlight = queue.splice(0, o.batchSize);
    const batch = inFlight;
    let retry = null;
    try {
      retry = await send(batch);
    } catch {
      retry = 0; // a network error: offline, DNS, a refused connection or a CORS failure
    }
    inFlight = [];
    sending = false;
    if (retry !== null) {
      queue = batch.concat(queue);
      attempt++;
      // Full jitter: a random delay up to an exponentially growing cap, so clients spread out.
      const backoff = Math.random() * Math.min(o.maxRetryDelay, o.minRetryDelay * 2 ** attempt);
      retryAt = Date.now() + Math.max(retry, backoff);
    } else {
      attempt = 0;
      retryAt = 0;
    }
    settle();
    if (queue.length) schedule(queue.length >= o.batchSize || waiters.length ? retryAt - Date.now() : o.flushInterval);
  }

  // Sends one batch; answers null when it is done with (stored or given up) or the ms to wait at least.
  async function send(batch) {
    const body = JSON.stringify(batch.map((entry) => entry.event));
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      credentials: 'omit',
      keepalive: body.length < KEEPALIVE_BYTES,
    });
    const status = response.status;
    if (status < 300) return null;
    if (status === 429 || status >= 500) return retryAfter(response.headers.get('retry-after'));
    if (status === 413 && batch.length > 1) {
      // Too large a body: from now on batches are half as big, starting with this one's events.
      queue = batch.concat(queue);
      o.batchSize = Math.ceil(batch.length / 2);
      return null;
    }
    const errors = await response.json().catch(() => null);
    if (status === 400 && batch.length > 1 && errors && Object.keys(errors).length && Object.keys(errors).every((key) => /^\d+$/.test(key))) {
      // An array is refused whole; send again the events the server did not name, drop the others.
      queue = batch.filter((_, index) => !(index in errors)).concat(queue);
    }
    warnOnce(status, `events refused with ${status}, not retried:`, errors);
    return null;
  }

  function enqueue(event) {
    queue.push({ seq: ++seq, event });
    if (queue.length > o.maxQueue) {
      queue.splice(0, queue.length - o.maxQueue);
      if (!overflowWarned) console.warn(LOG, `queue full (${o.maxQueue}): oldest events dropped`);
      overflowWarned = true;
    } else {
      overflowWarned = false;
    }
  }

  // When the page is hidden or left, what is queued leaves now: sendBeacon outlives the page.
  function sendQueuedOnLeave() {
    clearTimeout(timer);
    while (queue.length) {
      let count = Math.min(o.batchSize, queue.length);
      let body;
      while ((body = JSON.stringify(queue.slice(0, count).map((entry) => entry.event))).length > KEEPALIVE_BYTES && count > 1) count >>= 1;
      const sent = navigator.sendBeacon && navigator.sendBeacon(url, body);
      if (!sent) {
        fetch(url, { method: 'POST', body, keepalive: true, credentials: 'omit', headers: { 'content-type': 'text/plain;charset=UTF-8' } }).catch(() => {});
      }
      queue.splice(0, count);
    }
    settle();
  }

  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && sendQueuedOnLeave());
  addEventListener('pagehide', sendQueuedOnLeave);
  addEventListener('online', () => {
    retryAt = 0;
    attempt = 0;
    schedule(0);
  });

  return {
    /** This tab's session id; a new one after sessionTimeout without events. */
    get sessionId() {
      return session(false);
    },

    /** Queues one event, timestamped now (client clock, ISO-8601 UTC). */
    track(category, name, data = {}) {
      enqueue({ session_id: session(true), category, name, data, timestamp: new Date().toISOString() });
      if (queue.length >= o.batchSize) schedule(retryAt - Date.now());
      else if (!sending) schedule(o.flushInterval);
    },

    /** Resolves when every event tracked so far was answered (stored, or refused and dropped). */
    flush() {
      return new Promise((resolve) => {
        waiters.push({ seq, resolve });
        settle();
        schedule(retryAt - Date.now());
      });
    },
  };
}

function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  // crypto.randomUUID exists only on secure origins (https, localhost): a version-4 UUID by hand.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// Retry-After is seconds or an HTTP date; answers the ms to wait at least.
function retryAfter(value) {
  if (!value) return 0;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : Math.max(0, Date.parse(value) - Date.now()) || 0;
}
