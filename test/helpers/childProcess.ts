// Child processes for tests. A child that cannot start, dies before it says what a test waits
// for, or never exits fails that test with what it printed, instead of hanging the suite: each
// child is killed after `timeoutMs`.

import { spawn, type ChildProcess } from 'node:child_process';

/** Per child. Tests that spawn give node:test a larger `{ timeout }`, so this message wins. */
export const CHILD_TIMEOUT_MS = 30_000;
/** For node:test's `{ timeout }` of a test that runs children one after another. */
export const TEST_TIMEOUT_MS = 120_000;

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Started {
  readonly child: ChildProcess;
  /** Resolves when the child has exited and closed its output; rejects when it could not start or was killed for outliving its timeout. */
  readonly finished: Promise<Finished>;
  /** Resolves once stdout contains `text`; rejects if the child ends (or cannot start) first. */
  stdoutIncludes(text: string): Promise<void>;
}

export interface StartOptions {
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

export function startChild(
  command: string,
  args: readonly string[],
  { cwd, timeoutMs = CHILD_TIMEOUT_MS }: StartOptions = {},
): Started {
  const name = [command, ...args].map((a) => a.split('/').pop()).join(' ');
  const output = { stdout: '', stderr: '' };
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    output.stdout += s;
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    output.stderr += s;
  });
  const finished = new Promise<Finished>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name}: killed after ${timeoutMs} ms without exiting; stderr: ${output.stderr || '(empty)'}`));
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${name}: could not run: ${err.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, ...output });
    });
  });
  finished.catch(() => {}); // handled by whoever awaits it; never an unhandled rejection
  const stdoutIncludes = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!output.stdout.includes(text)) return;
        child.stdout.off('data', check);
        resolve();
      };
      child.stdout.on('data', check);
      check();
      finished.then(
        (f) =>
          reject(
            new Error(
              `${name}: exited (code ${f.code}, signal ${f.signal}) before printing ${JSON.stringify(text)}; stderr: ${f.stderr || '(empty)'}`,
            ),
          ),
        reject,
      );
    });
  return { child, finished, stdoutIncludes };
}

/** Runs a child to its end. */
export function runChild(command: string, args: readonly string[], options: StartOptions = {}): Promise<Finished> {
  return startChild(command, args, options).finished;
}
