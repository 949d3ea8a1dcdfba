// The inspector page (/inspect) of the local runner in Debian's Chromium: events appear as they arrive with their
// outcomes, invalid ones with their errors and a link to their schema, filters live in the URL, the chart counts each
// minute, everything shown is text, and a runner restart loses no event.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import { randomUUID } from 'node:crypto';
import { APPLICATION, eventually, launchChromium, startRunner } from './support.js';

let runner;
let browser;
let context;
let page;
const dialogs = [];
const pageErrors = [];
const requests = [];

before(async () => {
  [runner, browser] = await Promise.all([startRunner(), launchChromium()]);
});

after(async () => {
  await browser?.close();
  await runner?.stop();
});

beforeEach(async () => {
  context = await browser.newContext();
  page = await context.newPage();
  dialogs.length = 0;
  pageErrors.length = 0;
  requests.length = 0;
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
});

afterEach(async () => {
  await context.close();
  assert.deepEqual(pageErrors, [], 'no script error on the page');
  const elsewhere = requests.filter((url) => !url.startsWith(runner.url));
  assert.deepEqual(elsewhere, [], 'the page requests nothing from another origin');
});

async function open(query = '') {
  await page.goto(`${runner.url}/inspect${query}`);
  await eventually(async () => (await page.textContent('#status')).startsWith('Live'), 'the inspector live');
}

function event(session, name = 'cta click', data = { host: 'shop', path: '/', element: 'buy' }, category = 'page interaction') {
  return { session_id: session, category, name, data, timestamp: new Date().toISOString() };
}

async function post(...events) {
  const response = await fetch(`${runner.url}/api/v1/events/`, {
    method: 'POST',
    headers: { application: APPLICATION, 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
  assert.equal(response.status, 202, await response.text());
}

/** The table's rows as {outcome, text}, newest first. */
function rows() {
  return page.$$eval('#arrivals tbody tr', (trs) => trs.map((tr) => ({ id: tr.dataset.id, outcome: tr.dataset.outcome, text: tr.textContent })));
}

test('an event posted after the page is open appears with outcome stored, and opens whole', async () => {
  const session = randomUUID();
  await open(`?session_id=${session}`);

  await post(event(session));

  const [row] = await eventually(async () => {
    const all = await rows();
    return all.length === 1 && all[0].outcome === 'stored' && all;
  }, 'the event stored');
  assert.match(row.text, /page interaction \/ cta click/);
  assert.match(row.text, new RegExp(session));
  await page.focus('#arrivals tbody tr');
  await page.keyboard.press('Enter');
  const json = JSON.parse(await page.textContent('#detail-json'));
  assert.equal(json.data.element, 'buy');
  assert.equal(json.session_id, session);
});

test('an invalid event shows its error in plain words and links to its schema', async () => {
  const session = randomUUID();
  await open(`?session_id=${session}`);

  await post(event(session, 'cta click', { host: 'shop', path: '/' }));

  const [row] = await eventually(async () => {
    const all = await rows();
    return all.length === 1 && all[0].outcome === 'invalid' && all;
  }, 'the event kept as invalid');
  assert.match(row.text, /data\.element: required/);
  await page.click('#arrivals tbody tr');
  const href = await page.getAttribute('#schema-link', 'href');
  assert.equal(href, '/inspect/schemas/page-interaction/cta-click.json');
  const schema = await (await fetch(`${runner.url}${href}`)).json();
  assert.ok(schema.required.includes('element'));
});

test('a filter in the URL survives a reload', async () => {
  const session = randomUUID();
  await open(`?session_id=${session}&outcome=invalid`);
  await post(event(session), event(session, 'cta click', { host: 'shop', path: '/' }), event(randomUUID(), 'cta click', { host: 'x', path: '/' }));
  await eventually(async () => (await rows()).length === 1, 'one invalid event of the session');

  await page.reload();
  await eventually(async () => (await page.textContent('#status')).startsWith('Live'), 'the inspector live again');

  assert.equal(await page.inputValue('input[name=session_id]'), session);
  assert.equal(await page.inputValue('select[name=outcome]'), 'invalid');
  const after = await eventually(async () => {
    const all = await rows();
    return all.length === 1 && all;
  }, 'the same row after the reload');
  assert.equal(after[0].outcome, 'invalid');
});

test('the chart counts what was accepted, stored and invalid', async () => {
  const session = randomUUID();
  await open(`?session_id=${session}`);

  await post(event(session), event(session, 'pageview', { host: 'shop', path: '/a' }), event(session, 'cta click', { host: 'shop', path: '/' }));
  await eventually(async () => (await rows()).filter((r) => r.outcome !== 'queued').length === 3, 'three decided');

  const totals = await eventually(async () => {
    const sums = await page.$$eval('#chart rect', (rects) => {
      const sum = {};
      for (const rect of rects) sum[rect.dataset.kind] = (sum[rect.dataset.kind] || 0) + Number(rect.dataset.count);
      return sum;
    });
    return sums.stored === 2 && sums;
  }, 'the chart updated');
  assert.deepEqual(totals, { accepted: 3, stored: 2, invalid: 1, duplicate: 0 });
  assert.match(await page.textContent('#this-minute'), /accepted, .* stored, .* invalid, .* duplicate/);
});

test('an event whose name is markup renders as text', async () => {
  const session = randomUUID();
  const name = '<img src=x onerror=alert(1)>';
  await open(`?session_id=${session}`);

  await post(event(session, name, { host: '<b>bold</b>', path: '/' }, '<script>alert(2)</script>'));

  const [row] = await eventually(async () => {
    const all = await rows();
    return all.length === 1 && all[0].outcome !== 'queued' && all;
  }, 'the event decided');
  assert.ok(row.text.includes(name), row.text);
  await page.click('#arrivals tbody tr');
  assert.equal(await page.$$eval('#arrivals img, #arrivals script, #detail img, #detail b', (found) => found.length), 0);
  assert.deepEqual(dialogs, []);
});

test('an unknown application in the URL says so, and a filter matching nothing says so', async () => {
  await open(`?session_id=${randomUUID()}`);
  assert.match(await page.textContent('#empty'), /No event matches these filters yet/);

  await page.goto(`${runner.url}/inspect?application=${randomUUID()}`);

  const text = await eventually(async () => !(await page.isHidden('#problem')) && page.textContent('#problem'), 'the problem shown');
  assert.match(text, /Unknown application .*No application has this id/);
});

test('a runner restarted while the page is open: a banner, then every event, none missing', async () => {
  const session = randomUUID();
  await open(`?session_id=${session}`);
  await post(event(session, 'cta click', { host: 'shop', path: '/', element: 'before' }));
  await eventually(async () => (await rows()).some((r) => r.outcome === 'stored'), 'the first event stored');

  await runner.stop({ keepData: true });
  await eventually(async () => !(await page.isHidden('#banner')), 'the connection-lost banner');
  runner = await startRunner({ port: runner.port, data: runner.data });
  await post(event(session, 'cta click', { host: 'shop', path: '/', element: 'after' }));

  const all = await eventually(async () => {
    const found = await rows();
    return found.length === 2 && found.every((r) => r.outcome === 'stored') && found;
  }, 'both events stored, on one page', 60000);
  assert.equal(all.length, 2);
  const banner = await eventually(
    async () => ((await page.isHidden('#banner')) ? 'hidden' : (await page.textContent('#banner')).startsWith('Resumed') && 'resumed'),
    'the banner gone, or saying how reading resumed',
  );
  assert.ok(['hidden', 'resumed'].includes(banner));
});
