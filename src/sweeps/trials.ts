// The trials of a sweep: a grid is every combination of the values, in the order written
// (the first parameter varies slowest, as nested loops); a random sweep draws each trial from
// its own stream of the sweep's seed, so trial k is the same whatever `trials` says and a
// longer sweep extends a shorter one.

import { Rng } from '../core/rng';
import type { ParameterDomain, SweepSpec } from './spec';

/** Parameter name (as written) → the value this trial gives it, in the sweep's order. */
export type TrialParameters = Readonly<Record<string, unknown>>;

export interface Trial {
  /** 1-based, in the sweep's order. */
  readonly trial: number;
  readonly parameters: TrialParameters;
}

/** Streams of the draws: far from the experiment's own (init, shuffle, …: 1–4). */
const TRIAL_STREAM_BASE = 0x5eed_0000;

export function sweepTrials(sweep: SweepSpec): Trial[] {
  return sweep.method === 'grid' ? gridTrials(sweep) : randomTrials(sweep);
}

function gridTrials(sweep: SweepSpec): Trial[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const p of sweep.parameters) {
    const values = (p.domain as Extract<ParameterDomain, { kind: 'values' }>).values;
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [p.name]: v })));
  }
  return combos.map((parameters, i) => ({ trial: i + 1, parameters }));
}

function randomTrials(sweep: SweepSpec): Trial[] {
  return Array.from({ length: sweep.trials }, (_, i) => {
    const rng = new Rng(sweep.seed, TRIAL_STREAM_BASE + i);
    const parameters: Record<string, unknown> = {};
    for (const p of sweep.parameters) parameters[p.name] = draw(p.domain, rng);
    return { trial: i + 1, parameters };
  });
}

/** One value of a domain: every parameter takes one uniform number of the trial's stream. */
export function draw(domain: ParameterDomain, rng: Rng): unknown {
  const u = rng.uniform();
  switch (domain.kind) {
    case 'values':
      return domain.values[Math.min(domain.values.length - 1, Math.floor(u * domain.values.length))];
    case 'uniform':
      return domain.min + u * (domain.max - domain.min);
    case 'log_uniform':
      return Math.exp(Math.log(domain.min) + u * (Math.log(domain.max) - Math.log(domain.min)));
    case 'int_uniform':
      return domain.min + Math.min(domain.max - domain.min, Math.floor(u * (domain.max - domain.min + 1)));
    default: {
      const unhandled: never = domain;
      throw new Error(`unknown domain ${JSON.stringify(unhandled)}`);
    }
  }
}
