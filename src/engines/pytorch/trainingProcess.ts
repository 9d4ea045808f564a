// One train.py (or torchrun) process: started in its own process group, its output split into
// lines as they come (the last ones kept for a failure's message), stopped as Ctrl-C stops it
// in a terminal — SIGINT to the whole group, so torchrun's ranks all see it — and killed after
// a grace period when it does not end by itself.

import { spawn, type ChildProcess } from 'node:child_process';
import type { CommandLine } from './commandLine';

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** It could not be started (ENOENT: no such interpreter). */
  readonly error?: NodeJS.ErrnoException;
}

export type Stream = 'stdout' | 'stderr';

/** Lines kept for a failure's message; a longer line is cut. */
export const KEPT_LINES = 40;
const MAX_LINE = 2000;
/** SIGINT first; after this the group is killed. train.py finishes an epoch's writes well within it. */
export const STOP_GRACE_MS = 10_000;

export class TrainingProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<ProcessExit>;
  private readonly kept: string[] = [];
  private killTimer: NodeJS.Timeout | undefined;
  private stopRequested = false;
  private done = false;

  constructor(
    line: CommandLine,
    options: { cwd: string; env?: NodeJS.ProcessEnv; graceMs?: number },
    private readonly onLine: (text: string, stream: Stream) => void,
  ) {
    this.graceMs = options.graceMs ?? STOP_GRACE_MS;
    this.child = spawn(line.command, [...line.args], {
      cwd: options.cwd,
      env: { ...(options.env ?? process.env), ...line.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32', // its own process group: Stop reaches every rank
      windowsHide: true,
    });
    this.exited = new Promise<ProcessExit>((resolve) => {
      let error: NodeJS.ErrnoException | undefined;
      this.child.on('error', (err) => {
        error = err;
        if (this.child.pid === undefined) finish(null, null); // never started: no 'close' follows
      });
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.done) return;
        this.done = true;
        clearTimeout(this.killTimer);
        resolve({ code, signal, ...(error ? { error } : {}) });
      };
      this.child.on('close', finish);
    });
    for (const stream of ['stdout', 'stderr'] as const) this.split(stream);
  }

  private readonly graceMs: number;

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Stop was asked for (the run should end cancelled). */
  get stopping(): boolean {
    return this.stopRequested;
  }

  /** The last lines it printed (stdout and stderr as they came). */
  lastLines(): string[] {
    return [...this.kept];
  }

  /** SIGINT to its group (Ctrl-C); the group is killed if it is still there after the grace period. */
  stop(): void {
    if (this.done) return;
    this.stopRequested = true;
    this.signal('SIGINT');
    this.killTimer ??= setTimeout(() => this.signal('SIGKILL'), this.graceMs);
  }

  /** Kills it now (the editor is closing). */
  kill(): void {
    if (!this.done) this.signal('SIGKILL');
  }

  private signal(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined || this.done) return;
    try {
      if (process.platform === 'win32') this.child.kill(signal);
      else process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }

  private split(stream: Stream): void {
    let pending = '';
    const source = this.child[stream];
    source?.setEncoding('utf8');
    source?.on('data', (chunk: string) => {
      const parts = (pending + chunk).split(/\r?\n/);
      pending = parts.pop() ?? '';
      if (pending.length > MAX_LINE) pending = pending.slice(0, MAX_LINE);
      for (const l of parts) this.line(l, stream);
    });
    source?.on('end', () => {
      if (pending) this.line(pending, stream);
      pending = '';
    });
  }

  private line(text: string, stream: Stream): void {
    const cut = text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}…` : text;
    this.kept.push(cut);
    if (this.kept.length > KEPT_LINES) this.kept.shift();
    this.onLine(cut, stream);
  }
}
