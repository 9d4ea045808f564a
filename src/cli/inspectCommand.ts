// `rnn-lab inspect RUN_DIR [--sample N | --input FILE | --text TEXT] [--epoch E] [--json]`:
// every recurrent layer's h[t] (and c[t], gate activations) for one sequence (docs/guide/cli.md).

import * as path from 'node:path';
import { inspectRun, type ProbeRequest, type RunInspection } from '../analysis/inspect';
import { checkPaths, emit, failWith, numbers, openForCli, weightsWords } from './analysisOutput';
import { ExitCode } from './exitCodes';

export interface InspectOptions {
  readonly sample?: number;
  readonly input?: string;
  readonly text?: string;
  readonly epoch?: number;
  readonly json?: boolean;
  readonly output?: string;
}

export async function inspectCommand(runDir: string, options: InspectOptions): Promise<number> {
  const given = (['sample', 'input', 'text'] as const).filter((k) => options[k] !== undefined);
  if (given.length > 1) {
    process.stderr.write(`rnn-lab: error: give one probe: ${given.map((k) => `--${k}`).join(' or ')}\n`);
    return ExitCode.Invalid;
  }
  if (!(await checkPaths(options))) return ExitCode.Invalid;
  const run = await openForCli(runDir, options.epoch);
  if (!run) return ExitCode.Invalid;
  const request: ProbeRequest =
    options.text !== undefined
      ? { text: options.text }
      : options.input !== undefined
        ? { file: options.input }
        : { sample: options.sample ?? 0 };
  const result = await inspectRun(run, request);
  if ('error' in result) {
    failWith(options.input ?? runDir, result.error, result.at);
    return ExitCode.Invalid;
  }
  const lines = options.json
    ? [JSON.stringify({ type: 'inspection', runDir: run.runDir, ...result })]
    : textLines(path.basename(run.runDir), result);
  return emit(lines, options.output) ? ExitCode.Ok : ExitCode.Invalid;
}

function textLines(name: string, r: RunInspection): string[] {
  const probe =
    r.input.text !== undefined
      ? `text ${JSON.stringify(r.input.text)}`
      : r.input.which === 'file'
        ? `sequence ${r.input.sample} of the input`
        : `sample ${r.input.sample} (${r.input.which})`;
  const lines = [`inspect ${name}: ${probe}, x (${r.input.shape.join(', ')}), ${weightsWords(r)}`];
  const block = (label: string, rows: number[][]) =>
    rows.forEach((row, t) => lines.push(`  ${label} t=${t}: ${numbers(row)}`));
  for (const layer of r.layers) {
    lines.push(`layer ${layer.layer} (${layer.kind}, ${layer.units} units)`);
    block('h', layer.h);
    if (layer.c) block('c', layer.c);
    for (const [gate, rows] of Object.entries(layer.gates ?? {})) block(gate, rows);
  }
  lines.push('output');
  block('y', r.output);
  return lines;
}
