// docs/reference/cli.md, written from the `rnn-lab` program's own commander objects
// (src/cli/program.ts): every command with its usage, arguments and options, as `--help` knows
// them. An option added to a command appears here; test/docs/generated.test.ts fails until the
// committed page is written again (`npm run docs`).

import type { Command, Option } from 'commander';
import { code, generatedBanner, table } from './markdown';

/** `--epochs <N>` for every option of every command, as `rnn-lab CMD --help` lists them. */
export function cliOptions(program: Command): { command: string; flags: string; option: Option }[] {
  return program.commands.flatMap((command) =>
    command.options.map((option) => ({ command: command.name(), flags: option.flags, option })),
  );
}

/** A help line as a sentence: capitalised, with a full stop. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}${/[.!?]$/.test(trimmed) ? '' : '.'}`;
}

function optionNotes(option: Option): string {
  const notes: string[] = [];
  if (option.mandatory) notes.push('required');
  if (option.argChoices) notes.push(`one of ${option.argChoices.map((c) => code(c)).join(', ')}`);
  if (option.defaultValue !== undefined) notes.push(`default ${code(String(option.defaultValue))}`);
  return notes.join('; ');
}

function renderCommand(program: Command, command: Command): string[] {
  const help = command.createHelp();
  const usage = `${program.name()} ${help.commandUsage(command).replace(/^rnn-lab /, '')}`;
  const lines = [`## ${code(command.name())}`, '', sentence(command.description()), '', '```', usage, '```', ''];
  const args = command.registeredArguments;
  if (args.length) {
    lines.push(
      ...table(
        ['Argument', 'Description'],
        args.map((arg) => [code(`<${arg.name()}>`), `${arg.description}${arg.required ? '' : ' (optional)'}`]),
      ),
      '',
    );
  }
  const options = command.options;
  if (options.length) {
    lines.push(
      ...table(
        ['Option', 'Description', 'Notes'],
        options.map((option) => [code(option.flags), option.description, optionNotes(option)]),
      ),
      '',
    );
  }
  return lines;
}

export function renderCliReference(program: Command, sourcePath: string): string {
  const lines: string[] = [
    generatedBanner(`the commander definitions in \`${sourcePath}\``),
    '',
    '# CLI reference (`rnn-lab`)',
    '',
    `${program.description()} Every command, argument and option below is read from the program`,
    'itself, as `rnn-lab COMMAND --help` prints it; what each command prints, its exit codes and its',
    'errors are in [the CLI guide](../guide/cli.md).',
    '',
    ...table(
      ['Command', 'What it does'],
      program.commands.map((command) => [`[${code(command.name())}](#${command.name()})`, command.description()]),
    ),
    '',
    'Every command also takes `-h, --help`; `rnn-lab --version` prints the version.',
    '',
  ];
  for (const command of program.commands) lines.push(...renderCommand(program, command));
  return `${lines.join('\n').trimEnd()}\n`;
}
