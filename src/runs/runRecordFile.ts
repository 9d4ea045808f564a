// Reading run.json, and the header a panel or report shows for it.

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { RunHeader } from '../panel/protocol';
import type { RunRecord } from './runRecord';
import type { RunState } from './runStore';

/** The run's record, or undefined when run.json is missing or unreadable. */
export async function readRunRecord(runDir: string): Promise<RunRecord | undefined> {
  try {
    return JSON.parse(await readFile(path.join(runDir, 'run.json'), 'utf8')) as RunRecord;
  } catch {
    return undefined;
  }
}

/** `state` is what the run is now (an interrupted run's record still says running). */
export function runHeader(r: RunRecord, state: RunState = r.status): RunHeader {
  return {
    name: r.name, status: state, epochs: r.epochs, epochsCompleted: r.epochsCompleted, startedAt: r.startedAt,
    endedAt: r.endedAt, finalLoss: r.finalLoss, ...(r.message ? { message: r.message } : {}),
  };
}
