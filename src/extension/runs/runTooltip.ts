// A run's tooltip in the Runs view, built when it is about to show (resolveTreeItem): what
// happened, its losses as the CLI prints them, and the hyperparameters from experiment.json
// that are not defaults (tooltipSettings.ts).

import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatDuration } from '../../format/duration';
import { formatLoss } from '../../format/lines';
import { readRecordedExperiment } from '../../runs/recordedExperiment';
import type { RunEntry } from '../../runs/runStore';
import { settingsWorthShowing } from './tooltipSettings';

type RecordedRun = Extract<RunEntry, { kind: 'run' }>;

const STATE_WORDS: Record<RecordedRun['state'], string> = {
  running: 'running',
  completed: 'completed',
  cancelled: 'cancelled (stopped)',
  diverged: 'diverged',
  failed: 'failed',
  interrupted: 'interrupted (its trainer is gone; the epochs so far are kept)',
};

/** Markdown-escaped, so that names and values are shown as they are. */
const text = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');

export async function runTooltip(run: RecordedRun, now = new Date()): Promise<vscode.MarkdownString> {
  const r = run.record;
  const started = new Date(r.startedAt);
  const end = r.endedAt ? new Date(r.endedAt) : run.state === 'running' ? now : undefined;
  const took = end
    ? `, ${run.state === 'running' ? 'running for' : 'took'} ${formatDuration(end.getTime() - started.getTime())}`
    : '';
  const losses = `loss ${formatLoss(r.finalLoss)}${r.finalValLoss !== null ? ` · val_loss ${formatLoss(r.finalValLoss)}` : ''}`;
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${text(r.name)}** — ${text(STATE_WORDS[run.state])}\n\n`);
  if (r.message) md.appendMarkdown(`${text(r.message)}\n\n`);
  md.appendMarkdown(`${text(`${losses} · epoch ${r.epochsCompleted}/${r.epochs} · seed ${r.seed}`)}  \n`);
  md.appendMarkdown(`${text(`started ${started.toLocaleString()}${took}`)}\n\n`);
  if (r.rerunOf) md.appendMarkdown(`${text(`re-run of ${path.basename(r.rerunOf)}`)}\n\n`);
  md.appendMarkdown(await settingsTable(run.dir));
  md.appendMarkdown(`\n\n${text(run.dir)}`);
  return md;
}

async function settingsTable(dir: string): Promise<string> {
  try {
    const experiment = await readRecordedExperiment(dir);
    if (experiment === undefined) throw new Error('unreadable');
    const rows = settingsWorthShowing(experiment).map((s) => `| ${text(s.path)} | ${text(s.shown)} |`);
    return ['| setting (the rest are defaults) | value |', '|:--|:--|', ...rows].join('\n');
  } catch {
    return '(its experiment.json cannot be read)';
  }
}
