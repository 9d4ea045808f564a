// Reads an experiment file with a sweep and checks every trial before any starts: the base
// experiment, the sweep section, each value of each parameter on its own (a problem is placed
// at that value, or at the parameter's name when every value has it — a wrong path), then each
// trial's whole experiment (a problem only a combination has is placed at "parameters").

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readFailure } from '../data/readFailure';
import { diagnosticAt, type Diagnostic } from '../diagnostics/diagnostic';
import { JsonDocument, type JSONPath } from '../experiment/jsonDocument';
import { loadExperiment, type LoadedExperiment, type LoadOverrides } from '../experiment/load';
import { metricProblem } from './metric';
import { resolveSweep, type SweepParameter, type SweepSpec } from './spec';
import { withParameters } from './trialExperiment';
import { sweepTrials, type Trial, type TrialParameters } from './trials';

export interface LoadedSweep {
  /** Absolute path of the experiment file. */
  readonly file: string;
  /** Names the sweep in run.json: the same file, method, parameters and seed give the same id (resume). */
  readonly id: string;
  readonly spec: SweepSpec;
  readonly trials: readonly Trial[];
  /** The experiment without the sweep's values (its name, epochs). */
  readonly base: LoadedExperiment;
  /** The file's text the trials are made from. */
  readonly text: string;
}

/** At most this many failing trials are reported (the rest are counted). */
const MAX_TRIAL_REPORTS = 10;

export async function loadSweep(
  file: string,
  overrides: LoadOverrides = {},
  text?: string,
): Promise<{ sweep?: LoadedSweep; diagnostics: Diagnostic[] }> {
  const absolute = path.resolve(file);
  if (text === undefined) {
    try {
      text = await readFile(absolute, 'utf8');
    } catch (err) {
      return { diagnostics: [diagnosticAt(absolute, 1, 1, readFailure(absolute, err))] };
    }
  }
  const base = await loadExperiment(absolute, overrides, text);
  if (!base.loaded) return { diagnostics: base.diagnostics };
  const doc = new JsonDocument(absolute, text);
  const { sweep: spec, diagnostics } = resolveSweep(doc, base.loaded.experiment);
  if (!spec) return { diagnostics };
  const check = (parameters: TrialParameters) => checkTrial(absolute, text, parameters, spec, overrides);

  const valueProblems: Diagnostic[] = [];
  for (const p of spec.parameters) valueProblems.push(...(await checkParameter(p, doc, check)));
  if (valueProblems.length) return { diagnostics: unique(valueProblems) };

  const trials = sweepTrials(spec);
  const trialProblems: Diagnostic[] = [];
  let failing = 0;
  for (const t of trials) {
    const problems = await check(t.parameters);
    if (!problems.length) continue;
    if (++failing > MAX_TRIAL_REPORTS) continue;
    const what = `trial ${t.trial} (${describeParameters(t.parameters)})`;
    for (const d of problems)
      trialProblems.push(
        d.file === absolute
          ? doc.atKey(['sweep', 'parameters'], `${what}: ${d.message}`)
          : { ...d, message: `${what}: ${d.message}` },
      );
  }
  if (failing > MAX_TRIAL_REPORTS)
    trialProblems.push(
      doc.atKey(
        ['sweep', 'parameters'],
        `${failing - MAX_TRIAL_REPORTS} more of the ${trials.length} trials have problems`,
      ),
    );
  if (trialProblems.length) return { diagnostics: unique(trialProblems) };
  return {
    diagnostics: [],
    sweep: { file: absolute, id: sweepId(doc.value, spec), spec, trials, base: base.loaded, text },
  };
}

/** Problems moved to one place (the parameter) can coincide: each is told once. */
function unique(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.message}`;
    return !seen.has(key) && seen.add(key) !== undefined;
  });
}

/** `training.optimizer.learningRate = 0.01, model.layers[0].type = "lstm"` */
export function describeParameters(parameters: TrialParameters): string {
  return Object.entries(parameters)
    .map(([name, v]) => `${name} = ${JSON.stringify(v)}`)
    .join(', ');
}

/** The diagnostics of the experiment as `parameters` set it (empty when it trains). */
async function checkTrial(
  file: string,
  text: string,
  parameters: TrialParameters,
  spec: SweepSpec,
  overrides: LoadOverrides,
): Promise<Diagnostic[]> {
  const { loaded, diagnostics } = await loadExperiment(file, overrides, withParameters(text, parameters));
  if (!loaded) return diagnostics;
  const problem = metricProblem(spec.metric.name, loaded.experiment);
  return problem ? [diagnosticAt(file, 1, 1, problem)] : [];
}

/** Each candidate value of one parameter, set alone: its problems at that value, or at the name when all values share them. */
async function checkParameter(
  p: SweepParameter,
  doc: JsonDocument,
  check: (parameters: TrialParameters) => Promise<Diagnostic[]>,
): Promise<Diagnostic[]> {
  const at: JSONPath = ['sweep', 'parameters', p.name];
  const candidates: { value: unknown; at: JSONPath }[] =
    p.domain.kind === 'values'
      ? p.domain.values.map((value, i) => ({
          value,
          at: doc.has([...at, 'values']) ? [...at, 'values', i] : [...at, 'value'],
        }))
      : // A range's ends stand for it: a setting valid at both ends is valid between them.
        [
          { value: p.domain.min, at: [...at, 'min'] },
          { value: p.domain.max, at: [...at, 'max'] },
        ];
  const results = await Promise.all(
    candidates.map(async (c) => ({ ...c, problems: await check({ [p.name]: c.value }) })),
  );
  const messages = (ds: Diagnostic[]) =>
    ds
      .map((d) => d.message)
      .sort()
      .join('\n');
  const shared =
    candidates.length > 1 &&
    results.every((r) => r.problems.length > 0 && messages(r.problems) === messages(results[0].problems));
  if (shared) return results[0].problems.map((d) => doc.atKey(at, `${p.name}: ${d.message}`));
  return results.flatMap((r) =>
    r.problems.map((d) => {
      const message = `${p.name} = ${JSON.stringify(r.value)}: ${d.message}`;
      return d.file === doc.file ? doc.at(r.at, message) : { ...d, message };
    }),
  );
}

/** Everything that decides the trials' experiments: the file without its sweep, the method, parameters and seed. */
function sweepId(value: unknown, spec: SweepSpec): string {
  const experiment = { ...(value as Record<string, unknown>) };
  delete experiment.sweep;
  const identity = {
    experiment,
    method: spec.method,
    seed: spec.method === 'random' ? spec.seed : undefined,
    parameters: spec.parameters.map((p) => [p.name, p.domain]),
  };
  return createHash('sha256').update(stableJson(identity)).digest('hex').slice(0, 8);
}

/** JSON with object keys sorted: the same content gives the same text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
