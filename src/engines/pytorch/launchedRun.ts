// The run directory of a launched train.py: found as soon as train.py renames it into place
// (a new directory of the runs directory whose run.json names this experiment, host pytorch,
// and a process of this launch), and made whole when the process has ended — a run still
// "running" after its trainer is gone becomes cancelled (Stop) or failed (with the script's
// last lines); a launch that failed before train.py made a run gets a failed run of its own,
// so that no attempt disappears without a trace.

import { readdirSync, readFileSync, watch } from 'node:fs';
import * as path from 'node:path';
import { amendRunRecord } from '../../runs/amendRunRecord';
import { writeFileAtomic, writeJsonAtomic } from '../../runs/atomicFile';
import { createRunDirectory } from '../../runs/runDirectory';
import { RUN_FORMAT, type RunRecord, type RunStatus } from '../../runs/runRecord';
import { readRunEntry } from '../../runs/runStore';

/** The run directories there now (new ones are this launch's candidates). */
export function runDirsNow(runsDir: string): Set<string> {
  try {
    return new Set(readdirSync(runsDir).filter((n) => !n.startsWith('.')));
  } catch {
    return new Set();
  }
}

/** Linux: the parent of a process (torchrun's ranks are children of the launcher). */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `pid` is `root` or a descendant of it (a few levels); where that cannot be told, yes. */
export function launchedBy(pid: number, root: number): boolean {
  if (pid === root) return true;
  if (process.platform !== 'linux') return true;
  let at: number | undefined = pid;
  for (let depth = 0; depth < 4 && at !== undefined && at > 1; depth++) {
    at = parentOf(at);
    if (at === root) return true;
  }
  return false;
}

export interface RunSearch {
  readonly runsDir: string;
  readonly before: ReadonlySet<string>;
  /** run.json's "source": the experiment file the export names. */
  readonly source: string;
  readonly pid: number;
  readonly pollMs?: number;
}

/**
 * Resolves with the launch's run directory once it is there; with undefined when `gone`
 * resolves first (the process ended without making one).
 */
export function findLaunchedRun(search: RunSearch, gone: Promise<unknown>): Promise<string | undefined> {
  return new Promise((resolve) => {
    let finished = false;
    let watcher: ReturnType<typeof watch> | undefined;
    const done = (dir: string | undefined) => {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      watcher?.close();
      resolve(dir);
    };
    const look = async () => {
      for (const name of runDirsNow(search.runsDir)) {
        if (search.before.has(name) || finished) continue;
        const dir = path.join(search.runsDir, name);
        const entry = await readRunEntry(dir, () => true);
        if (
          entry.kind === 'run' &&
          entry.record.host === 'pytorch' &&
          path.resolve(entry.record.source) === path.resolve(search.source) &&
          launchedBy(entry.record.pid, search.pid)
        )
          return done(dir);
      }
    };
    const timer = setInterval(() => void look(), search.pollMs ?? 100);
    try {
      watcher = watch(search.runsDir, { persistent: false }, () => void look());
      watcher.on('error', () => watcher?.close());
    } catch {
      watcher = undefined; // not there yet: the poll looks
    }
    void gone.then(async () => {
      await look(); // renamed into place just before it ended
      done(undefined);
    });
  });
}

export interface Ending {
  readonly stopped: boolean;
  /** Why it failed, when it did (failures.ts), with its last lines. */
  readonly failure?: string;
  readonly lastLines: readonly string[];
  /** A re-run: the run directory it repeated (train.py does not know it; recorded once it has ended). */
  readonly rerunOf?: string;
}

/** The message a failed run keeps: why, then the script's last lines. */
export function failureMessage(failure: string, lastLines: readonly string[]): string {
  return lastLines.length ? `${failure}\n\nLast lines of train.py:\n${lastLines.join('\n')}` : failure;
}

/**
 * After the process ended: a run that still says running is ended here — cancelled when Stop
 * ended it, else failed with the script's last lines; a failed run that train.py ended itself
 * gets those lines too. Returns the record as it is now.
 */
export async function settleRun(runDir: string, ending: Ending): Promise<RunRecord> {
  return amendRunRecord(
    runDir,
    (r) => ({
      ...(ending.rerunOf ? { rerunOf: ending.rerunOf } : {}),
      ...ended(r, ending),
    }),
    () => false,
  );
}

/** What the end of the process changes in a run.json. */
function ended(r: RunRecord, ending: Ending): Partial<RunRecord> {
  if (r.status === 'running') {
    const status: RunStatus = ending.stopped ? 'cancelled' : 'failed';
    const message =
      status === 'cancelled'
        ? `cancelled during epoch ${r.epochsCompleted + 1} (stopped from the editor)`
        : failureMessage(ending.failure ?? 'train.py ended without finishing its run', ending.lastLines);
    return { status, endedAt: new Date().toISOString(), message };
  }
  if (r.status === 'failed' && ending.lastLines.length && !r.message?.includes('Last lines of train.py'))
    return { message: failureMessage(r.message ?? ending.failure ?? 'failed', ending.lastLines) };
  return {};
}

export interface FailedLaunch {
  readonly runsDir: string;
  /** The resolved experiment (experiment.json of the export). */
  readonly experiment: { readonly name: string; readonly seed: number; readonly training: { readonly epochs: number } };
  readonly source: string;
  readonly toolVersion: string;
  readonly message: string;
  readonly pid?: number;
  readonly device?: string;
  readonly worldSize?: number;
  readonly rerunOf?: string;
}

/** A failed run for a launch that failed before train.py made one (no torch, no CUDA, no Python). */
export function recordFailedLaunch(f: FailedLaunch, now = new Date()): string {
  const record: RunRecord = {
    format: RUN_FORMAT,
    name: f.experiment.name,
    status: 'failed',
    startedAt: now.toISOString(),
    endedAt: now.toISOString(),
    epochs: f.experiment.training.epochs,
    epochsCompleted: 0,
    finalLoss: null,
    finalValLoss: null,
    seed: f.experiment.seed,
    source: f.source,
    toolVersion: f.toolVersion,
    pid: f.pid ?? 0,
    host: 'pytorch',
    ...(f.worldSize !== undefined ? { worldSize: f.worldSize } : {}),
    ...(f.device !== undefined ? { device: f.device } : {}),
    message: f.message,
    ...(f.rerunOf ? { rerunOf: f.rerunOf } : {}),
  };
  return createRunDirectory(f.runsDir, f.experiment.name, now, (dir) => {
    writeJsonAtomic(path.join(dir, 'experiment.json'), f.experiment);
    writeJsonAtomic(path.join(dir, 'run.json'), record);
    writeFileAtomic(path.join(dir, 'metrics.ndjson'), '');
  });
}
