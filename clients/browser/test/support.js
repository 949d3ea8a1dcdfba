// What the browser tests run against: the local runner's jar, a page server on another origin, a proxy
// in front of the API that records requests and can answer 503, and Debian's Chromium.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { REPO, CHROMIUM_LAUNCH } from '../../../tools/node-test-support/local-runner.js';

export { APPLICATION, REPO, eventually, freePort, startRunner } from '../../../tools/node-test-support/local-runner.js';

const SDK = join(REPO, 'clients/browser/the-eye.js');

/** The `js` blocks of a Markdown file of the checkout, each with where it starts. */
export function pageExamples(markdown) {
  const lines = readFileSync(join(REPO, markdown), 'utf8').split('\n');
  const examples = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```js') continue;
    const start = i + 1;
    while (++i < lines.length && !lines[i].startsWith('```'));
    examples.push({ where: `${markdown}:${start}`, code: lines.slice(start, i).join('\n') });
  }
  return examples;
}

function unavailable(response) {
  response.writeHead(503, {
    'content-type': 'application/json',
    'retry-after': '1',
    'access-control-allow-origin': '*',
    'access-control-expose-headers': 'retry-after',
  });
  response.end('{"detail": "The Eye cannot take events right now; retry later."}');
}

/**
 * A proxy in front of the API that records every request; failFirst(n) makes it answer the next n
 * POSTs 503 with Retry-After, as the ingest does when the queue is down; holdNext() keeps the next
 * POST unanswered until failHeld() answers it 503.
 */
export async function startProxy(target) {
  const requests = [];
  const held = [];
  let failures = 0;
  let holding = false;
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const seen = { method: request.method, url: request.url, headers: request.headers, body: body.toString() };
      requests.push(seen);
      if (request.method === 'POST' && holding) {
        holding = false;
        seen.held = true;
        held.push({ seen, response });
        return;
      }
      if (request.method === 'POST' && failures > 0) {
        failures--;
        seen.status = 503;
        unavailable(response);
        return;
      }
      const upstream = http.request(`${target}${request.url}`, { method: request.method, headers: request.headers }, (answer) => {
        seen.status = answer.statusCode;
        response.writeHead(answer.statusCode, answer.headers);
        answer.pipe(response);
      });
      upstream.on('error', (error) => response.destroy(error));
      upstream.end(body);
    });
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    posts: () => requests.filter((r) => r.method === 'POST'),
    /** Every event of every POST, in the order they came, each with the request it came in. */
    postedEvents: () =>
      requests
        .filter((r) => r.method === 'POST')
        .flatMap((request) => JSON.parse(request.body).map((event) => ({ ...event, request }))),
    failFirst(n) {
      failures = n;
    },
    holdNext() {
      holding = true;
    },
    failHeld() {
      for (const { seen, response } of held.splice(0)) {
        seen.status = 503;
        unavailable(response);
      }
    },
    close() {
      this.failHeld();
      server.closeAllConnections();
      return new Promise((done) => server.close(done));
    },
  };
}

/** Serves the SDK and two blank pages from its own origin (another port than the API's). */
export async function startPageServer() {
  const server = http.createServer((request, response) => {
    if (request.url === '/the-eye.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(readFileSync(SDK));
    } else {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(`<!doctype html><title>${request.url}</title><p>${request.url}</p>`);
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((done) => server.close(done)) };
}

/** Debian's Chromium (never a downloaded browser), headless. */
export function launchChromium() {
  return chromium.launch(CHROMIUM_LAUNCH);
}
