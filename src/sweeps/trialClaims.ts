// Claims on a sweep's trials, so that two processes on one runs directory — two `rnn-lab sweep`,
// or the editor and the CLI — never train the same trial. Before a trial starts, its claim
// RUNS/.sweeps/ID/trial-K.json is created: written in full under a temporary name, then linked
// to its own name, which fails when the name is taken (an atomic create, complete when seen).
// A claim names its process (pid and start, as run.json does). Another process then:
// - skips the trial while that process lives (the trial is "trained elsewhere");
// - takes the claim over when the process is gone or its pid was reused (a stale claim), under a
//   short lock (a directory, created atomically) so that only one process takes it;
// - counts the trial as done when the claim says so and its run is a finished run of it (a claim
//   whose run was deleted is stale: the trial is trained again).
// A trial that ends done keeps its claim, marked done, with its run directory; a cancelled or
// lost one releases it. The folder starts with "." so that no reader lists it as a run.

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../runs/atomicFile';
import { ownProcessStart } from '../runs/processStart';
import { readRunEntry, trainerAlive } from '../runs/runStore';
import type { SweepMetric } from './metric';
import { doneTrialOf, isTrialDone, type DoneTrial } from './previousTrials';

export const CLAIM_FORMAT = 'rnn-lab/trial-claim@1';
/** A takeover lock older than this was left by a process that died while taking over. */
const LOCK_STALE_MS = 30_000;

interface ClaimFile {
  readonly format: string;
  readonly pid: number;
  readonly processStart?: string;
  readonly host: string;
  readonly claimedAt: string;
  readonly done?: boolean;
  readonly runDir?: string;
}

export type Claim =
  | { readonly kind: 'ours' }
  /** Another live process trains it. */
  | { readonly kind: 'elsewhere'; readonly pid: number; readonly host: string }
  /** Another process finished it since this session read the runs directory. */
  | { readonly kind: 'done'; readonly done: DoneTrial };

export interface TrialClaims {
  claim(trial: number): Promise<Claim>;
  /** After a claimed trial ends: kept as done with its run directory, or (no run) released. */
  release(trial: number, doneRunDir?: string): void;
}

/** Claims this process holds now (a claim file of this process that is not here is left from an earlier session of it). */
const held = new Set<string>();

export function claimsDirectory(runsDir: string, sweepId: string): string {
  return path.join(runsDir, '.sweeps', sweepId);
}

export function trialClaims(
  runsDir: string,
  sweep: { readonly id: string; readonly metric: SweepMetric },
  host: string,
): TrialClaims {
  const dir = claimsDirectory(runsDir, sweep.id);
  const fileOf = (trial: number) => path.join(dir, `trial-${trial}.json`);
  const own = (): ClaimFile => ({
    format: CLAIM_FORMAT,
    pid: process.pid,
    ...(ownProcessStart() !== undefined ? { processStart: ownProcessStart() } : {}),
    host,
    claimedAt: new Date().toISOString(),
  });
  const ours = (c: ClaimFile | undefined) =>
    c !== undefined && c.pid === process.pid && c.processStart === ownProcessStart();

  /** Whether an existing claim still holds: its trial done, or its process alive. */
  const standing = async (trial: number, c: ClaimFile | undefined): Promise<Claim | undefined> => {
    if (!c) return undefined;
    if (c.done && typeof c.runDir === 'string') {
      const entry = await readRunEntry(c.runDir, () => false);
      const sameTrial =
        entry.kind === 'run' && entry.record.sweep?.id === sweep.id && entry.record.sweep.trial === trial;
      return sameTrial && isTrialDone(entry)
        ? { kind: 'done', done: await doneTrialOf(trial, entry, sweep.metric) }
        : undefined;
    }
    const alive = ours(c) ? held.has(fileOf(trial)) : trainerAlive(c);
    if (!c.done && alive) return { kind: 'elsewhere', pid: c.pid, host: c.host };
    return undefined;
  };

  const claimOnce = async (trial: number): Promise<Claim> => {
    fs.mkdirSync(dir, { recursive: true });
    const file = fileOf(trial);
    for (let attempt = 0; attempt < 5; attempt++) {
      if (create(file, own())) {
        held.add(file);
        return { kind: 'ours' };
      }
      const standingClaim = await standing(trial, readClaim(file));
      if (standingClaim) return standingClaim;
      // stale: one process at a time removes it, then every one tries to create it again
      const lock = `${file}.lock`;
      if (!takeLock(lock)) return { kind: 'elsewhere', pid: readClaim(file)?.pid ?? 0, host: 'another process' };
      try {
        const again = readClaim(file);
        if (!(await standing(trial, again))) fs.rmSync(file, { recursive: true, force: true });
      } finally {
        fs.rmSync(lock, { recursive: true, force: true });
      }
    }
    const c = readClaim(file);
    return { kind: 'elsewhere', pid: c?.pid ?? 0, host: c?.host ?? 'another process' };
  };

  return {
    async claim(trial) {
      try {
        return await claimOnce(trial);
      } catch {
        // the claims folder cannot be written (a read-only runs directory, a file in its way):
        // training will say what is wrong with the runs directory; the claim is not what stops it
        return { kind: 'ours' };
      }
    },
    release(trial, doneRunDir) {
      const file = fileOf(trial);
      held.delete(file);
      try {
        if (!ours(readClaim(file))) return; // taken over meanwhile: not ours to change
        if (doneRunDir) writeFileAtomic(file, `${JSON.stringify({ ...own(), done: true, runDir: doneRunDir })}\n`);
        else fs.rmSync(file, { force: true });
      } catch {
        // a claim that cannot be written or removed is stale once this process ends
      }
    },
  };
}

/** Creates `file` with `claim` in full, or returns false when the name is taken. */
function create(file: string, claim: ClaimFile): boolean {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileAtomic(temp, `${JSON.stringify(claim)}\n`);
  try {
    fs.linkSync(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** The claim at `file`; undefined when there is none or it is not a claim (then it is stale). */
function readClaim(file: string): ClaimFile | undefined {
  try {
    const stats = fs.lstatSync(file);
    if (!stats.isFile() || stats.size > 64 * 1024) return undefined;
    const c = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ClaimFile>;
    if (c?.format !== CLAIM_FORMAT || !Number.isSafeInteger(c.pid)) return undefined;
    return c as ClaimFile;
  } catch {
    return undefined;
  }
}

function takeLock(lock: string): boolean {
  try {
    fs.mkdirSync(lock);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
  if (age < LOCK_STALE_MS) return false;
  fs.rmSync(lock, { recursive: true, force: true });
  return takeLock(lock);
}
