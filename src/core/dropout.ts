// Dropout between stacked recurrent layers, as torch.nn.RNN/LSTM/GRU(dropout=p) applies it: on
// the output sequence of every recurrent layer but the last, each element independently, only
// while training; kept elements are scaled by 1/(1 − p) (inverted dropout), so evaluation
// needs no rescaling. Masks come from the run's own 'dropout' random stream: deterministic for a
// seed, though not PyTorch's stream.

import type { TensorMemory } from './memory';
import type { Rng } from './rng';
import type { FloatArray } from './tensor';

interface LayerBuffers {
  readonly mask: FloatArray; // (T, B, H) 0 or 1/(1 − p)
  readonly out: FloatArray; // (T, B, H) h ⊙ mask, the next layer's input
}

export class Dropout {
  /** Keep drawn masks (a gradient check needs the same function at every evaluation). */
  frozen = false;
  private readonly buffers = new Map<string, LayerBuffers>();
  private readonly drawn = new Set<string>();

  constructor(
    readonly p: number,
    private readonly rng: Rng,
    private readonly mem: TensorMemory,
  ) {}

  /** seq (n values) of recurrent layer `layer` → seq ⊙ mask, with a fresh mask unless frozen. */
  forward(layer: number, seq: FloatArray, n: number): FloatArray {
    const key = `${layer}:${n}`;
    let buffers = this.buffers.get(key);
    if (!buffers) this.buffers.set(key, (buffers = { mask: this.mem.alloc(n), out: this.mem.alloc(n) }));
    const { mask, out } = buffers;
    if (!this.frozen || !this.drawn.has(key)) {
      const keep = 1 / (1 - this.p);
      for (let i = 0; i < n; i++) mask[i] = this.rng.uniform() < this.p ? 0 : keep;
      this.drawn.add(key);
    }
    for (let i = 0; i < n; i++) out[i] = seq[i] * mask[i];
    return out;
  }

  /** ∂L/∂seq = ∂L/∂out ⊙ mask, in place in d (n values). */
  backward(layer: number, d: FloatArray, n: number): FloatArray {
    const { mask } = this.buffers.get(`${layer}:${n}`)!;
    for (let i = 0; i < n; i++) d[i] *= mask[i];
    return d;
  }
}
