// `sample`: text from a run's character model, one character at a time (core/sample.ts),
// primed with the given text or with the first character of the run's own text.

import { argmax } from '../core/metrics';
import {
  MAX_GENERATED_CHARACTERS,
  MAX_PROBE_CHARACTERS,
  MAX_SEED,
  MAX_TEMPERATURE,
  MIN_TEMPERATURE,
} from '../data/limits';
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
  if (prime.length > MAX_PROBE_CHARACTERS)
    return { error: `the prime text has ${prime.length} characters; sample reads at most ${MAX_PROBE_CHARACTERS}` };
  if (!Number.isSafeInteger(length) || length < 1 || length > MAX_GENERATED_CHARACTERS)
    return { error: `the length must be a whole number from 1 to ${MAX_GENERATED_CHARACTERS}, not ${length}` };
  if (!(temperature === 0 || (temperature >= MIN_TEMPERATURE && temperature <= MAX_TEMPERATURE)))
    return {
      error: `the temperature must be 0 or a number from ${MIN_TEMPERATURE} to ${MAX_TEMPERATURE}, not ${temperature}`,
    };
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > MAX_SEED)
    return { error: `the seed must be a whole number from 0 to ${MAX_SEED}, not ${seed}` };
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
