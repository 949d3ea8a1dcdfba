// Segment's and RudderStack's own libraries, from npm and unmodified, pointed at the local runner with the
// application id as their write key: every message each sends comes back from the queries by person, with its
// properties. A recording proxy in front of the runner keeps what each library sent (method, path, headers, body
// as the server sees it, inflated) in captured-requests.json beside this file, for docs/API.md and the curious.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';
import { Analytics as SegmentNode } from '@segment/analytics-node';
import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import { APPLICATION, CHROMIUM_LAUNCH, eventually, startRunner } from '../node-test-support/local-runner.js';

const ANALYTICS_NEXT = join(import.meta.dirname, 'node_modules/@segment/analytics-next/dist/umd');
const CAPTURED = join(import.meta.dirname, 'captured-requests.json');

let runner;
let proxy;
const captured = [];

/** Forwards every request to the runner as it came, and records it as the server sees it. */
async function startRecordingProxy(target, library) {
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks);
      const text = request.headers['content-encoding'] === 'gzip' ? gunzipSync(body).toString() : body.toString();
      const answer = await fetch(target + request.url, {
        method: request.method,
        headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name))),
        body: ['GET', 'HEAD'].includes(request.method) ? undefined : body,
      });
      const answered = await answer.text();
      if (request.url.startsWith('/v1/')) {
        captured.push({ library: library(), method: request.method, path: request.url, headers: request.headers, body: text, status: answer.status, answer: answered });
      }
      const headers = Object.fromEntries([...answer.headers].filter(([name]) => !['content-length', 'transfer-encoding', 'connection'].includes(name)));
      response.writeHead(answer.status, headers);
      response.end(answered);
    });
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${server.address().port}`, port: server.address().port, close: () => new Promise((done) => server.close(done)) };
}

let current = 'none';

async function personEvents(parameter, value, expected) {
  return eventually(async () => {
    const answer = await fetch(`${runner.url}/api/v1/events/?${parameter}=${encodeURIComponent(value)}&limit=1000`);
    const { results } = await answer.json();
    return results.length >= expected && results;
  }, `${expected} events of ${parameter}=${value}`);
}

function named(events, name) {
  const found = events.find((event) => event.name === name);
  assert.ok(found, `no event named ${name} in ${JSON.stringify(events)}`);
  return found;
}

before(async () => {
  runner = await startRunner();
  proxy = await startRecordingProxy(runner.url, () => current);
});

after(async () => {
  writeFileSync(CAPTURED, JSON.stringify(captured, null, 1) + '\n');
  await proxy?.close();
  await runner?.stop();
});

test('@segment/analytics-node: track, page, screen, identify, group and alias come back by person', async () => {
  current = '@segment/analytics-node';
  const userId = `node-${randomUUID()}`;
  const anonymousId = `node-anon-${randomUUID()}`;
  const analytics = new SegmentNode({ writeKey: APPLICATION, host: proxy.url, flushInterval: 100 });
  const errors = [];
  analytics.on('error', (error) => errors.push(error));
  analytics.track({ userId, anonymousId, event: 'Order Completed', properties: { total: 10, currency: 'EUR' } });
  analytics.page({ anonymousId, category: 'Docs', name: 'Home', properties: { path: '/' } });
  analytics.screen({ userId, name: 'Settings', properties: { tab: 'privacy' } });
  analytics.identify({ userId, anonymousId, traits: { plan: 'pro' } });
  analytics.group({ userId, groupId: 'acme', traits: { seats: 5 } });
  analytics.alias({ userId, previousId: anonymousId });
  await analytics.closeAndFlush();
  assert.deepEqual(errors, []);

  const byUser = await personEvents('user_id', userId, 5);
  assert.equal(byUser.length, 5);
  assert.deepEqual(named(byUser, 'Order Completed').data, { total: 10, currency: 'EUR' });
  assert.equal(named(byUser, 'Order Completed').category, 'track');
  assert.deepEqual(named(byUser, 'Settings').data, { tab: 'privacy' });
  assert.deepEqual(named(byUser, 'identify').data, { plan: 'pro' });
  assert.equal(named(byUser, 'group').segment.groupId, 'acme');
  assert.equal(named(byUser, 'alias').segment.previousId, anonymousId);
  assert.ok(byUser.every((event) => event.message_id));
  // identify has a schema (schemas/identify/identify.json); the other types here have none.
  assert.deepEqual(
    byUser.filter((event) => event.unplanned === true).map((event) => event.category).sort(),
    ['alias', 'group', 'screen', 'track'],
  );
  const byAnonymousId = await personEvents('anonymous_id', anonymousId, 3);
  const page = named(byAnonymousId, 'Home');
  assert.equal(page.category, 'Docs', 'a page that names its category keeps it');
  assert.equal(page.data.path, '/');
  assert.equal(page.segment.context.library.name, '@segment/analytics-node');
});

test('@rudderstack/rudder-sdk-node: gzip, form-encoded JSON and originalTimestamp, and a repeated messageId stored once', async () => {
  current = '@rudderstack/rudder-sdk-node';
  const userId = `rudder-${randomUUID()}`;
  const messageId = randomUUID();
  const client = new RudderAnalytics(APPLICATION, { dataPlaneUrl: proxy.url, flushAt: 20, flushInterval: 100, logLevel: 'error' });
  client.track({ userId, event: 'Clicked', properties: { x: 1 }, messageId });
  client.track({ userId, event: 'Clicked', properties: { x: 1 }, messageId });
  client.page({ userId, category: 'Docs', name: 'Pricing', properties: { path: '/pricing' } });
  client.screen({ userId, name: 'Cart', properties: { items: 2 } });
  client.identify({ userId, traits: { plan: 'team' } });
  client.group({ userId, groupId: 'g-1', traits: { name: 'Acme' } });
  client.alias({ userId, previousId: 'old-id' });
  await client.flush();

  const byUser = await personEvents('user_id', userId, 6);
  await new Promise((done) => setTimeout(done, 1000)); // a duplicate would be stored by now
  const again = await personEvents('user_id', userId, 6);
  assert.equal(again.length, 6, 'the repeated messageId is one event');
  const clicked = named(byUser, 'Clicked');
  assert.deepEqual(clicked.data, { x: 1 });
  assert.equal(clicked.message_id, messageId);
  assert.ok(clicked.original_timestamp, 'originalTimestamp corrected with sentAt, and kept');
  assert.equal(clicked.segment.channel, 'server');
  assert.deepEqual(named(byUser, 'Pricing').data.path, '/pricing');
  assert.deepEqual(named(byUser, 'Cart').data, { items: 2 });
  assert.deepEqual(named(byUser, 'identify').data, { plan: 'team' });
  assert.equal(named(byUser, 'group').segment.groupId, 'g-1');
  assert.equal(named(byUser, 'alias').segment.previousId, 'old-id');
  const rudderRequests = captured.filter((request) => request.library === current);
  assert.ok(rudderRequests.every((request) => request.headers['content-encoding'] === 'gzip' && request.status === 200));
});

test('@segment/analytics-next in Chromium, without Segment CDN: every call comes back by anonymous id', async () => {
  current = '@segment/analytics-next';
  const pages = http.createServer((request, response) => {
    if (request.url.startsWith('/analytics-next/bundles/')) {
      const file = join(ANALYTICS_NEXT, request.url.slice('/analytics-next/bundles/'.length).split('?')[0]);
      if (existsSync(file) && !file.includes('..')) {
        response.writeHead(200, { 'content-type': 'text/javascript' });
        response.end(readFileSync(file));
        return;
      }
      response.writeHead(404);
      response.end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(`<!doctype html><title>shop</title>
