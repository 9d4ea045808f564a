// `sample`: text from a run's character model, one character at a time (core/sample.ts),
// primed with the given text or with the first character of the run's own text.

import { argmax } from '../core/metrics';
import { sampleIndices, Stepper } from '../core/sample';
import { encodeText } from './inputs';
import type { OpenedRun } from './runModel';

export interface SampleRequest {
  readonly prime?: string;
  readonly length?: number;
  readonly temperature?: number;
  readonly seed?: number;
}

export interface RunSample {
  readonly prime: string;
  /** The generated characters, after the prime. */
  readonly text: string;
  readonly length: number;
  readonly temperature: number;
  readonly seed: number;
  readonly epoch: number;
  readonly weightsFile: string;
}

export const SAMPLE_DEFAULTS = { length: 200, temperature: 1, seed: 0 } as const;

/** Why a run cannot be sampled, or undefined when it can. */
export function cannotSample(run: OpenedRun): string | undefined {
  const e = run.loaded.experiment;
  const last = e.model.layers[e.model.layers.length - 1];
  if (!run.vocabulary) return 'sample is for character models: this run\'s data is not "text"';
  if (last.type !== 'dense' || last.activation !== 'softmax')
    return "sample draws from a softmax output, and this run's last layer is not one";
  const perStep = e.model.layers.findIndex((l) => l.type !== 'dense' && !l.shareWeights);
  if (perStep >= 0)
    return `layer ${perStep} has weights per step: it cannot generate beyond its ${run.loaded.dataset.steps} steps`;
  return undefined;
}

export function sampleRun(run: OpenedRun, request: SampleRequest = {}): RunSample | { error: string } {
  const why = cannotSample(run);
  if (why) return { error: why };
  const vocabulary = run.vocabulary!;
  const { length, temperature, seed } = { ...SAMPLE_DEFAULTS, ...definedOnly(request) };
  const prime = request.prime ?? vocabulary[argmax(run.loaded.dataset.x, 0, vocabulary.length)];
  if (prime.length === 0) return { error: 'the prime text is empty: give at least one character' };
  const encoded = encodeText(run, prime);
  if ('error' in encoded) return { error: `--prime: ${encoded.error}` };
  const indices = sampleIndices(new Stepper(run.model()), { prime: encoded.indices, length, temperature, seed });
  return {
    prime,
    text: indices.map((k) => vocabulary[k]).join(''),
    length,
    temperature,
    seed,
    epoch: run.epoch,
    weightsFile: run.weightsFile,
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
