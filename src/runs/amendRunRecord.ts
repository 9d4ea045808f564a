// Changes to a finished run's run.json made after its trainer let go of it: a name the user
// gives it (Rename Run…), a sweep's note that it pruned the trial. Replaced atomically, like
// every write of run.json. A running run's recorder rewrites run.json from memory, so a change
// to it would be lost: it is refused.

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { writeJsonAtomic } from './atomicFile';
import type { RunRecord } from './runRecord';

export class RunningRunError extends Error {}

/**
 * Applies `change` to the run.json of `runDir` (fields set to undefined are removed).
 * `trained`: whether a trainer still owns a run that says running (default: yes).
 */
export async function amendRunRecord(
  runDir: string,
  change: (record: RunRecord) => Partial<RunRecord>,
  trained: (record: RunRecord) => boolean = () => true,
): Promise<RunRecord> {
  const file = path.join(runDir, 'run.json');
  const record = JSON.parse(await readFile(file, 'utf8')) as RunRecord;
  if (record.status === 'running' && trained(record))
    throw new RunningRunError(`${path.basename(runDir)} is still running: stop it or let it finish first`);
  const amended = { ...record, ...change(record) };
  writeJsonAtomic(file, JSON.parse(JSON.stringify(amended)));
  return amended;
}

/** Sets (or, with an empty label, removes) the name a user gave a run. */
export function setRunLabel(
  runDir: string,
  label: string,
  trained?: (record: RunRecord) => boolean,
): Promise<RunRecord> {
  const trimmed = label.trim();
  return amendRunRecord(runDir, () => ({ label: trimmed || undefined }), trained);
}
