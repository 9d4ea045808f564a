// The BLAS the unit tests compute with: none (our WebAssembly kernels) unless RNN_LAB_BLAS
// names a library, then that one for every product, unchecked and untimed, so that one pass
// of the suite runs every golden test on the native path (npm run test:native).

import { loadBlas } from '../../src/blas/library';
import type { NativeBlas } from '../../src/core/kernels/contract';

let cached: NativeBlas | undefined | null = null;

export function testBlas(): NativeBlas | undefined {
  if (cached !== null) return cached;
  const request = process.env.RNN_LAB_BLAS?.trim();
  if (!request || request.toLowerCase() === 'off') return (cached = undefined);
  const blas = loadBlas({ family: 'BLAS', file: request });
  if (typeof blas === 'string') throw new Error(`RNN_LAB_BLAS=${request}: ${blas}`);
  return (cached = blas);
}
