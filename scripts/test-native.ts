// npm run test:native: the golden and kernel tests again with every product on the machine's
// BLAS (RNN_LAB_BLAS, which test/helpers/testBlas.ts hands to every trainer the tests build).
// CI installs Debian's OpenBLAS for this pass; a machine without any BLAS skips it, saying so.

import { spawnSync } from 'node:child_process';
import { blasCandidates, loadBlas } from '../src/blas/library';

const FILES = [
  'test/core/pytorch-golden.test.ts',
  'test/core/pytorch-modules.test.ts',
  'test/core/pytorch-training.test.ts',
  'test/core/determinism.test.ts',
  'test/core/gradients.test.ts',
  'test/blas/nativeBlas.test.ts',
];

const requested = process.env.RNN_LAB_BLAS?.trim();
const found = requested ? { file: requested } : blasCandidates().find((c) => typeof loadBlas(c) !== 'string');
if (!found || requested?.toLowerCase() === 'off') {
  process.stdout.write(
    'test:native: no BLAS on this machine (Debian: apt-get install libopenblas0-pthread): skipped\n',
  );
} else {
  process.stdout.write(`test:native: the golden and kernel tests on ${found.file}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...FILES], {
    stdio: 'inherit',
    env: { ...process.env, RNN_LAB_BLAS: found.file },
  });
  process.exitCode = result.status ?? 1;
}
