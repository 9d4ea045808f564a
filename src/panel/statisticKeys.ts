// Reading the keys of the per-epoch statistics: `layer0.Wh`, `layer0.step2.Wh` (per-step
// weights), `layer1.Wh.f` (one gate's H×H block of an LSTM/GRU), `layer1` (a layer's flow),
// `layer1.f` (a gate's saturation).

/** 'layer1.Wh.f' → 1; the panel colours a layer alike in every chart. */
export function layerNumber(key: string): number {
  const m = /^layer(\d+)/.exec(key);
  return m ? Number(m[1]) : 0;
}

/** 'layer1.Wh.f' → 'layer1'. */
export function layerOf(key: string): string {
  return key.split('.', 1)[0];
}

/** Every key a record-valued statistic has in any of the points, in first-seen order. */
export function keysOf<P>(points: readonly P[], pick: (p: P) => Record<string, unknown> | undefined): string[] {
  const keys = new Set<string>();
  for (const p of points) for (const k of Object.keys(pick(p) ?? {})) keys.add(k);
  return [...keys];
}

/**
 * The gates whose H×H blocks make up a layer's recurrent matrix, in column order, from the
 * spectral keys of the same epoch (`layer1.Wh.i`, … → ['i', 'f', 'g', 'o']); [] for an rnn layer.
 */
export function gatesOf(layer: string, spectralKeys: readonly string[]): string[] {
  const prefix = `${layer}.Wh.`;
  return spectralKeys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
}
