// Is the process behind a pid still the one that wrote it? Pids are reused: a run whose trainer
// died can name a live process that has nothing to do with it (and Stop would signal that
// process). run.json records, beside the pid, when that process started (`processStart`), and
// a pid is believed only while its process's start is the same.
//
// The start as recorded: on Linux, the boot's id (/proc/sys/kernel/random/boot_id) and field 22
// of /proc/PID/stat (the start in clock ticks since boot) — "linux:BOOT_ID:TICKS"; elsewhere,
// what `ps -o lstart= -p PID` prints (macOS, the BSDs: the start to the second) — "ps:…";
// on Windows nothing (the record has no processStart and the pid alone is trusted, as before).

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** An opaque token for when process `pid` started; undefined when it is gone or cannot be told. */
export function processStart(pid: number): string | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (process.platform === 'linux') return linuxStart(pid);
  if (process.platform === 'win32') return undefined;
  try {
    const started = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], {
      encoding: 'utf8',
      timeout: 2000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return started ? `ps:${started}` : undefined;
  } catch {
    return undefined;
  }
}

let bootId: string | undefined;

function linuxStart(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    bootId ??= readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
  // "PID (COMM) STATE PPID …": COMM may hold spaces and parentheses, so count after the last ")".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = fields[22 - 3];
  return ticks && /^\d+$/.test(ticks) ? `linux:${bootId}:${ticks}` : undefined;
}

let own: string | undefined | null = null;

/** This process's start token (read once). */
export function ownProcessStart(): string | undefined {
  if (own === null) own = processStart(process.pid);
  return own;
}
