// Entry point of `rnn-lab`. Argument handling is commander's; every usage error exits 2
// with one line, never a stack trace.

import { CommanderError } from 'commander';
import { version } from '../../package.json';
import { ExitCode } from './exitCodes';
import { buildProgram } from './program';

async function main(argv: string[]): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const program = buildProgram(version, (code) => {
    exitCode = code;
  });

  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code);
      return benign ? ExitCode.Ok : ExitCode.Invalid;
    }
    process.stderr.write(`rnn-lab: error: ${(err as Error).message}\n`);
    if (process.env.RNN_LAB_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    return ExitCode.Failed;
  }
  return exitCode;
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
