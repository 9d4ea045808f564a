// Shape trace events: the seed notebook's per-timestep prints, as data. The text form is a
// contract other tools parse (docs/reference/trace-and-events.md): change it only compatibly.

import type { RecurrentKind } from './layers/cell';
import { formatShape } from './tensor';

export type TraceMode = 'first-epoch' | 'all' | 'off';

/**
 * One step of a recurrent layer. x[t] (B, I), h[t-1] (B, H), W = [Wh; Wx] (H+I, G·H),
 * [h,x] (B, H+I), b (G·H,), h[t] (B, H); lstm adds c[t-1] and c[t] (B, H), lstm and gru the
 * gate pre-activations (B, G·H). Keys in this order (the JSON trace keeps it).
 */
export interface RecurrentStepShapes {
  readonly x: number[];
  readonly hPrev: number[];
  readonly cPrev?: number[];
  readonly W: number[];
  readonly hx: number[];
  readonly b: number[];
  readonly gates?: number[];
  readonly c?: number[];
  readonly h: number[];
}

export interface RecurrentStepTrace {
  readonly type: 'trace';
  readonly epoch: number;
  readonly layer: number;
  readonly kind: RecurrentKind;
  readonly t: number;
  readonly shapes: RecurrentStepShapes;
}

export interface DenseTrace {
  readonly type: 'trace';
  readonly epoch: number;
  readonly layer: number;
  readonly kind: 'dense';
  /** in (B, H) or (B, T, H) in "sequence" mode, W (H, O), b (O,), out like in with O. */
  readonly shapes: { readonly in: number[]; readonly W: number[]; readonly b: number[]; readonly out: number[] };
}

export type TraceEvent = RecurrentStepTrace | DenseTrace;

export function isTracedEpoch(mode: TraceMode, epoch: number): boolean {
  return mode === 'all' || (mode === 'first-epoch' && epoch === 1);
}

export function formatTrace(e: TraceEvent): string {
  const f = formatShape;
  if (e.kind === 'dense') {
    const s = e.shapes;
    return `epoch ${e.epoch} layer ${e.layer} (dense): in ${f(s.in)} W ${f(s.W)} b ${f(s.b)} -> out ${f(s.out)}`;
  }
  const s = e.shapes;
  const optional = (label: string, shape: number[] | undefined) => (shape ? `${label} ${f(shape)} ` : '');
  return (
    `epoch ${e.epoch} layer ${e.layer} (${e.kind}) t=${e.t}: x[t] ${f(s.x)} h[t-1] ${f(s.hPrev)} ` +
    `${optional('c[t-1]', s.cPrev)}W ${f(s.W)} [h,x] ${f(s.hx)} b ${f(s.b)} -> ` +
    `${optional('gates', s.gates)}${optional('c[t]', s.c)}h[t] ${f(s.h)}`
  );
}
