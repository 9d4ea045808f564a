// The Experiments table's one message contract, imported by the host (src/extension/
// experimentsTable) and the webview (webview/experiments.ts): one row per run, the
// hyperparameters that vary among them, and for a sweep what its charts need.

import type { Engine } from '../runs/runEngine';
import type { RunState } from '../runs/runRecord';

/** Which runs a table shows: every run, one experiment file's, or one sweep's. */
export type ExperimentsScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'experiment'; readonly source: string }
  | { readonly kind: 'sweep'; readonly id: string; readonly source: string };

/** Final and best (over the epochs) of each figure a run records (null where it has none). */
export const METRIC_COLUMNS = [
  'loss',
  'bestLoss',
  'valLoss',
  'bestValLoss',
  'accuracy',
  'bestAccuracy',
  'valAccuracy',
  'bestValAccuracy',
  'perplexity',
  'bestPerplexity',
  'valPerplexity',
  'bestValPerplexity',
] as const;
export type MetricColumn = (typeof METRIC_COLUMNS)[number];

export interface ExperimentRow {
  readonly runDir: string;
  /** The experiment file, and the experiment's name. */
  readonly source: string;
  readonly experiment: string;
  /** The user's label, or a sweep trial's number and parameters (src/runs/runName.ts). */
  readonly name: string | null;
  readonly sweep: { readonly id: string; readonly trial: number } | null;
  /** The run's state; `pruned` for a trial the sweep stopped. */
  readonly status: RunState | 'pruned';
  /** re-run, CLI, … */
  readonly marks: string[];
  /** Which engine trained it (runs/runEngine.ts): native and PyTorch runs side by side. */
  readonly engine: Engine;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly durationMs: number | null;
  readonly epochs: number;
  readonly epochsCompleted: number;
  readonly metrics: Readonly<Record<MetricColumn, number | null>>;
  /** Hyperparameter path → value as shown, for the paths that vary among the rows (absent: the run does not have it). */
  readonly params: Readonly<Record<string, string>>;
  /** The same values as they are in experiment.json (numbers stay numbers: the sweep's charts plot them). */
  readonly values: Readonly<Record<string, unknown>>;
}

/** A sweep shown on its own: what its charts plot. */
export interface SweepSummary {
  readonly id: string;
  readonly experiment: string;
  /** The sweep's metric column (e.g. bestValLoss for valLoss: a trial's score is its best epoch) and goal. */
  readonly metric: MetricColumn;
  readonly goal: 'minimize' | 'maximize';
  /** The swept parameters, as the sweep names them: also their paths in the rows' `params` and `values`. */
  readonly parameters: string[];
  /** The best trial by the metric (highlighted in the charts). */
  readonly bestRunDir: string | null;
}

export type HostToExperiments = {
  readonly type: 'rows';
  readonly scope: ExperimentsScope;
  readonly title: string;
  readonly rows: ExperimentRow[];
  /** The hyperparameter paths that vary among the rows, in first-seen order. */
  readonly params: string[];
  readonly sweep: SweepSummary | null;
};

export type ExperimentsToHost =
  | { readonly type: 'ready' }
  /** Plot these runs' curves together (the Compare panel). */
  | { readonly type: 'compare'; readonly runDirs: string[] }
  | { readonly type: 'open'; readonly runDir: string };

export type SortState = { readonly column: string; readonly descending: boolean };
export type GroupBy = 'none' | 'experiment' | 'sweep';

/** Kept by the webview (setState) and given back to the host's serializer after a reload. */
export interface ExperimentsState {
  readonly scope: ExperimentsScope;
  readonly hidden?: string[];
  readonly sort?: SortState;
  readonly filter?: string;
  readonly groupBy?: GroupBy;
  /** In a sweep: settings that follow from the swept ones (a layer type's init), shown on request. */
  readonly shownDerived?: string[];
}
