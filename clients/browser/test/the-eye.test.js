// The browser SDK in Debian's Chromium, on a page served from another origin than the API, against the
// local runner: what a page sends is read back through the query API.
import assert from 'node:assert/strict';
import { after, before, beforeEach, afterEach, test } from 'node:test';
import { APPLICATION, eventually, launchChromium, pageExamples, startPageServer, startProxy, startRunner } from './support.js';

let runner;
let pages;
let browser;
let proxy;
let context;
let page;
const consoleMessages = [];

before(async () => {
  [runner, pages, browser] = await Promise.all([startRunner(), startPageServer(), launchChromium()]);
});

after(async () => {
  await browser?.close();
  await pages?.close();
  await runner?.stop();
});

beforeEach(async () => {
  proxy = await startProxy(runner.url);
  context = await browser.newContext();
  page = await context.newPage();
  consoleMessages.length = 0;
  page.on('console', (message) => consoleMessages.push(message.text()));
  await page.goto(`${pages.url}/`);
});

afterEach(async () => {
  await context.close();
  await proxy.close();
});

/** Creates window.tracker in the page, pointed at the proxy in front of the runner. */
async function createTracker(options = {}) {
  await page.evaluate(
    async ({ endpoint, application, options }) => {
      const { createTracker } = await import('/the-eye.js');
      window.tracker = createTracker({ endpoint, application, minRetryDelay: 200, ...options });
    },
    { endpoint: proxy.url, application: APPLICATION, options },
  );
  return page.evaluate(() => tracker.sessionId);
}

function track(path, name = 'pageview') {
  return page.evaluate(([path, name]) => tracker.track('page interaction', name, { host: location.host, path }), [path, name]);
}

function storedPaths(sessionId, count) {
  return eventually(async () => {
    const events = await runner.sessionEvents(sessionId);
    return events.length >= count && events.map((event) => event.data.path);
  }, `${count} events of session ${sessionId} stored`);
}

test('events sent with flush() are stored, without a CORS preflight', async () => {
  const sessionId = await createTracker();
  await track('/one');
  await track('/two');
  await track('/three');

  await page.evaluate(() => tracker.flush());

  assert.deepEqual(await storedPaths(sessionId, 3), ['/one', '/two', '/three']);
  assert.equal(proxy.posts().length, 1, 'one batch');
  assert.equal(proxy.requests.filter((r) => r.method === 'OPTIONS').length, 0);
  assert.match(proxy.posts()[0].url, new RegExp(`application=${APPLICATION}`));
  assert.match(proxy.posts()[0].headers['content-type'], /^text\/plain/);
  const [event] = JSON.parse(proxy.posts()[0].body);
  assert.match(event.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

test('events still queued when the page is left are sent with sendBeacon and stored', async () => {
  const sessionId = await createTracker({ flushInterval: 600000 });
  await track('/leaving');
  await track('/leaving-too');
  assert.equal(proxy.posts().length, 0, 'still queued');

  await page.goto(`${pages.url}/next`);

  assert.deepEqual(await storedPaths(sessionId, 2), ['/leaving', '/leaving-too']);
  const beacon = proxy.posts()[0];
  assert.equal(beacon.headers['sec-fetch-mode'], 'no-cors', 'a beacon with a safelisted type');
});

test('a 503 is retried, after its Retry-After, until the events are stored', async () => {
  proxy.failFirst(2);
  const sessionId = await createTracker();
  await track('/during-an-outage');
  const started = Date.now();

  await page.evaluate(() => tracker.flush());

  assert.deepEqual(await storedPaths(sessionId, 1), ['/during-an-outage']);
  assert.deepEqual(proxy.posts().map((r) => r.status), [503, 503, 202]);
  assert.ok(Date.now() - started >= 2000, 'waited Retry-After (1 s) twice');
});

test('events tracked offline are sent when the browser is back online', async () => {
  const sessionId = await createTracker({ flushInterval: 100 });
  await context.setOffline(true);
  await track('/offline-1');
  await track('/offline-2');
  await page.evaluate(() => {
    window.flushed = tracker.flush().then(() => 'flushed');
  });
  // Several flush intervals pass offline: nothing may be sent, and flush() keeps waiting.
  await page.evaluate(() => new Promise((done) => setTimeout(done, 500)));
  assert.equal(proxy.posts().length, 0);

  await context.setOffline(false);

  assert.equal(await page.evaluate(() => window.flushed), 'flushed');
  assert.deepEqual(await storedPaths(sessionId, 2), ['/offline-1', '/offline-2']);
});

test('a rejected event (400) is not retried; the rest of its batch is stored', async () => {
  const sessionId = await createTracker();
  await track('/good');
  await track('/bad', 'x'.repeat(201)); // names are at most 200 characters

  await page.evaluate(() => tracker.flush());
  await page.evaluate(() => tracker.flush());

  assert.deepEqual(await storedPaths(sessionId, 1), ['/good']);
  assert.deepEqual(proxy.posts().map((r) => r.status), [400, 202]);
  assert.equal(JSON.parse(proxy.posts()[1].body).length, 1, 'only the good event again');
  assert.equal(consoleMessages.filter((m) => m.includes('refused with 400')).length, 1);
});

test('an unknown application is refused with 401, logged once and never retried', async () => {
  await page.evaluate(async (endpoint) => {
    const { createTracker } = await import('/the-eye.js');
    window.stranger = createTracker({ endpoint, application: '00000000-0000-4000-8000-000000000000', batchSize: 1 });
    stranger.track('page interaction', 'pageview', { host: location.host, path: '/a' });
    stranger.track('page interaction', 'pageview', { host: location.host, path: '/b' });
    await stranger.flush();
  }, proxy.url);

  assert.deepEqual(proxy.posts().map((r) => r.status), [401, 401]);
  assert.equal(consoleMessages.filter((m) => m.includes('refused with 401')).length, 1);
});

test("the README's page examples run as written, and what they send is stored", async () => {
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const examples = [...pageExamples('README.md'), ...pageExamples('clients/browser/README.md')];
  assert.ok(examples.length >= 3, 'the SDK and sendBeacon examples of the README, the SDK one of its own README');

  for (const example of examples) {
    const sent = proxy.posts().length;
    // Only make run's address changes: to the proxy in front of the runner.
    await page.addScriptTag({ type: 'module', content: example.code.replaceAll('http://127.0.0.1:8000', proxy.url) });
    const post = await eventually(() => proxy.posts().length > sent && proxy.posts()[sent].status && proxy.posts()[sent], `${example.where} sent`);
    assert.equal(post.status, 202, `${example.where}: ${post.body}`);
    const [event] = JSON.parse(post.body);
    const stored = await eventually(async () => (await runner.sessionEvents(event.session_id)).length > 0, `${example.where}: stored`);
    assert.ok(stored);
  }
  assert.deepEqual(errors, []);
});
