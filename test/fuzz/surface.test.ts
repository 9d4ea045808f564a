// The fuzzer of the newer surface in the suite: 200 cases of predict, inspect, sample,
// import-weights, sweep and export on mutated runs, inputs, state_dicts, sweeps and hostile
// names (test/fuzz/surface.ts; `npm run fuzz` runs 5,000), a sample through dist/cli.js. In a
// child with a kill timer, so a case that hangs fails this test instead of the suite.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { it } from 'node:test';
import { runChild } from '../helpers/childProcess';

const ROOT = path.resolve(__dirname, '../..');
const KILL_AFTER_MS = 170_000;

it(
  '200 surface cases (seed 1): exit 0 or 2, one-line errors, no stack trace, no saved run changed, generated Python parses',
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
        '0',
        '--surface',
        '200',
        '--surface-cli',
        '6',
      ],
      { cwd: ROOT, timeoutMs: KILL_AFTER_MS },
    );
    const summary = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
    assert.equal(r.code, 0, `failing cases (kept in test-output/fuzz/):\n${r.stderr.slice(-4000)}`);
    assert.equal(summary.surface.cases, 200);
    assert.equal(summary.failures, 0);
    for (const kind of ['run', 'input', 'stateDict', 'sweep', 'export'])
      assert.ok(summary.surface.byKind[kind] >= 20, `too few ${kind} cases: ${r.stdout}`);
    assert.ok(summary.surface.cli >= 5 && summary.surface.python >= 20, `too few checked: ${r.stdout}`);
  },
);
