// What the browser tests run against: the local runner's jar, a page server on another origin, a proxy
// in front of the API that records requests and can answer 503, and Debian's Chromium.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const REPO = resolve(import.meta.dirname, '../../..');
export const APPLICATION = '0e302fce-66ad-4721-911e-0ab9d33697bf'; // registered by the runner at start
const SDK = join(REPO, 'clients/browser/the-eye.js');
const RUNNER_JAR = join(REPO, 'tools/local-runner/target/local-runner.jar');

export async function freePort() {
  const server = net.createServer();
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

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

/** Polls until check() answers something truthy, or fails after the deadline with what it last saw. */
export async function eventually(check, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`not within ${timeoutMs} ms: ${what} (last: ${JSON.stringify(last)})`);
}

/**
 * The runner jar, as `make run` starts it, on a free port with its data in a temporary folder; or, to restart one,
 * on the port and with the data folder given.
 */
export async function startRunner({ port: samePort, data: sameData } = {}) {
  const javaHome = process.env.JAVA_HOME || execFileSync(join(REPO, 'tools/java-home')).toString().trim();
  const port = samePort ?? (await freePort());
  const data = sameData ?? mkdtempSync(join(tmpdir(), 'the-eye-browser-'));
  const child = spawn(
    join(javaHome, 'bin/java'),
    ['--enable-native-access=ALL-UNNAMED', '--sun-misc-unsafe-memory-access=allow', '-jar', RUNNER_JAR],
    { cwd: REPO, env: { ...process.env, EYE_PORT: String(port), EYE_DATA_DIR: data }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((done) => child.on('exit', done));
  const ready = () => output.includes('The Eye is running locally');
  await eventually(() => ready() || child.exitCode !== null, 'the runner started', 120000).catch(() => {});
  if (!ready()) {
    child.kill('SIGKILL');
    throw new Error(`the local runner did not start (build its jar: make test-browser does):\n${output}`);
  }
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    data,
    /** The session's stored events, through the query API (unsigned locally). */
    async sessionEvents(sessionId) {
      const response = await fetch(`${url}/api/v1/events/?session_id=${sessionId}`);
      return (await response.json()).results;
    },
    /** Stops it (a clean stop, as Ctrl-C); keepData leaves its folder for a restart. */
    async stop({ keepData = false } = {}) {
      child.kill('SIGTERM');
      await exited;
      if (!keepData) rmSync(data, { recursive: true, force: true });
    },
  };
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
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
