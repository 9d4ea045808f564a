// The `sweep` section of an experiment file (docs/guide/sweeps.md), in the vocabulary of W&B's sweep
// configuration: method, parameters keyed by a path into the experiment, metric and goal.
// Resolving it checks what the schema cannot — paths, ranges, which fields go with which
// method — each problem placed at the value it is about.

import type { Diagnostic } from '../diagnostics/diagnostic';
import type { JsonDocument, JSONPath } from '../experiment/jsonDocument';
import type { ResolvedExperiment } from '../experiment/types';
import { defaultMetric, metricProblem, SWEEP_METRICS, type Goal, type MetricName, type SweepMetric } from './metric';
import { formatParameterPath, parseParameterPath } from './parameterPath';

export type SweepMethod = 'grid' | 'random';

/**
 * How one parameter's values are chosen. `log_uniform`: x = exp(u), u uniform in [ln min, ln max]
 * — min and max are values, as in W&B's `log_uniform_values` (W&B's own `log_uniform` takes
 * their logarithms); `log_uniform_values` is accepted as the same.
 */
export type ParameterDomain =
  | { readonly kind: 'values'; readonly values: readonly unknown[] }
  | { readonly kind: 'uniform' | 'log_uniform' | 'int_uniform'; readonly min: number; readonly max: number };

export interface SweepParameter {
  /** As written in the file: `model.layers[0].units`. */
  readonly name: string;
  readonly path: JSONPath;
  readonly domain: ParameterDomain;
}

/** Successive halving (ASHA): at epochs minEpochs·η^k a trial continues only in the best 1/η. */
export interface PruneSpec {
  readonly minEpochs: number;
  readonly reductionFactor: number;
}

export interface SweepSpec {
  readonly method: SweepMethod;
  readonly parameters: readonly SweepParameter[];
  /** random: how many trials are drawn. */
  readonly trials: number;
  /** random: the draws' seed (default: the experiment's seed). */
  readonly seed: number;
  readonly metric: SweepMetric;
  /** Trials at once, when the file says (else the host's default; --parallel overrides). */
  readonly parallel?: number;
  readonly prune?: PruneSpec;
}

export const DEFAULT_RANDOM_TRIALS = 10;
export const DEFAULT_REDUCTION_FACTOR = 3;
/** A grid larger than this is almost certainly a mistake (and would take days). */
export const MAX_TRIALS = 10_000;

/** The section as the schema admits it (schemaCheck.ts has validated it). */
interface SweepSection {
  readonly method?: SweepMethod;
  readonly parameters: Record<string, ParameterSection>;
  readonly trials?: number;
  readonly seed?: number;
  readonly metric?: { readonly name?: MetricName; readonly goal?: Goal };
  readonly parallel?: number;
  readonly prune?: { readonly minEpochs: number; readonly reductionFactor?: number };
}

interface ParameterSection {
  readonly values?: unknown[];
  readonly value?: unknown;
  readonly distribution?: string;
  readonly min?: number;
  readonly max?: number;
}

const DISTRIBUTIONS: Record<string, Exclude<ParameterDomain['kind'], 'values'>> = {
  uniform: 'uniform',
  int_uniform: 'int_uniform',
  log_uniform: 'log_uniform',
  log_uniform_values: 'log_uniform',
};

/** Fields of the experiment a sweep must not vary: prose and the sweep itself. */
const FIXED_ROOTS = new Set(['sweep', '$schema', 'description']);

/**
 * The sweep of a schema-valid document whose experiment (without the sweep) resolved to `base`.
 * Problems are positioned in the document.
 */
export function resolveSweep(
  doc: JsonDocument,
  base: ResolvedExperiment,
): { sweep?: SweepSpec; diagnostics: Diagnostic[] } {
  const s = (doc.value as { sweep?: SweepSection }).sweep;
  if (!s)
    return {
      diagnostics: [
        doc.at(
          [],
          'this experiment has no "sweep" section: add one (docs/guide/sweeps.md), or train it with rnn-lab train',
        ),
      ],
    };
  const out: Diagnostic[] = [];
  const method: SweepMethod = s.method ?? 'grid';
  const parameters: SweepParameter[] = [];
  for (const [name, spec] of Object.entries(s.parameters)) {
    const parameter = resolveParameter(name, spec, method, doc, out);
    if (parameter) parameters.push(parameter);
  }
  if (method === 'grid' && s.trials !== undefined) {
    out.push(
      doc.atKey(
        ['sweep', 'trials'],
        '"trials" applies to "method": "random"; a grid runs every combination of the values',
      ),
    );
  }
  if (method === 'grid' && parameters.length === Object.keys(s.parameters).length) {
    const combinations = parameters.reduce((n, p) => n * (p.domain.kind === 'values' ? p.domain.values.length : 1), 1);
    if (combinations > MAX_TRIALS)
      out.push(
        doc.atKey(
          ['sweep', 'parameters'],
          `the grid has ${combinations} combinations, more than ${MAX_TRIALS}: use fewer values, or "method": "random" with "trials"`,
        ),
      );
  }
  if (method === 'random' && (s.trials ?? 0) > MAX_TRIALS)
    out.push(doc.at(['sweep', 'trials'], `at most ${MAX_TRIALS} trials`));
  const metricName: MetricName = s.metric?.name ?? defaultMetric(base);
  const problem = metricProblem(metricName, base);
  if (problem) out.push(doc.at(s.metric?.name ? ['sweep', 'metric', 'name'] : ['sweep'], problem));
  const prune = s.prune ? resolvePrune(s.prune, base, doc, out) : undefined;
  if (out.length) return { diagnostics: out };
  return {
    diagnostics: [],
    sweep: {
      method,
      parameters,
      trials:
        method === 'random'
          ? (s.trials ?? DEFAULT_RANDOM_TRIALS)
          : parameters.reduce((n, p) => n * (p.domain.kind === 'values' ? p.domain.values.length : 1), 1),
      seed: s.seed ?? base.seed,
      metric: { name: metricName, goal: s.metric?.goal ?? SWEEP_METRICS[metricName].goal },
      ...(s.parallel !== undefined ? { parallel: s.parallel } : {}),
      ...(prune ? { prune } : {}),
    },
  };
}

