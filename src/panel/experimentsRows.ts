// The rows of an Experiments table, read from the run store's entries: each run's run.json (the
// listing has it: final and best of each figure) and its experiment.json (the hyperparameters,
// diffed by settingsDiff). Runs recorded before run.json kept the best figures (or by another
// trainer) have their metrics.ndjson scanned for them instead, once while it is unchanged.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { BestFigureTracker, FIGURE_NAMES, type BestFigures, type FigureName } from '../runs/bestFigures';
import { runEngine } from '../runs/runEngine';
import { readRecordedExperiment } from '../runs/recordedExperiment';
import { runMarks, runName } from '../runs/runName';
import type { RunEntry } from '../runs/runStore';
import { flattenSettings, settingsDiff } from '../runs/settingsDiff';
import { isBetter, METRIC_NAMES, SWEEP_METRICS, type MetricName } from '../sweeps/metric';
import type {
  ExperimentRow,
  ExperimentsScope,
  HostToExperiments,
  MetricColumn,
  SweepSummary,
} from './experimentsProtocol';

type Run = Extract<RunEntry, { kind: 'run' }>;
type Metrics = Record<MetricColumn, number | null>;

/** Settings every table leaves out: the experiment's name is its own column. */
const NOT_HYPERPARAMETERS = new Set(['name']);

export function inScope(entry: RunEntry, scope: ExperimentsScope): entry is Run {
  if (entry.kind !== 'run') return false;
  switch (scope.kind) {
    case 'all':
      return true;
    case 'experiment':
      return entry.record.source === scope.source;
    case 'sweep':
      return entry.record.sweep?.id === scope.id && entry.record.source === scope.source;
    default: {
      const unhandled: never = scope;
      throw new Error(`unknown scope ${JSON.stringify(unhandled)}`);
    }
  }
}

/** `weather` for …/weather.rnn.json: what a tab title can say of an experiment file. */
const stem = (source: string) => path.basename(source).replace(/\.rnn\.json$/i, '');

/** A tab's title: `Experiments`, `Experiments: weather`, `Sweep: weather` (the sweep's id is on the page). */
export function scopeTitle(scope: ExperimentsScope): string {
  switch (scope.kind) {
    case 'all':
      return 'Experiments';
    case 'experiment':
      return `Experiments: ${stem(scope.source)}`;
    case 'sweep':
      return `Sweep: ${stem(scope.source)}`;
    default: {
      const unhandled: never = scope;
      throw new Error(`unknown scope ${JSON.stringify(unhandled)}`);
    }
  }
}

export async function readExperimentRows(
  entries: readonly RunEntry[],
  scope: ExperimentsScope,
  now = new Date(),
): Promise<HostToExperiments> {
  const runs = entries.filter((e) => inScope(e, scope));
  const read = await Promise.all(
    runs.map(async (run) => ({
      run,
      experiment: await readExperiment(run.dir),
      metrics: await figuresOf(run),
    })),
  );
  const flat = read.map((r) => new Map(flattenSettings(r.experiment).map((s) => [s.path, s])));
  const varying = settingsDiff(read.map((r) => r.experiment)).filter((d) => !NOT_HYPERPARAMETERS.has(d.path));
  const params = varying.map((d) => d.path);
  const rows = read.map(({ run, metrics }, i): ExperimentRow => {
    const r = run.record;
    const end = r.endedAt ? Date.parse(r.endedAt) : run.state === 'running' ? now.getTime() : null;
    const shown: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    for (const d of varying) {
      const setting = flat[i].get(d.path);
      if (!setting) continue;
      shown[d.path] = setting.shown;
      values[d.path] = JSON.parse(setting.exact);
    }
    return {
      runDir: run.dir,
      source: r.source,
      experiment: r.name,
      name: runName(r) ?? null,
      sweep: r.sweep ? { id: r.sweep.id, trial: r.sweep.trial } : null,
      status: r.sweep?.pruned ? 'pruned' : run.state,
      marks: runMarks(r).filter((m) => !m.startsWith('pruned')),
      engine: runEngine(r),
      startedAt: r.startedAt,
      durationMs: end === null ? null : end - Date.parse(r.startedAt),
      epochs: r.epochs,
      epochsCompleted: r.epochsCompleted,
      metrics,
      params: shown,
      values,
    };
  });
  return {
    type: 'rows',
    scope,
    title: scopeTitle(scope),
    rows,
    params,
    sweep: scope.kind === 'sweep' ? sweepSummary(scope.id, runs, rows) : null,
  };
}

