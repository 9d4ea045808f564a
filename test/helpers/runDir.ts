// A run directory on disk as `rnn-lab train` leaves it (experiment.json, run.json, weights.json,
// an empty metrics.ndjson), written directly: for tests of what reads runs (predict, inspect,
// sample, the panel's views) with weights chosen by the test rather than trained.

import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { workspace } from './workspace';

export interface RunDirFiles {
  /** A valid experiment (relative data paths are resolved against the run directory's folder). */
  readonly experiment: Record<string, unknown>;
  readonly weights?: unknown;
  /** Fields of run.json over a completed one-epoch run. */
  readonly record?: Record<string, unknown>;
  /** Other files of the folder the run directory is in (data files the experiment names). */
  readonly files?: Record<string, string | object>;
}

/** Returns the run directory (in a fresh temporary folder). */
export function writeRunDir({ experiment, weights, record = {}, files = {} }: RunDirFiles): string {
  const root = workspace(files);
  const dir = path.join(root, 'runs', 'fixture-20260101-000000');
  mkdirSync(dir, { recursive: true });
  const write = (name: string, value: unknown) =>
    writeFileSync(path.join(dir, name), `${JSON.stringify(value, null, 2)}\n`);
  write('experiment.json', resolvePaths(experiment, root));
  write('run.json', {
    format: 'rnn-lab/run@1',
    name: 'fixture',
    status: 'completed',
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:00:01.000Z',
    epochs: 1,
    epochsCompleted: 1,
    finalLoss: 0,
    finalValLoss: null,
    seed: 0,
    source: path.join(root, 'fixture.rnn.json'),
    toolVersion: 'test',
    pid: 1,
    ...record,
  });
  writeFileSync(path.join(dir, 'metrics.ndjson'), '');
  if (weights !== undefined) write('weights.json', weights);
  return dir;
}

/** experiment.json holds absolute data paths, as a run records them. */
function resolvePaths(experiment: Record<string, unknown>, root: string): Record<string, unknown> {
  const data = { ...(experiment.data as Record<string, unknown>) };
  for (const key of ['csv', 'text']) {
    const file = data[key];
    if (typeof file === 'string') data[key] = path.resolve(root, file);
  }
  return { ...experiment, data };
}