function resolveParameter(
  name: string,
  spec: ParameterSection,
  method: SweepMethod,
  doc: JsonDocument,
  out: Diagnostic[],
): SweepParameter | undefined {
  const at = ['sweep', 'parameters', name];
  const parsed = parseParameterPath(name);
  if ('problem' in parsed) {
    out.push(doc.atKey(at, parsed.problem));
    return undefined;
  }
  const pathProblem = structureProblem(parsed.path, doc.value);
  if (pathProblem) {
    out.push(doc.atKey(at, pathProblem));
    return undefined;
  }
  const given = (['values', 'value', 'distribution'] as const).filter((k) => spec[k] !== undefined);
  if (given.length !== 1) {
    out.push(
      doc.atKey(
        at,
        given.length === 0
          ? `"${name}" needs its values: "values": [...], or a "distribution" with "min" and "max"`
          : `"${name}" has ${given.map((g) => `"${g}"`).join(' and ')}: give exactly one`,
      ),
    );
    return undefined;
  }
  if (spec.value !== undefined || spec.values !== undefined) {
    for (const extra of ['min', 'max'] as const)
      if (spec[extra] !== undefined) out.push(doc.atKey([...at, extra], `"${extra}" goes with a "distribution"`));
    return { name, path: parsed.path, domain: { kind: 'values', values: spec.values ?? [spec.value] } };
  }
  const kind = DISTRIBUTIONS[spec.distribution!];
  if (method === 'grid') {
    out.push(
      doc.at(
        [...at, 'distribution'],
        'a grid needs a list of "values" (a distribution cannot be enumerated): give "values", or use "method": "random"',
      ),
    );
    return undefined;
  }
  const { min, max } = spec;
  if (min === undefined || max === undefined) {
    const missing = min === undefined && max === undefined ? '"min" and "max"' : min === undefined ? '"min"' : '"max"';
    out.push(doc.atKey([...at, 'distribution'], `distribution "${spec.distribution}" needs ${missing}`));
    return undefined;
  }
  const before = out.length;
  if (!(min < max)) out.push(doc.at([...at, 'max'], `max must be above min (${min})`));
  if (kind === 'log_uniform' && !(min > 0))
    out.push(
      doc.at(
        [...at, 'min'],
        `a log-uniform distribution needs min > 0 (min and max are the values themselves, as W&B's log_uniform_values)`,
      ),
    );
  if (kind === 'int_uniform') {
    for (const [k, v] of [
      ['min', min],
      ['max', max],
    ] as const)
      if (!Number.isInteger(v)) out.push(doc.at([...at, k], `int_uniform needs whole numbers: ${k} is ${v}`));
  }
  return out.length > before ? undefined : { name, path: parsed.path, domain: { kind, min, max } };
}

/**
 * Whether `path` can lead into the experiment: not into the sweep itself, arrays indexed within
 * their length, no index into an object or name into an array. A missing last field is fine
 * (a default the file does not write); each trial's experiment is validated in full later.
 */
function structureProblem(path: JSONPath, root: unknown): string | undefined {
  if (FIXED_ROOTS.has(path[0] as string)) return `"${path[0]}" cannot be swept`;
  let current: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const where = formatParameterPath(path.slice(0, i));
    if (current === undefined) return undefined; // a section the file leaves to its defaults: created for the trial
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return `${where} is not a list: it cannot be indexed with [${segment}]`;
      if (segment >= current.length)
        return `${where} has ${current.length} entr${current.length === 1 ? 'y' : 'ies'}: [${segment}] is out of range`;
      current = current[segment];
    } else {
      if (Array.isArray(current)) return `${where} is a list: name one of its entries, e.g. ${where}[0]`;
      if (current === null || typeof current !== 'object')
        return `${where} is a value, not a section: ${formatParameterPath(path)} does not exist`;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return undefined;
}

function resolvePrune(
  p: NonNullable<SweepSection['prune']>,
  base: ResolvedExperiment,
  doc: JsonDocument,
  out: Diagnostic[],
): PruneSpec | undefined {
  const spec: PruneSpec = { minEpochs: p.minEpochs, reductionFactor: p.reductionFactor ?? DEFAULT_REDUCTION_FACTOR };
  if (spec.minEpochs >= base.training.epochs) {
    out.push(
      doc.at(
        ['sweep', 'prune', 'minEpochs'],
        `prune.minEpochs must be below training.epochs (${base.training.epochs}): trials are compared first after minEpochs epochs`,
      ),
    );
    return undefined;
  }
  return spec;
}
