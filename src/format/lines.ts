// Human-readable lines for the CLI and the editor's output channel. Epoch lines are a
// contract (docs/guide/cli.md); trace lines come from core/trace.

import * as path from 'node:path';
import type { EpochMetrics } from '../core/metrics';
import type { EpochEvent, StartEvent } from '../core/trainer';
import { formatDiagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import type { LoadedExperiment } from '../experiment/load';

/** Six decimals, as the notebook printed; exponent form only where that would show 0.000000. */
export function formatLoss(v: number | null): string {
  if (v === null) return 'n/a';
  if (!Number.isFinite(v)) return String(v);
  return v === 0 || Math.abs(v) >= 5e-7 ? v.toFixed(6) : v.toExponential(3);
}

/**
 * `epoch 3/10 loss 0.248731 val_loss 0.251200 (4 ms)`; val_loss only with a validation split.
 * Classification losses add `acc 0.9375 [val_acc 0.9000]`, crossEntropy `ppl 3.412 [val_ppl 3.600]`.
 */
export function formatEpoch(e: EpochEvent): string {
  const val = e.valLoss !== null ? ` val_loss ${formatLoss(e.valLoss)}` : '';
  return `epoch ${e.epoch}/${e.epochs} loss ${formatLoss(e.loss)}${val}${formatMetrics(e)} (${Math.round(e.ms)} ms)`;
}

/** The metric words of an epoch line, each only where the epoch has it. */
function formatMetrics(e: EpochMetrics): string {
  const words: [string, number | undefined, number][] = [
    ['acc', e.accuracy, 4],
    ['val_acc', e.valAccuracy, 4],
    ['ppl', e.perplexity, 3],
    ['val_ppl', e.valPerplexity, 3],
  ];
  return words
    .filter(([, v]) => v !== undefined)
    .map(([name, v, digits]) => ` ${name} ${v!.toFixed(digits)}`)
    .join('');
}

/** How a training ended, as far as its summary says (a RunOutcome is one). */
export interface TrainingEnd {
  readonly status: string;
  readonly epochsCompleted: number;
  readonly finalLoss: number | null;
  readonly finalValLoss: number | null;
}

/**
 * The summary after the epoch lines, on the terminal and in the output channel (docs/guide/cli.md):
 * `completed 10/10 epochs: loss 0.357825` and `run saved to DIR`, or `run saved to DIR (cancelled)`.
 */
export function formatTrainingEnd(end: TrainingEnd, epochs: number, shownRunDir: string): string[] {
  if (end.status !== 'completed') return [`run saved to ${shownRunDir} (${end.status})`];
  const val = end.finalValLoss !== null ? ` val_loss ${formatLoss(end.finalValLoss)}` : '';
  return [
    `completed ${end.epochsCompleted}/${epochs} epochs: loss ${formatLoss(end.finalLoss)}${val}`,
    `run saved to ${shownRunDir}`,
  ];
}

/** Paths under the working directory are shown relative to it, like compilers do. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => formatDiagnostic(d, displayPath)).join('\n');
}

export function formatHeader(loaded: LoadedExperiment, start: StartEvent): string[] {
  const e = loaded.experiment;
  const d = loaded.dataset;
  const lines = [
    `training ${e.name} (${displayPath(loaded.file)}): seed ${e.seed}, ${e.dtype}, ${e.training.epochs} epochs`,
    `data: x (${d.count}, ${d.steps}, ${d.inputSize}) y (${d.count}, ${d.sequenceTargets ? `${d.steps}, ` : ''}${d.outputSize}); ` +
      `${start.trainSamples} training, ${start.validationSamples} validation samples, ${start.batchesPerEpoch} batch${start.batchesPerEpoch === 1 ? '' : 'es'} per epoch`,
  ];
  for (const l of start.layers)
    lines.push(`layer ${l.index} ${l.kind} ${l.units} ${l.activation}: ${l.parameters} parameters`);
  lines.push(`total: ${start.totalParameters} parameters`);
  lines.push(`compute: ${formatCompute(start.compute)}`);
  return lines;
}

/** "OpenBLAS 0.3.21 products, wasm-relaxed-simd kernels, 2 threads (why)": run.json's compute in words. */
export function formatCompute(c: StartEvent['compute'] & { readonly blasNote?: string }): string {
  const products = c.blas ? `${c.blas} products, ` : '';
  const note = c.blasNote && !c.blas ? ` (${c.blasNote})` : '';
  return `${products}${c.kernels} kernels, ${c.threads} thread${c.threads === 1 ? '' : 's'}${note}`;
}
