// Samples of a character model while it trains (docs/reference/run-directory.md): every ~tenth of the
// run and at its last epoch, 200 characters at temperature 1, recorded with that epoch's
// metrics line as "sample" — what TensorBoard's text tab shows, here in the panel's Samples box.

import { argmax } from '../core/metrics';
import { PeriodicSampler, type EpochSample } from '../core/sample';
import type { EpochEvent, TrainEvent } from '../core/trainer';
import type { Model } from '../core/model';
import { isText } from '../data/spec';
import type { LoadedExperiment } from '../experiment/load';

export type SampledEpoch = EpochEvent & { readonly sample?: EpochSample };

/**
 * The sampler for a run, or undefined when it has nothing to sample (not a character model
 * with a softmax output and shared weights) or `every` is 0. `every` absent: ~10 per run.
 */
export function periodicSampler(loaded: LoadedExperiment, every?: number): PeriodicSampler | undefined {
  const e = loaded.experiment;
  const layers = e.model.layers;
  const last = layers[layers.length - 1];
  const vocabulary = typeof loaded.dataInfo?.vocabulary === 'string' ? Array.from(loaded.dataInfo.vocabulary) : [];
  if (!isText(e.data) || vocabulary.length === 0 || last.type !== 'dense' || last.activation !== 'softmax')
    return undefined;
  if (layers.some((l) => l.type !== 'dense' && !l.shareWeights)) return undefined;
  const n = every ?? PeriodicSampler.defaultEvery(e.training.epochs);
  if (n <= 0) return undefined;
  const prime = argmax(loaded.dataset.x, 0, vocabulary.length); // the text's first character
  return new PeriodicSampler(vocabulary, prime, n, e.training.epochs, e.seed);
}

/** The epoch event with its sample on sample epochs; any other event unchanged. */
export function withSample(event: TrainEvent, sampler: PeriodicSampler | undefined, model: Model): TrainEvent {
  if (!sampler || event.type !== 'epoch' || !sampler.isSampleEpoch(event.epoch)) return event;
  const sampled: SampledEpoch = { ...event, sample: sampler.sample(model) };
  return sampled;
}