/** The sweep's metric (from its trials' run.json), the parameters it sets, and its best trial. */
function sweepSummary(id: string, runs: readonly Run[], rows: readonly ExperimentRow[]): SweepSummary {
  const recorded = runs.find((r) => r.record.sweep?.metric)?.record.sweep?.metric;
  const name = (
    recorded && (METRIC_NAMES as string[]).includes(recorded.name)
      ? recorded.name
      : rows.some((r) => r.metrics.valLoss !== null)
        ? 'valLoss'
        : 'loss'
  ) as MetricName;
  const goal = recorded?.goal ?? SWEEP_METRICS[name].goal;
  const metric = bestColumn(name);
  const parameters = [...new Set(runs.flatMap((r) => Object.keys(r.record.sweep?.parameters ?? {})))];
  let best: ExperimentRow | undefined;
  for (const r of rows)
    if (isBetter(r.metrics[metric] ?? undefined, best?.metrics[metric] ?? undefined, goal)) best = r;
  return { id, experiment: runs[0]?.record.name ?? '', metric, goal, parameters, bestRunDir: best?.runDir ?? null };
}

function bestColumn(name: MetricName): MetricColumn {
  return `best${name[0].toUpperCase()}${name.slice(1)}` as MetricColumn;
}

async function readExperiment(dir: string): Promise<unknown> {
  return (await readRecordedExperiment(dir)) ?? {};
}

/** Final and best of each figure: from run.json, or from metrics.ndjson for runs whose run.json has no bestMetrics. */
async function figuresOf(run: Run): Promise<Metrics> {
  const r = run.record;
  const recorded: Scanned = r.bestMetrics
    ? { best: r.bestMetrics, final: { loss: r.finalLoss, valLoss: r.finalValLoss, ...r.finalMetrics } }
    : await scanMetrics(run.dir);
  const metrics = emptyMetrics();
  for (const name of FIGURE_NAMES) {
    const final = recorded.final[name];
    metrics[name] = typeof final === 'number' ? final : null;
    metrics[bestColumn(name)] = recorded.best[name] ?? null;
  }
  return metrics;
}

type Scanned = { best: BestFigures; final: Partial<Record<FigureName, number | null>> };
const scans = new Map<string, { key: string; scanned: Scanned }>();

/** The figures come first in a line (the statistics after them): only each line's start is searched. */
const FIGURE = /"(loss|valLoss|accuracy|valAccuracy|perplexity|valPerplexity)":(null|-?[\d.]+(?:[eE][-+]?\d+)?)/g;
const PREFIX = 2000;

async function scanMetrics(dir: string): Promise<Scanned> {
  const file = path.join(dir, 'metrics.ndjson');
  let key: string;
  try {
    const s = await stat(file);
    key = `${s.size}:${s.mtimeMs}`;
  } catch {
    return { best: {}, final: {} };
  }
  const cached = scans.get(dir);
  if (cached?.key === key) return cached.scanned;
  const tracker = new BestFigureTracker();
  let final: Scanned['final'] = {};
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    const figures: Partial<Record<FigureName, number | null>> = {};
    for (const [, name, value] of line.slice(0, PREFIX).matchAll(FIGURE))
      figures[name as FigureName] ??= value === 'null' ? null : Number(value);
    const { loss, valLoss, ...others } = figures;
    if (typeof loss !== 'number') continue; // a torn line
    tracker.add({ epoch: 0, loss, valLoss: valLoss ?? null, ...(others as Record<string, number>) });
    final = figures;
  }
  const scanned = { best: tracker.best, final };
  scans.set(dir, { key, scanned });
  return scanned;
}

function emptyMetrics(): Metrics {
  return Object.fromEntries(
    METRIC_NAMES.flatMap((m) => [
      [m, null],
      [bestColumn(m), null],
    ]),
  ) as Metrics;
}
