// Which engine trained a run — RNN Lab's own trainer (the editor, the CLI, a sweep) or PyTorch
// (an exported train.py, Train with PyTorch) — as the Experiments table, Compare and the
// report label it. Read from run.json, which may be anyone's: only fields of the right type
// and a sane length are told.

import type { RunRecord } from './runRecord';

export type Engine = 'RNN Lab' | 'PyTorch';

export const ENGINES: readonly Engine[] = ['RNN Lab', 'PyTorch'];

export function runEngine(record: Pick<RunRecord, 'host'>): Engine {
  return record.host === 'pytorch' ? 'PyTorch' : 'RNN Lab';
}

const MAX_SHOWN = 40;
const shown = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= MAX_SHOWN ? v : undefined);

/** "RNN Lab", or "PyTorch 1.13.0 · cpu · 2 processes" with what run.json says of torch, device and processes. */
export function engineDetail(record: Pick<RunRecord, 'host' | 'torch' | 'device' | 'worldSize'>): string {
  const engine = runEngine(record);
  if (engine === 'RNN Lab') return engine;
  const torch = shown(record.torch);
  const n = record.worldSize;
  return [
    torch ? `PyTorch ${torch}` : 'PyTorch',
    shown(record.device),
    typeof n === 'number' && Number.isSafeInteger(n) && n > 1 ? `${n} processes` : undefined,
  ]
    .filter((p) => p !== undefined)
    .join(' · ');
}
