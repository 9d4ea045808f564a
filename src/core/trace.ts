// Shape trace events: the seed notebook's per-timestep prints, as data. The text form is a
// contract other tools parse (README "Shape trace"): change it only compatibly.

import { formatShape } from './tensor';

export type TraceMode = 'first-epoch' | 'all' | 'off';

export interface RnnStepTrace {
  readonly type: 'trace';
  readonly epoch: number;
  readonly layer: number;
  readonly kind: 'rnn';
  readonly t: number;
  /** x[t] (B, I), h[t-1] (B, H), W = [Wh; Wx] (H+I, H), [h,x] (B, H+I), b (H,), h[t] (B, H). */
  readonly shapes: {
    readonly x: number[]; readonly hPrev: number[]; readonly W: number[];
    readonly hx: number[]; readonly b: number[]; readonly h: number[];
  };
}

export interface DenseTrace {
  readonly type: 'trace';
  readonly epoch: number;
  readonly layer: number;
  readonly kind: 'dense';
  /** in (B, H) or (B, T, H) in "sequence" mode, W (H, O), b (O,), out like in with O. */
  readonly shapes: { readonly in: number[]; readonly W: number[]; readonly b: number[]; readonly out: number[] };
}

export type TraceEvent = RnnStepTrace | DenseTrace;

export function isTracedEpoch(mode: TraceMode, epoch: number): boolean {
  return mode === 'all' || (mode === 'first-epoch' && epoch === 1);
}

export function formatTrace(e: TraceEvent): string {
  const f = formatShape;
  if (e.kind === 'rnn') {
    const s = e.shapes;
    return `epoch ${e.epoch} layer ${e.layer} (rnn) t=${e.t}: x[t] ${f(s.x)} h[t-1] ${f(s.hPrev)} ` +
      `W ${f(s.W)} [h,x] ${f(s.hx)} b ${f(s.b)} -> h[t] ${f(s.h)}`;
  }
  const s = e.shapes;
  return `epoch ${e.epoch} layer ${e.layer} (dense): in ${f(s.in)} W ${f(s.W)} b ${f(s.b)} -> out ${f(s.out)}`;
}
