// What every Node test suite of the checkout (clients/browser/test, tools/segment-compat) runs against: the local
// runner's jar as `make run` starts it, on a free port with its data in a temporary folder, and Debian's Chromium.
// Node built-ins only, so any suite can import it by path whatever its own node_modules hold.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');
export const APPLICATION = '0e302fce-66ad-4721-911e-0ab9d33697bf'; // registered by the runner at start
const RUNNER_JAR = join(REPO, 'tools/local-runner/target/local-runner.jar');

/**
 * How to launch Debian's Chromium with playwright-core's `chromium.launch(...)`: never a downloaded browser, and the
 * flags that let it run as root in a container without a GPU or outside network.
 */
export const CHROMIUM_LAUNCH = {
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
};

export async function freePort() {
  const server = net.createServer();
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

/**
 * Polls until check() answers something truthy, or fails after the deadline with what it last saw. The deadline is
 * generous on purpose: a busy machine makes a test slower, never red.
 */
export async function eventually(check, what, timeoutMs = 30000) {
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
 * The runner jar (`make test-browser` and `make test-segment` build it), started and ready; to restart one, give the
 * port and data folder it had.
 */
export async function startRunner({ port: samePort, data: sameData } = {}) {
  if (!existsSync(RUNNER_JAR)) throw new Error(`no ${RUNNER_JAR}: build it with make test-browser or make test-segment`);
  const javaHome = process.env.JAVA_HOME || execFileSync(join(REPO, 'tools/java-home')).toString().trim();
  const port = samePort ?? (await freePort());
  const data = sameData ?? mkdtempSync(join(tmpdir(), 'the-eye-node-tests-'));
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
    throw new Error(`the local runner did not start:\n${output}`);
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
