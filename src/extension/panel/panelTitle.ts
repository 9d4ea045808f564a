// A run panel's tab title: the experiment's name and when the run started, so that three runs
// of one experiment have three tabs a reader can tell apart.

import { runTime } from '../../runs/runTime';

/** "RNN: notebook 16:31:05" (a run of today), "RNN: notebook 28 Nov 16:31" (an older one). */
export function panelTitle(name: string, runDir: string, now = new Date()): string {
  return `RNN: ${name} ${runTime(runDir, now)}`;
}
