// The header a panel or report shows for a run: what its run.json says, with the run's state
// now (run.json itself is read by runStore.readRunEntry).

import { formatCompute } from '../format/lines';
import { engineDetail } from './runEngine';
import type { RunCompute, RunRecord, RunState } from './runRecord';

export interface RunHeader {
  readonly name: string;
  readonly status: RunState;
  readonly epochs: number;
  readonly epochsCompleted: number;
  /** ISO 8601; elapsed and remaining time are derived from it. */
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly finalLoss: number | null;
  readonly message?: string;
  /** Which engine trained it, with what (runEngine.ts): "RNN Lab", "PyTorch 1.13.0 · cpu". */
  readonly engine?: string;
  /** How it computed, in words (run.json's compute: BLAS library, kernels, threads). */
  readonly compute?: string;
}

/** `state` is what the run is now (an interrupted run's record still says running). */
export function runHeader(r: RunRecord, state: RunState = r.status): RunHeader {
  return {
    name: r.name,
    status: state,
    epochs: r.epochs,
    epochsCompleted: r.epochsCompleted,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    finalLoss: r.finalLoss,
    ...(r.message ? { message: r.message } : {}),
    engine: engineDetail(r),
    ...computeOf(r),
  };
}

/** run.json's compute in words, when it has one of the expected shape (a run.json may be anyone's). */
function computeOf(r: RunRecord): { compute?: string } {
  const c: unknown = r.compute;
  if (typeof c !== 'object' || c === null) return {};
  const { kernels, threads, blas, blasNote } = c as Record<string, unknown>;
  if (typeof kernels !== 'string' || typeof threads !== 'number') return {};
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    compute: formatCompute({
      kernels: kernels as RunCompute['kernels'],
      threads,
      blas: text(blas),
      blasNote: text(blasNote),
    }),
  };
}
