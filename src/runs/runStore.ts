// The runs on disk as a reader sees them: every run directory of a runs directory, from its
// run.json only (metrics stay unread until a run is opened), including the ones a reader must
// not hide — a run whose trainer died (interrupted) and a run.json that cannot be read (damaged).

import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { MAX_RUN_RECORD_BYTES } from '../data/limits';
import { readTextFile } from '../data/readFailure';
import { processStart } from './processStart';
import { RUN_FORMAT, type RunRecord, type RunState } from './runRecord';

export type { RunState } from './runRecord';

export type RunEntry =
  | { readonly kind: 'run'; readonly dir: string; readonly record: RunRecord; readonly state: RunState }
  | { readonly kind: 'damaged'; readonly dir: string; readonly reason: string };

/** Whether a running run still has its trainer. The default asks the OS about run.json's pid. */
export type Liveness = (record: RunRecord, dir: string) => boolean;

export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether run.json's trainer is alive: its pid is a live process that started when the trainer
 * did (a reused pid is another process). Records without processStart trust the pid alone.
 */
export function trainerAlive(record: Pick<RunRecord, 'pid' | 'processStart'>): boolean {
  if (!processAlive(record.pid)) return false;
  return record.processStart === undefined || processStart(record.pid) === record.processStart;
}

/** Signals a run's trainer, only if it is still that process; false when it is gone. */
export function signalTrainer(record: Pick<RunRecord, 'pid' | 'processStart'>, signal: NodeJS.Signals): boolean {
  if (!trainerAlive(record)) return false;
  process.kill(record.pid, signal);
  return true;
}

/**
 * Whether Stop ends the run with SIGINT, as Ctrl-C in its terminal would: a CLI run, and a
 * train.py run in one process. torchrun's ranks stop together only with Ctrl-C where it runs.
 */
export function stopsOnSigint(record: Pick<RunRecord, 'host' | 'worldSize'>): boolean {
  return record.host === 'cli' || (record.host === 'pytorch' && (record.worldSize ?? 1) === 1);
}

export const pidLiveness: Liveness = (record) => trainerAlive(record);

export function stateOf(record: RunRecord, dir: string, alive: Liveness = pidLiveness): RunState {
  return record.status === 'running' && !alive(record, dir) ? 'interrupted' : record.status;
}

/** One run directory: its record and state, or why it cannot be read. */
export async function readRunEntry(dir: string, alive: Liveness = pidLiveness): Promise<RunEntry> {
  // A regular file of bounded size: a FIFO or a device named run.json is never opened.
  const read = await readTextFile(path.join(dir, 'run.json'), 'a run record', MAX_RUN_RECORD_BYTES);
  if ('problem' in read) {
    const missing = read.problem.startsWith('file not found');
    return {
      kind: 'damaged',
      dir,
      reason: missing ? 'run.json is missing' : `run.json cannot be read (${read.problem})`,
    };
  }
  const text = read.text;
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (err) {
    return { kind: 'damaged', dir, reason: `run.json is not valid JSON (${(err as Error).message})` };
  }
  const problem = recordProblem(record);
  if (problem) return { kind: 'damaged', dir, reason: problem };
  const r = record as RunRecord;
  return { kind: 'run', dir, record: r, state: stateOf(r, dir, alive) };
}

function recordProblem(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'run.json does not hold an object';
  const r = value as Record<string, unknown>;
  if (r.format !== RUN_FORMAT) return `run.json is not an ${RUN_FORMAT} record (format ${JSON.stringify(r.format)})`;
  for (const key of ['name', 'status', 'startedAt', 'source'] as const) {
    if (typeof r[key] !== 'string') return `run.json has no "${key}"`;
  }
  return undefined;
}

/**
 * Every run directory of runsDir, newest first (damaged ones last). Folders whose name starts
 * with "." are runs still being created (see runDirectory.ts) and are not listed.
 */
export async function listRuns(runsDir: string, alive: Liveness = pidLiveness): Promise<RunEntry[]> {
  let names: string[];
  try {
    names = (await readdir(runsDir, { withFileTypes: true }))
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name);
  } catch {
    return [];
  }
  const entries = await Promise.all(names.map((name) => readRunEntry(path.join(runsDir, name), alive)));
  return entries.sort(newestFirst);
}

function newestFirst(a: RunEntry, b: RunEntry): number {
  if (a.kind !== b.kind) return a.kind === 'run' ? -1 : 1;
  if (a.kind === 'run' && b.kind === 'run' && a.record.startedAt !== b.record.startedAt) {
    return a.record.startedAt < b.record.startedAt ? 1 : -1;
  }
  return a.dir < b.dir ? 1 : a.dir > b.dir ? -1 : 0;
}

/** The newest readable run started from sourceFile. */
export function latestRunOf(
  entries: readonly RunEntry[],
  sourceFile: string,
): Extract<RunEntry, { kind: 'run' }> | undefined {
  const source = path.resolve(sourceFile);
  let latest: Extract<RunEntry, { kind: 'run' }> | undefined;
  for (const e of entries) {
    if (e.kind !== 'run' || e.record.source !== source) continue;
    if (!latest || e.record.startedAt > latest.record.startedAt) latest = e;
  }
  return latest;
}

export interface RunGroup {
  /** The experiment file; undefined for the damaged runs, whose source cannot be read. */
  readonly source: string | undefined;
  readonly runs: RunEntry[];
}

/** Runs by experiment file, files in path order, runs newest first; damaged runs last. */
export function groupBySource(entries: readonly RunEntry[]): RunGroup[] {
  const groups = new Map<string | undefined, RunEntry[]>();
  for (const e of entries) {
    const key = e.kind === 'run' ? e.record.source : undefined;
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === undefined ? 1 : b === undefined ? -1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([source, runs]) => ({ source, runs: runs.sort(newestFirst) }));
}
