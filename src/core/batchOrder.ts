// The order in which an epoch visits the training samples: data order, or — when shuffling
// and a batch is smaller than the training set — the previous epoch's order shuffled again
// by the run's "shuffle" stream. The trainer walks it; the PyTorch export writes it out.

import { Rng } from './rng';

/**
 * The sample order of epoch 1, 2, 3, … for `count` training samples. Yields one array,
 * reshuffled in place for each epoch (no allocation per epoch): copy it to keep an epoch's.
 */
export function* epochOrders(
  seed: number,
  count: number,
  batchSize: number | 'full',
  shuffle: boolean,
): Generator<Uint32Array, never, void> {
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  const rng = new Rng(seed, 'shuffle');
  const reshuffles = shuffle && batchSize !== 'full' && batchSize < count;
  for (;;) {
    if (reshuffles) rng.shuffle(order);
    yield order;
  }
}
