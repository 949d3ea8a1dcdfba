// The Eye's browser SDK, one ES module: README.md says how it works, the-eye.d.ts types it. Requests are
// CORS-simple (application in the query, text/plain body): no preflight, and sendBeacon works.

const BEACON_BYTES = 60000; // keepalive requests and beacons: at most 64 KiB in flight
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
  const api = `${String(o.endpoint).replace(/\/+$/, '')}/api/v1/`;
  const app = `?application=${encodeURIComponent(o.application)}`;
  const url = `${api}events/${app}`;
  const prefix = `the-eye:${o.application}`; // ids and consent
  const queues = `${prefix}:q:`; // + tab id: a tab's queue
  const sessionKey = `the-eye:session:${o.application}`;
  const locks = navigator.locks;
  const counts = { sent: 0, refused: 0, dropped: 0 };
  const warned = new Set();

  let queue = []; // {seq, event, size}, oldest first
  let inFlight = []; // stored until answered: if the page is left first, the next one sends it
  let seq = 0;
  let timer;
  let due = Infinity;
  let sending = false;
  let attempt = 0; // consecutive failures
  let retryAt = 0;
  let waiters = []; // flush(): {seq, resolve}
  let memoryState = {};
  let memorySession = null;
  let own; // this tab's queue key
  let aborter; // aborted when this tab is left: its locks go
  let hold; // this tab's locks are held until it resolves
  let watched; // the keys whose lock this tab asked for
  let ready;
  let left = 0; // 1 after pagehide
  let referrer = document.referrer;

  const online = () => navigator.onLine !== false;
  const consent = () => identity().c || o.consent;

  function warnOnce(key, ...message) {
    if (!warned.has(key)) {
      warned.add(key);
      console.warn(LOG, ...message);
    }
  }

  // No usable localStorage (Safari private mode, quota): memory does, with one warning.
  const unusable = (error) => warnOnce('storage', 'localStorage unusable, events kept in memory:', String(error));

  function read(key) {
    try {
      return JSON.parse(localStorage.getItem(key));
    } catch (error) {
      unusable(error);
    }
  }

  function write(key, value) {
    try {
      value ? localStorage.setItem(key, JSON.stringify(value)) : localStorage.removeItem(key);
      return true;
    } catch (error) {
      unusable(error);
    }
  }

  // {a: anonymous id, u: user id, c: consent chosen}, shared by all tabs.
  function identity(change) {
    let state = read(prefix) || memoryState;
    if (change || !state.a) write(prefix, (state = memoryState = { a: uuid(), ...state, ...change }));
    return state;
  }

  // Per tab, ends after sessionTimeout without events; keeps the landing page's campaign.
  function session(touch) {
    const now = Date.now();
    let current;
    try {
      current = JSON.parse(sessionStorage.getItem(sessionKey));
    } catch {}
    current ||= memorySession; // sessionStorage that keeps nothing
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

  function save() {
    const events = inFlight.concat(queue).map((entry) => entry.event);
    if (write(own, events.length && { t: Date.now(), l: left, e: events })) return true;
    write(own); // no stale copy
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

  // Takes this tab's lock, then asks for every other key's: granted once its owner is gone.
  function claim() {
    own = queues + uuid();
    aborter = new AbortController();
    hold = new Promise((resolve) => (aborter.signal.onabort = resolve));
    watched = new Set();
    const granted = new Promise((resolve) => (locks ? locks.request(own, () => (resolve(), hold)).catch(resolve) : resolve()));
    return granted.then(() => Object.keys(localStorage).forEach(watch)).catch(() => {});
  }

  function watch(key) {
    if (!key?.startsWith(queues) || key === own || watched.has(key)) return;
    // Without locks, a key is taken once its tab left, or after a day.
    const take = (lock) => {
      const held = read(key);
      if (lock || (held && (held.l || Date.now() - held.t > 864e5))) {
        write(key);
        if (held?.e) enqueue(held.e);
        schedule(0);
      }
      return lock && hold;
    };
    if (!locks) return take();
    watched.add(key);
    // The owner's last writes may follow the lock: wait, holding it.
    locks.request(key, { signal: aborter.signal }, (lock) => new Promise((wait) => setTimeout(wait, 2e3)).then(() => take(lock))).catch(() => {});
  }

  function settle() {
    const oldest = Math.min(...queue.concat(inFlight).map((entry) => entry.seq));
    waiters = waiters.filter((w) => w.seq >= oldest || w.resolve());
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

  // sent_at per request: the server corrects a skewed clock.
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
    const batch = (inFlight = queue.splice(0, o.batchSize));
    let retry = null;
    try {
      retry = await send(batch);
    } catch {
      retry = 0; // offline, DNS, refused connection, CORS
    }
    inFlight = [];
    sending = false;
    if (retry !== null) {
      queue = batch.concat(queue);
      attempt++;
      // Full jitter, so clients that failed together spread out.
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

  // Answers null when the batch is done with (stored or refused), or the ms to wait at least.
  async function send(batch) {
    const json = body(batch);
    const response = await fetch(url, {
      method: 'POST',
      body: json,
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      credentials: 'omit',
      keepalive: json.length < BEACON_BYTES,
    });
    const status = response.status;
    if (status < 300) {
      counts.sent += batch.length;
      // The accepted events, each with its receipt (a beacon gets no answer).
      if (o.onReceipt) response.json().then((echo) => o.onReceipt([].concat(echo)), () => {});
      return null;
    }
    if (status === 429 || status >= 500) return retryAfter(response.headers.get('retry-after'));
    if (status === 413 && batch.length > 1) {
      // Too large: from now on batches are half as big.
      queue = batch.concat(queue);
      o.batchSize = Math.ceil(batch.length / 2);
      return null;
    }
    const errors = await response.json().catch(() => null);
    const named = Object.keys(errors || {});
    let refused = batch;
    if (status === 400 && batch.length > 1 && named.length && named.every((key) => /^\d+$/.test(key))) {
      // An array is refused whole: the events the server did not name go again.
      refused = batch.filter((_, index) => index in errors);
      queue = batch.filter((_, index) => !(index in errors)).concat(queue);
    }
    warnOnce(status, `events refused with ${status}, not retried:`, errors);
    drop(refused, 'refused');
    return null;
  }

  // Hidden or left: the queue goes by sendBeacon (it outlives the page), or stays stored if offline or failing.
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
    // A visibilitychange follows pagehide.
    if (event.type === 'pagehide') left = 1;
    if (left) {
      if (!save()) drop(queue.splice(0), 'storage');
      aborter.abort();
    } else save();
    settle();
  }

  document.addEventListener('visibilitychange', (event) => document.visibilityState === 'hidden' && leave(event));
  addEventListener('pagehide', leave);
  // Back from the back/forward cache, with its locks released: a new tab.
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
  // Another tab changed consent, or started a queue.
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
      if (!userId) throw new TypeError(`${LOG} identify needs a user id`);
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
    // Forgets the visitor: every tab's queue, the ids.
    optOut() {
      identity({ c: 'denied', a: uuid(), u: null });
      drop(queue.splice(0), 'consent');
      try {
        for (const key of Object.keys(localStorage)) if (key.startsWith(queues)) localStorage.removeItem(key);
      } catch {}
      settle();
    },
    // {status, errors}; null if unknown (404).
    receipt: (receipt) =>
      fetch(`${api}receipts/${encodeURIComponent(receipt)}${app}`, { credentials: 'omit' }).then((r) =>
        r.ok ? r.json() : r.status === 404 ? null : Promise.reject(new Error(`${LOG} ${r.status}`)),
      ),
    stats() {
      return { ...counts, queued: queue.length + inFlight.length };
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
    // After the router's work, for the new route's title.
    history.pushState = function (...args) {
      push.apply(this, args);
      setTimeout(route);
    };
    addEventListener('popstate', route);
    route();
  }
  return tracker;
}

// crypto.randomUUID exists on secure origins only (https, localhost).
function uuid() {
  return crypto.randomUUID
    ? crypto.randomUUID()
    : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) => (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));
}

// Retry-After is seconds or an HTTP date; answers the ms to wait at least.
function retryAfter(value) {
  if (!value) return 0;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : Math.max(0, Date.parse(value) - Date.now()) || 0;
}
