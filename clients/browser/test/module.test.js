// The module itself, without a browser: its size budget, and its TypeScript declarations compiled with a
// usage example by the `typescript` package pinned in package-lock.json.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { REPO } from './support.js';

const BUDGET = 5 * 1024; // bytes gzipped: the budget for the-eye.js

test('the module is at most 5 KB gzipped', () => {
  const gzipped = gzipSync(readFileSync(join(REPO, 'clients/browser/the-eye.js'))).length;
  assert.ok(gzipped <= BUDGET, `the-eye.js is ${gzipped} bytes gzipped, over ${BUDGET}`);
});

test('the TypeScript declarations type a usage example and refuse misuse', () => {
  const tsc = join(import.meta.dirname, 'node_modules/.bin/tsc');
  try {
    execFileSync(tsc, ['-p', join(import.meta.dirname, 'types/tsconfig.json')], { encoding: 'utf8' });
  } catch (failure) {
    assert.fail(`tsc failed:\n${failure.stdout}${failure.stderr}`);
  }
});
