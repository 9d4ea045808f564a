// When a run started, read back from its folder's name: the short name runs get where several
// are side by side (the Runs view, tab titles, Compare's legend).

import * as path from 'node:path';
import { formatWhen } from '../format/numbers';

/** Run directories are named <name>-<YYYYMMDD-HHMMSS>[-k], in local time (src/runs/runDirectory.ts). */
const STARTED = /-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(?:-(\d+))?$/;

/**
 * When the run started, in the user's locale (src/format/numbers.ts): the time of day for a run
 * of today, the date and time before; `(2)` for the second run of that second; the folder's
 * name where it does not say.
 */
export function runTime(runDir: string, now = new Date()): string {
  const m = STARTED.exec(path.basename(runDir));
  if (!m) return path.basename(runDir);
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const second = m[7] ? ` (${m[7]})` : '';
  return formatWhen(new Date(y, mo - 1, d, h, mi, s), now) + second;
}
