// A run's experiment.json — the settings it trained with — read as data for what shows runs (a
// run's panel, Compare, the Experiments table, the Runs view's tooltip, the Last run lens), through
// the one reader: a regular file of at most MAX_EXPERIMENT_FILE_BYTES, so a run directory from
// elsewhere (an untrusted folder's) cannot stall a view with a FIFO or flood it with a huge file.

import * as path from 'node:path';
import { MAX_EXPERIMENT_FILE_BYTES } from '../data/limits';
import { readTextFile } from '../data/readFailure';

/** The recorded experiment, parsed; undefined when it is missing, not a regular file, too large or not JSON. */
export async function readRecordedExperiment(runDir: string): Promise<unknown> {
  const file = path.join(runDir, 'experiment.json');
  const read = await readTextFile(file, 'a recorded experiment', MAX_EXPERIMENT_FILE_BYTES);
  if ('problem' in read) return undefined;
  try {
    return JSON.parse(read.text) as unknown;
  } catch {
    return undefined;
  }
}
