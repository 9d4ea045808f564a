// The relaxed-SIMD build (FMA in float32 products) is what VS Code's Electron and Node 22+
// run; Node 20 runs it only with --experimental-wasm-relaxed-simd. Rerun the kernel suites in
// a child Node with that flag: it must pick the relaxed build, float32 must stay within the
// tolerances against the reference, and float64 (never fused) exact to 1e-12, as without it.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { it } from 'node:test';

const ROOT = path.resolve(__dirname, '../..');

it(
  'with relaxed SIMD the trainer takes the FMA build and its kernels still equal the reference',
  { timeout: 180_000 },
  () => {
    const suites = [
      'test/core/kernels.test.ts',
      'test/core/stepKernels.test.ts',
      'test/core/sequenceKernels.test.ts',
      'test/core/pytorch-modules.test.ts',
    ];
    const child = spawnSync(
      process.execPath,
      ['--experimental-wasm-relaxed-simd', '--import', 'tsx', '--test', ...suites],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 170_000,
        killSignal: 'SIGKILL',
        // NODE_TEST_CONTEXT would make the child report to this runner instead of printing its own summary
        env: { ...process.env, NODE_TEST_CONTEXT: undefined, RNN_LAB_EXPECT_KERNELS: 'wasm-relaxed-simd' },
      },
    );
    assert.equal(child.error, undefined, `the child did not run: ${child.error}`);
    const summary = child.stdout
      .split('\n')
      .filter((l) => /^# (pass|fail)/.test(l))
      .join(', ');
    assert.equal(
      child.status,
      0,
      `${summary}\n${child.stdout
        .split('\n')
        .filter((l) => /not ok|error:/.test(l))
        .slice(0, 20)
        .join('\n')}`,
    );
    assert.match(child.stdout, /# pass [1-9]\d*/);
  },
);
