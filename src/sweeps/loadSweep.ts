// Reads an experiment file with a sweep and checks every trial before any starts (`rnn-lab
// sweep`, the editor's Run Sweep and `rnn-lab validate` call this one function): the base
// experiment, the sweep section, each value of each parameter on its own (a problem is placed
// at that value, or at the parameter's name when every value has it — a wrong path), then each
// trial's whole experiment (a problem only a combination has is placed at "parameters").
//
// Checking 10,000 trials one by one took a minute; two things make it well under a second.
// Trials are checked as checkExperiment checks a file (no samples are built), on the file's
// value without its sweep section. And a trial is the combination of a few independent groups
// of parameters (groupOf): a check involves only the fields of one group, so a trial is valid
// when each group's values are, and each group's distinct combinations are checked once.

import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { MAX_EXPERIMENT_FILE_BYTES } from '../data/limits';
import { readTextFile } from '../data/readFailure';
import { diagnosticAt, type Diagnostic } from '../diagnostics/diagnostic';
import { JsonDocument, type JSONPath } from '../experiment/jsonDocument';
import { checkExperiment, type CheckedExperiment, type LoadOverrides } from '../experiment/load';
import { metricProblem } from './metric';
import { formatParameterPath } from './parameterPath';
import { resolveSweep, type SweepParameter, type SweepSpec } from './spec';
import { sweepTrials, type Trial, type TrialParameters } from './trials';

export interface LoadedSweep {
  /** Absolute path of the experiment file. */
  readonly file: string;
  /** Names the sweep in run.json: the same file, method, parameters and seed give the same id (resume). */
  readonly id: string;
  readonly spec: SweepSpec;
  readonly trials: readonly Trial[];
  /** The experiment without the sweep's values (its name, epochs), checked. */
  readonly base: CheckedExperiment;
  /** The file's text the trials are made from. */
  readonly text: string;
}

/** At most this many failing trials are reported (the rest are counted). */
const MAX_TRIAL_REPORTS = 10;

/**
 * Parameters whose values are checked against no other field: each is a group of its own. The
 * optimizer's other fields depend on its type (sgd has no beta1): they form one group. Every
 * other parameter may meet any other in a check (layers, data, batch size and memory, early
 * stopping and the validation split…): they form one group whose every combination is checked.
 */
const INDEPENDENT = new Set(['seed', 'name', 'training.optimizer.learningRate', 'training.clipNorm']);

function groupOf(p: SweepParameter): string {
  const name = formatParameterPath(p.path);
  if (INDEPENDENT.has(name)) return name;
  if (name.startsWith('training.optimizer.')) return 'training.optimizer';
  return '*';
}

export async function loadSweep(
  file: string,
  overrides: LoadOverrides = {},
  text?: string,
): Promise<{ sweep?: LoadedSweep; diagnostics: Diagnostic[] }> {
  const absolute = path.resolve(file);
  if (text === undefined) {
    const read = await readTextFile(absolute, 'an experiment file', MAX_EXPERIMENT_FILE_BYTES);
    if ('problem' in read) return { diagnostics: [diagnosticAt(absolute, 1, 1, read.problem)] };
    text = read.text;
  }
  const base = await checkExperiment(absolute, overrides, text);
  if (!base.checked) return { diagnostics: base.diagnostics };
  const doc = new JsonDocument(absolute, text);
  const { sweep: spec, diagnostics } = resolveSweep(doc, base.checked.experiment);
  if (!spec) return { diagnostics };
  const check = trialChecker(absolute, doc.value, spec, overrides);

  const valueProblems: Diagnostic[] = [];
  for (const p of spec.parameters) valueProblems.push(...(await checkParameter(p, doc, check)));
  if (valueProblems.length) return { diagnostics: unique(valueProblems) };

  const trials = sweepTrials(spec);
  const groups = new Map<string, string[]>();
  for (const p of spec.parameters) groups.set(groupOf(p), [...(groups.get(groupOf(p)) ?? []), p.name]);
  const trialProblems: Diagnostic[] = [];
  let failing = 0;
  for (const t of trials) {
    const problems: Diagnostic[] = [];
    for (const names of groups.values())
      problems.push(...(await check(Object.fromEntries(names.map((n) => [n, t.parameters[n]])))));
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
    sweep: { file: absolute, id: sweepId(doc.value, spec), spec, trials, base: base.checked, text },
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

/**
 * The diagnostics of the experiment as `parameters` set it (empty when it trains), each set of
 * values checked once. The trial's text is the file's value without its sweep: positions in it
 * are never shown (a trial's problems are placed at the sweep's values or "parameters").
 */
function trialChecker(
  file: string,
  value: unknown,
  spec: SweepSpec,
  overrides: LoadOverrides,
): (parameters: TrialParameters) => Promise<Diagnostic[]> {
  const experiment = { ...(value as Record<string, unknown>) };
  delete experiment.sweep;
  const text = JSON.stringify(experiment);
  const paths = new Map(spec.parameters.map((p) => [p.name, p.path]));
  const checked = new Map<string, Promise<Diagnostic[]>>();
  return (parameters) => {
    const key = stableJson(parameters);
    let result = checked.get(key);
    if (!result) {
      const trial = JSON.parse(text) as Record<string, unknown>;
      for (const [name, v] of Object.entries(parameters)) setAt(trial, paths.get(name)!, v);
      result = checkExperiment(file, overrides, JSON.stringify(trial)).then(({ checked, diagnostics }) => {
        if (!checked) return diagnostics;
        const problem = metricProblem(spec.metric.name, checked.experiment);
        return problem ? [diagnosticAt(file, 1, 1, problem)] : [];
      });
      checked.set(key, result);
    }
    return result;
  };
}

/** Sets the value at `path`, creating the sections a file leaves to their defaults (as withParameters does in the text). */
function setAt(root: Record<string, unknown>, path: JSONPath, value: unknown): void {
  let at: Record<string | number, unknown> = root;
  for (let i = 0; i < path.length - 1; i++) {
    const next = at[path[i]];
    if (next === null || typeof next !== 'object') at[path[i]] = {};
    at = at[path[i]] as Record<string | number, unknown>;
  }
  at[path[path.length - 1]] = value;
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
