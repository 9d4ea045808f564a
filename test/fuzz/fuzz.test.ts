// The mutation fuzzer in the suite: a fixed seed, 300 cases in process and a sample through
// dist/cli.js (test/fuzz/run.ts; `npm run fuzz` runs 5,000). It runs in a child with a kill
// timer, so a case that hangs the loader fails this test (with the case's number) instead of
// hanging the suite.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { it } from 'node:test';
import { runChild } from '../helpers/childProcess';

const ROOT = path.resolve(__dirname, '../..');
const KILL_AFTER_MS = 170_000;

it(
  '300 mutated examples (seed 1): exit 0/1/2, positioned errors, no stack trace, no hang, bounded RSS, readable runs',
  { timeout: 180_000 },
  async () => {
    const r = await runChild(
      process.execPath,
      [
        '--max-old-space-size=1024',
        '--import',
        'tsx',
        path.join(ROOT, 'test', 'fuzz', 'run.ts'),
        '--seed',
        '1',
        '--cases',
        '300',
        '--cli',
        '24',
        '--surface',
        '0', // the newer surface has its own test (surface.test.ts)
      ],
      { cwd: ROOT, timeoutMs: KILL_AFTER_MS },
    );
    const summary = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
    assert.equal(r.code, 0, `failing cases (kept in test-output/fuzz/):\n${r.stderr.slice(-4000)}`);
    assert.equal(summary.cases, 300);
    assert.equal(summary.failures, 0);
    assert.ok(summary.cliValidate >= 20 && summary.cliTrain >= 5, `the command ran on too few cases: ${r.stdout}`);
  },
);
