// The most recent run of an experiment file, found by reading run.json files only
// (metrics stay unread until a run is opened).

import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { RunRecord } from './runRecord';

export interface RunOnDisk {
  readonly dir: string;
  readonly record: RunRecord;
}

export async function listRuns(runsDir: string): Promise<RunOnDisk[]> {
  let names: string[];
  try {
    names = await readdir(runsDir);
  } catch {
    return [];
  }
  const runs = await Promise.all(names.map(async (name) => {
    const dir = path.join(runsDir, name);
    try {
      return { dir, record: JSON.parse(await readFile(path.join(dir, 'run.json'), 'utf8')) as RunRecord };
    } catch {
      return undefined; // not a run, or a run.json being replaced right now
    }
  }));
  return runs.filter((r): r is RunOnDisk => r !== undefined);
}

export async function latestRunOf(runsDir: string, sourceFile: string): Promise<RunOnDisk | undefined> {
  const source = path.resolve(sourceFile);
  let latest: RunOnDisk | undefined;
  for (const run of await listRuns(runsDir)) {
    if (run.record.source !== source) continue;
    if (!latest || run.record.startedAt > latest.record.startedAt) latest = run;
  }
  return latest;
}
