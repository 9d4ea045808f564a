// The numbers the commands take (docs/reference/limits.md): each flag has a range, and a value outside
// it — or a fraction, or a number beyond what float64 holds exactly (2⁵³ + 1) — is a usage
// error (exit 2) rather than a value that wraps (`--seed 4294967296` once became 0) or rounds.

import { InvalidArgumentError } from 'commander';
import { MAX_GENERATED_CHARACTERS, MAX_SEED, MAX_TEMPERATURE, MIN_TEMPERATURE } from '../data/limits';

/** Epochs, checkpoints and sample indices: far beyond any run, and exact in float64. */
export const MAX_COUNT = 1_000_000_000;
/** --threads and --parallel, as the schema's training.threads and sweep.parallel. */
export const MAX_THREADS = 256;

/** A whole number in [min, max], written in decimal (`12`; not `1e3`, `0x10` or `12.0`). */
export function wholeNumber(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max.toLocaleString('en-US')}`);
    return n;
  };
}

export const positiveCount = wholeNumber(1, MAX_COUNT);
export const threadCount = wholeNumber(1, MAX_THREADS);
export const seedNumber = wholeNumber(0, MAX_SEED);
export const sampleLength = wholeNumber(1, MAX_GENERATED_CHARACTERS);

/** --temperature: 0 (the most likely character), or from MIN_TEMPERATURE to MAX_TEMPERATURE. */
export function temperature(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n === 0 || (n >= MIN_TEMPERATURE && n <= MAX_TEMPERATURE)))
    throw new InvalidArgumentError(`expected 0, or a number from ${MIN_TEMPERATURE} to ${MAX_TEMPERATURE}`);
  return n;
}
