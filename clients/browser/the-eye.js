// The Eye's browser SDK: one ES module, no dependencies, no build step. README.md says what it does,
// the-eye.d.ts types it.
//
// Requests are CORS-simple (the application in the query string, a text/plain body): no preflight, and
// sendBeacon, which cannot set headers, works when the page is left.
//
// Events wait in localStorage, one key per tab (`the-eye:<application>:q:<tab>`) that only that tab
// writes, so two tabs never overwrite each other. A tab holds the Web Lock named like its key while it
// lives; another tab takes over a key only when it gets that lock (the owner was closed, reloaded or
// crashed: the browser releases its locks) and keeps it while it lives, so no stored event is sent by
// two tabs. Without Web Locks (pages not on https), a key is taken over once its tab marked it left.

const BEACON_BYTES = 60000; // browsers refuse keepalive requests and beacons above 64 KiB in flight
const DAY = 864e5;
const LOG = '[the-eye]';

/** Creates a tracker; the-eye.d.ts lists its options and methods. */
export function createTracker(options) {
  const o = {
    batchSize: 20,
    flushInterval: 5000,
    maxQueue: 1000,
    maxQueueBytes: 1e6,
    sessionTimeout: 18e5,
    minRetryDelay: 1000,
    maxRetryDelay: 60000,
    consent: 'granted',
    ...options,
  };
  if (!o.endpoint || !o.application) throw new TypeError(`${LOG} endpoint and application are required`);
  const url = `${String(o.endpoint).replace(/\/+$/, '')}/api/v1/events/?application=${encodeURIComponent(o.application)}`;
  const prefix = `the-eye:${o.application}`; // identity and consent; queues under `${prefix}:q:`
  const sessionKey = `the-eye:session:${o.application}`;
  const locks = navigator.locks;
  const counts = { sent: 0, refused: 0, dropped: 0 };
  const warned = new Set();

  let queue = []; // {seq, event, size}, oldest first
  let inFlight = null; // {batch, keepalive}: stored until answered, so a page left meanwhile sends it again
  let seq = 0;
  let timer;
  let due = Infinity;
  let sending = false;
  let attempt = 0; // consecutive failures, for the backoff
  let retryAt = 0;
  let waiters = []; // flush() promises: {seq, resolve}
  let memoryState = {};
  let memorySession = null;
  let own; // this tab's queue key
  let hold; // resolves when this tab lets go of its locks
  let release;
  let aborter; // withdraws the lock requests still waiting
  let watched; // the keys whose lock this tab waits for or holds
  let ready;
  let left = 0; // 1 once the page was left (pagehide)
  let referrer = document.referrer;

  const online = () => navigator.onLine !== false;
  const consent = () => identity().c || o.consent;

  function warnOnce(key, ...message) {
    if (!warned.has(key)) {
      warned.add(key);
      console.warn(LOG, ...message);
    }
  }

  // localStorage may be missing, disabled or full (Safari private mode, quota): memory does, with one warning.
  function read(key) {
    try {
      return JSON.parse(localStorage.getItem(key));
    } catch (error) {
      warnOnce('storage', 'localStorage unusable, events kept in memory:', String(error));
    }
  }

  function write(key, value) {
    try {
      value ? localStorage.setItem(key, JSON.stringify(value)) : localStorage.removeItem(key);
      return true;
    } catch (error) {
      warnOnce('storage', 'localStorage unusable, events kept in memory:', String(error));
    }
  }

  // {a: anonymous id, u: user id, c: consent chosen}, shared by the application's tabs.
  function identity(change) {
    let state = read(prefix) || memoryState;
    if (change || !state.a) write(prefix, (state = memoryState = { a: uuid(), ...state, ...change }));
    return state;
  }

  // A session is per tab and ends after sessionTimeout without events; it keeps its landing page's campaign.
  function session(touch) {
    const now = Date.now();
    let current;
    try {
      current = JSON.parse(sessionStorage.getItem(sessionKey));
    } catch {}
    current ||= memorySession; // sessionStorage that does not keep what it is given
    if (!current || now - current.last > o.sessionTimeout) current = { id: uuid(), last: now };
    if (touch) current.last = now;
    if (campaign) current.c = campaign;
    campaign = 0;
    memorySession = current;
    try {
      sessionStorage.setItem(sessionKey, JSON.stringify(current));
    } catch {}
    return current;
  }

  let campaign = 0;
  new URLSearchParams(location.search).forEach((value, key) => {
    if (/^utm_(source|medium|campaign|term|content)$/.test(key)) (campaign ||= {})[key] = value;
  });

  // What this tab holds, in its key: in flight (until answered or handed to the browser) and queued.
  function save() {
    const events = (inFlight ? inFlight.batch : []).concat(queue).map((entry) => entry.event);
    if (write(own, events.length && { t: Date.now(), l: left, e: events })) return true;
    write(own); // no stale copy left behind
  }

  function drop(entries, reason) {
    if (!entries.length) return;
    counts[reason === 'refused' ? 'refused' : 'dropped'] += entries.length;
    const events = entries.map((entry) => entry.event);
    if (o.onDrop) queueMicrotask(() => o.onDrop(events, reason));
    else warnOnce(reason, `${events.length} event(s) dropped:`, reason);
  }

  function enqueue(events) {
    for (const event of events) queue.push({ seq: ++seq, event, size: JSON.stringify(event).length });
    let bytes = queue.reduce((sum, entry) => sum + entry.size, 0);
    let over = 0;
    while (queue.length - over > o.maxQueue || bytes > o.maxQueueBytes) bytes -= queue[over++].size;
    drop(queue.splice(0, over), 'overflow');
    save();
  }

  // Takes this tab's lock, then waits for the lock of every other tab's key: granted once its owner is gone.
  function claim() {
    own = `${prefix}:q:${uuid()}`;
    hold = new Promise((resolve) => (release = resolve));
    aborter = new AbortController();
    watched = new Set();
    const granted = new Promise((resolve) => (locks ? locks.request(own, () => (resolve(), hold)).catch(resolve) : resolve()));
    return granted.then(() => Object.keys(localStorage).forEach(watch)).catch(() => {});
  }

  function watch(key) {
    if (!key || !key.startsWith(`${prefix}:q:`) || key === own || watched.has(key)) return;
    const take = () => {
      const held = read(key);
      write(key);
      if (held && held.e) enqueue(held.e);
      schedule(0);
    };
    if (!locks) {
      const held = read(key);
      if (held && (held.l || Date.now() - held.t > DAY)) take();
      return;
    }
    watched.add(key);
    // The owner's last writes reach this tab's copy of localStorage on another channel than the lock: a
    // moment's wait (holding the lock) lets them arrive before the key is read.
    const taken = () => new Promise((resolve) => setTimeout(resolve, 500)).then(() => (take(), hold));
    locks.request(key, { signal: aborter.signal }, taken).catch(() => {});
  }

  function settle() {
    const pending = queue.concat(inFlight ? inFlight.batch : []);
    waiters = waiters.filter((w) => {
      const done = !pending.some((entry) => entry.seq <= w.seq);
      if (done) w.resolve();
      return !done;
    });
  }

  function schedule(delay) {
    const at = Date.now() + Math.max(0, delay);
    if (at >= due) return;
    clearTimeout(timer);
    due = at;
    timer = setTimeout(() => {
      due = Infinity;
      pump();
    }, at - Date.now());
  }

  // The events as sent: each request stamps sent_at, so the server can correct a skewed clock.
  function body(entries) {
    const sent_at = new Date().toISOString();
    return JSON.stringify(entries.map((entry) => ({ ...entry.event, sent_at })));
  }

  async function pump() {
    if (sending || !online()) return;
    if (consent() !== 'granted') {
      if (consent() === 'denied') {
        drop(queue.splice(0), 'consent');
        save();
        settle();
      }
      return;
    }
    if (!queue.length) return;
    const wait = retryAt - Date.now();
    if (wait > 0) return schedule(wait);
    sending = true;
    const batch = queue.splice(0, o.batchSize);
    const json = body(batch);
    inFlight = { batch, keepalive: json.length < BEACON_BYTES };
    let retry = null;
    try {
      retry = await send(batch, json);
    } catch {
      retry = 0; // a network error: offline, DNS, a refused connection or a CORS failure
    }
    inFlight = null;
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
    save();
    settle();
    if (queue.length) schedule(queue.length >= o.batchSize || waiters.length ? retryAt - Date.now() : o.flushInterval);
  }

  // Sends one batch; answers null when it is done with (stored or refused) or the ms to wait at least.
  async function send(batch, json) {
    const response = await fetch(url, {
      method: 'POST',
      body: json,
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      credentials: 'omit',
      keepalive: inFlight.keepalive,
    });
    const status = response.status;
    if (status < 300) {
      counts.sent += batch.length;
      return null;
    }
    if (status === 429 || status >= 500) return retryAfter(response.headers.get('retry-after'));
    if (status === 413 && batch.length > 1) {
      // Too large a body: from now on batches are half as big, starting with this one's events.
      queue = batch.concat(queue);
      o.batchSize = Math.ceil(batch.length / 2);
      return null;
    }
    const errors = await response.json().catch(() => null);
    let refused = batch;
    if (status === 400 && batch.length > 1 && errors && Object.keys(errors).length && Object.keys(errors).every((key) => /^\d+$/.test(key))) {
      // An array is refused whole; send again the events the server did not name, drop the others.
      refused = batch.filter((_, index) => index in errors);
      queue = batch.filter((_, index) => !(index in errors)).concat(queue);
    }
    warnOnce(status, `events refused with ${status}, not retried:`, errors);
    drop(refused, 'refused');
    return null;
  }

  // When the page is hidden or left, what is queued leaves now: sendBeacon outlives the page. Not while
  // offline or failing: then the events stay stored for this tab or the next page.
  function leave(event) {
    clearTimeout(timer);
    due = Infinity;
    while (queue.length && consent() === 'granted' && online() && !attempt) {
      let count = Math.min(o.batchSize, queue.length);
      let json;
      while ((json = body(queue.slice(0, count))).length > BEACON_BYTES && count > 1) count >>= 1;
      if (!(navigator.sendBeacon && navigator.sendBeacon(url, json))) break;
      counts.sent += count;
      queue.splice(0, count);
    }
    // After pagehide comes a visibilitychange: what is left stays marked left.
    if (event.type === 'pagehide') left = 1;
    if (left) {
      if (!save()) drop(queue.splice(0), 'storage');
      aborter.abort();
      release();
    } else save();
    settle();
  }

  document.addEventListener('visibilitychange', (event) => document.visibilityState === 'hidden' && leave(event));
  addEventListener('pagehide', leave);
  // Back from the back/forward cache: its locks were released, so it starts over as a new tab.
  addEventListener('pageshow', (event) => {
    if (event.persisted) {
      left = 0;
      queue = [];
      ready = claim();
    }
  });
  addEventListener('online', () => {
    retryAt = 0;
    attempt = 0;
    schedule(0);
  });
  // Another tab gave or withdrew consent, or started a queue.
  addEventListener('storage', (event) => (event.key === prefix ? schedule(0) : watch(event.key)));

  function track(category, name, data = {}) {
    const { a, u } = identity();
    let event = { session_id: session(true).id, category, name, data, timestamp: new Date().toISOString(), anonymous_id: a, user_id: u || undefined };
    if (consent() === 'denied') return drop([{ event }], 'consent');
    if (o.beforeSend && !(event = o.beforeSend(event))) return;
    enqueue([event]);
    schedule(queue.length >= o.batchSize ? retryAt - Date.now() : o.flushInterval);
  }

  const tracker = {
    get sessionId() {
      return session(false).id;
    },
    get anonymousId() {
      return identity().a;
    },
    get userId() {
      return identity().u || null;
    },
    get consent() {
      return consent();
    },
    track,
    page(properties) {
      track('page interaction', 'pageview', {
        host: location.host,
        path: location.pathname,
        url: location.href,
        referrer,
        title: document.title,
        ...session(false).c,
        ...properties,
      });
      referrer = location.href;
    },
    identify(userId, traits) {
      if (typeof userId !== 'string' || !userId) throw new TypeError(`${LOG} identify needs a user id`);
      identity({ u: userId });
      track('identify', 'identify', traits);
    },
    reset() {
      identity({ a: uuid(), u: null });
      memorySession = null;
      try {
        sessionStorage.removeItem(sessionKey);
      } catch {}
    },
    optIn() {
      identity({ c: 'granted' });
      schedule(0);
    },
    // Forgets the visitor too: what was queued, every tab's queue, the ids.
    optOut() {
      identity({ c: 'denied', a: uuid(), u: null });
      drop(queue.splice(0), 'consent');
      try {
        for (const key of Object.keys(localStorage)) if (key.startsWith(`${prefix}:q:`)) localStorage.removeItem(key);
      } catch {}
      settle();
    },
    stats() {
      return { ...counts, queued: queue.length + (inFlight ? inFlight.batch.length : 0) };
    },
    flush() {
      return ready.then(
        () =>
          new Promise((resolve) => {
            waiters.push({ seq, resolve });
            settle();
            schedule(retryAt - Date.now());
          }),
      );
    },
  };

  ready = claim();
  if (o.autoPageviews) {
    let last;
    const route = () => {
      if (location.pathname + location.search !== last) tracker.page();
      last = location.pathname + location.search;
    };
    const push = history.pushState;
    // After the router's own work, so the title is the new route's.
    history.pushState = function (...args) {
      push.apply(this, args);
      setTimeout(route);
    };
    addEventListener('popstate', route);
    route();
  }
  return tracker;
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