<script>window.analytics = { _cdn: location.origin };</script>
<script src="/analytics-next/bundles/index.js"></script>`);
  });
  await new Promise((done) => pages.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${pages.address().port}`;
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const page = await browser.newPage();
    const outside = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.hostname !== '127.0.0.1') outside.push(request.url());
    });
    await page.goto(origin);
    const anonymousId = await page.evaluate(async ({ writeKey, apiHost, cdnURL }) => {
      const [analytics] = await window.AnalyticsNext.AnalyticsBrowser.load(
        {
          writeKey,
          cdnURL,
          // Segment's CDN would answer these settings for the write key: here they are given.
          cdnSettings: { integrations: { 'Segment.io': { apiKey: writeKey, apiHost, protocol: 'http' } }, metrics: { sampleRate: 0 } },
        },
        { disableClientPersistence: true },
      );
      await analytics.page('Docs', 'Home', { path: '/' });
      await analytics.track('Signed Up', { plan: 'pro' });
      await analytics.identify('browser-user', { email: 'someone@example.com' });
      await analytics.track('Clicked', { element: 'cta' });
      await analytics.group('acme', { seats: 5 });
      await analytics.alias('browser-user-2', 'browser-user');
      return analytics.user().anonymousId();
    }, { writeKey: APPLICATION, apiHost: `127.0.0.1:${proxy.port}/v1`, cdnURL: origin });

    const stored = await personEvents('anonymous_id', anonymousId, 6);
    assert.equal(stored.length, 6);
    const home = named(stored, 'Home');
    assert.equal(home.category, 'Docs');
    assert.equal(home.data.path, '/');
    assert.deepEqual(named(stored, 'Signed Up').data.plan, 'pro');
    assert.equal(named(stored, 'Clicked').user_id, 'browser-user');
    assert.equal(named(stored, 'identify').data.email, 'someone@example.com');
    assert.equal(named(stored, 'group').segment.groupId, 'acme');
    assert.ok(stored.every((event) => event.message_id && event.sent_at));
    const byUser = await personEvents('user_id', 'browser-user', 3);
    assert.ok(byUser.some((event) => event.name === 'Clicked'));
    assert.deepEqual(outside, [], 'nothing was asked of Segment or any other host');
    const sent = captured.filter((request) => request.library === current && request.method === 'POST');
    assert.ok(sent.length >= 6 && sent.every((request) => request.status === 200), JSON.stringify(sent.map((r) => [r.path, r.status])));
  } finally {
    await browser.close();
    await new Promise((done) => pages.close(done));
  }
});
