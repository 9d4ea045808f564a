// The benchmark scripts still run (`npm run bench` is run rarely, so it would otherwise rot
// unnoticed): each in its --quick mode, asserting only that it exits 0 and prints its figures.
// Timings are never asserted: the machines are shared and noisy.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runChild } from '../helpers/childProcess';

const ROOT = path.resolve(__dirname, '../..');
/** bench/speed.ts --quick starts ~20 processes (node, tfjs, torch) on a shared 2-core machine. */
const KILL_AFTER_MS = 220_000;

const runQuick = (script: string) =>
  runChild(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', script), '--quick'], {
    cwd: ROOT,
    timeoutMs: KILL_AFTER_MS,
  });

test(
  'npm run bench: bench/speed.ts --quick prints a table with rnn, lstm and gru rows',
  { timeout: 240_000 },
  async () => {
    const { code, stdout, stderr } = await runQuick('speed.ts');
    assert.equal(code, 0, `bench/speed.ts --quick exited ${code}:\n${stderr.slice(-2000)}`);
    assert.match(stdout, /^size\s+cell\s+contender/m, stdout);
    for (const cell of ['rnn', 'lstm', 'gru']) {
      assert.match(
        stdout,
        new RegExp(`^tiny B2 T3 I4 H8\\s+${cell}\\s+RNN Lab float32 \\(wasm SIMD\\)\\s+[\\d,.]+`, 'm'),
        `no ${cell} row with a figure:\n${stdout}`,
      );
    }
  },
);

test('bench/stats-overhead.ts --quick prints the statistics overhead', { timeout: 240_000 }, async () => {
  const { code, stdout, stderr } = await runQuick('stats-overhead.ts');
  assert.equal(code, 0, stderr.slice(-2000));
  assert.match(stdout, /stats overhead .* float32: .* % of an epoch/);
});

test('bench/list-runs.ts --quick lists its runs', { timeout: 240_000 }, async () => {
  const { code, stdout, stderr } = await runQuick('list-runs.ts');
  assert.equal(code, 0, stderr.slice(-2000));
  assert.match(stdout, /list 20 runs .* median \d+ ms/);
});

test(
  'bench/worker-lag.ts --quick trains in dist/worker.js and reports the host delay',
  {
    timeout: 240_000,
    skip: existsSync(path.join(ROOT, 'dist', 'worker.js')) ? false : 'needs dist/worker.js (npm run build)',
  },
  async () => {
    const { code, stdout, stderr } = await runQuick('worker-lag.ts');
    assert.equal(code, 0, stderr.slice(-2000));
    assert.match(stdout, /worker lag .* host event-loop delay p50/);
  },
);

test(
  'bench/sweep.ts --quick times trials one at a time and two at once, and reads their Experiments table',
  {
    timeout: 240_000,
    skip: existsSync(path.join(ROOT, 'dist', 'worker.js')) ? false : 'needs dist/worker.js (npm run build)',
  },
  async () => {
    const { code, stdout, stderr } = await runQuick('sweep.ts');
    assert.equal(code, 0, stderr.slice(-2000));
    assert.match(stdout, /^ratio [\d.]+× \(target ≥ 0\.85·K = 1\.70×/m);
    assert.match(stdout, /^experiments table: the rows of 20 runs /m);
  },
);
