// `rnn-lab sample RUN_DIR [--prime TEXT] [--length N] [--temperature T] [--seed S] [--epoch E] [--json]`:
// text from a character model (docs/guide/cli.md).

import { sampleRun, type SampleRequest } from '../analysis/sample';
import { checkPaths, emit, failWith, openForCli } from './analysisOutput';
import { ExitCode } from './exitCodes';

export interface SampleOptions extends SampleRequest {
  readonly epoch?: number;
  readonly json?: boolean;
  readonly output?: string;
}

export async function sampleCommand(runDir: string, options: SampleOptions): Promise<number> {
  if (!(await checkPaths(options))) return ExitCode.Invalid;
  const run = await openForCli(runDir, options.epoch);
  if (!run) return ExitCode.Invalid;
  const result = sampleRun(run, options);
  if ('error' in result) {
    failWith(runDir, result.error);
    return ExitCode.Invalid;
  }
  const written = emit(
    [options.json ? JSON.stringify({ type: 'sample', runDir: run.runDir, ...result }) : result.prime + result.text],
    options.output,
  );
  return written ? ExitCode.Ok : ExitCode.Invalid;
}
