// bench/ui-lag.ts still runs (npm run bench is run rarely): in its --quick mode, with its busy
// loops, it trains in dist/worker.js and prints the views' lag. Timings are never asserted.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runChild } from '../helpers/childProcess';

const ROOT = path.resolve(__dirname, '../..');

test(
  'bench/ui-lag.ts --quick prints the lag of the progress, the panel, the CodeLens and the Runs view behind the trainer',
  {
    timeout: 120_000,
    skip: existsSync(path.join(ROOT, 'dist', 'worker.js')) ? false : 'needs dist/worker.js (npm run build)',
  },
  async () => {
    const { code, stdout, stderr } = await runChild(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'bench', 'ui-lag.ts'), '--quick'],
      { cwd: ROOT, timeoutMs: 100_000 },
    );
    assert.equal(code, 0, stderr.slice(-2000));
    assert.match(stdout, /trainer: 3,000 epochs \(completed\)/);
    assert.match(stdout, /progress \(status bar, notification\): lag p50 \d+ ms, p99 \d+ ms, max \d+ ms/);
    assert.match(stdout, /panel: lag p50 \d+ ms, p99 \d+ ms, max \d+ ms/);
    assert.match(stdout, /CodeLens \(told once it asked\): lag p50 \d+ ms, p99 \d+ ms, max \d+ ms over \d+ updates/);
    assert.match(
      stdout,
      /Runs view \(told at most every 300 ms\): lag p50 \d+ ms, p99 \d+ ms, max \d+ ms over \d+ updates/,
    );
  },
);
