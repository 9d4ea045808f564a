// What a Compare panel shows, read from the runs' directories: each run's loss curve, what it
// came to (final and best losses, its last figures) and only the settings (experiment.json)
// that are not the same in all of them. A legend names a run as the user does: its label or
// sweep trial, else when it ran and what differs; its experiment first when they differ.

import * as path from 'node:path';
import { readMetrics } from '../runs/metricsFile';
import { runName } from '../runs/runName';
import { pidLiveness, readRunEntry, type Liveness } from '../runs/runStore';
import { engineDetail, runEngine } from '../runs/runEngine';
import { settingsDiff } from '../runs/settingsDiff';
import type { ComparedRun, HostToCompare } from './protocol';
import { lossFacts, readExperiment } from './runFacts';
import { runTime } from '../runs/runTime';
import { shortSetting } from './runLabels';
import { minMaxDownsample, PANEL_MAX_POINTS } from './series';

export const COMPARE_MIN_RUNS = 2;
export const COMPARE_MAX_RUNS = 7;
/** A legend names at most this many of a run's differing settings. */
const LEGEND_SETTINGS = 3;

/** Settings a legend can say in a word: not inline data (`data.x`, `[2 values]`, nested arrays). */
function legible(settingPath: string, value: string | null): boolean {
  return !/^data\.[xy]$/.test(settingPath) && !(value ?? '').startsWith('[');
}

/**
 * A data file's setting (`data.text`, `data.csv`) as its file name: an absolute path says where
 * one author's disk keeps it, too long for a legend and too much for a table meant to be shared.
 */
function shown(settingPath: string, value: string | null): string | null {
  if (value === null || !settingPath.startsWith('data.') || !/^(?:[A-Za-z]:)?[\\/]/.test(value)) return value;
  return value.split(/[\\/]/).pop() || value;
}

type Read = { readonly runDir: string; readonly entry: Awaited<ReturnType<typeof readRunEntry>> };
type Settings = { readonly path: string; readonly values: (string | null)[] }[];

/**
 * Each run's legend, in parts: its experiment's name where runs of differently named experiments are compared; the
 * user's label or the sweep trial (`#3 learningRate=0.01`), else when it ran and up to
 * LEGEND_SETTINGS of the settings that differ (among its own experiment's runs where several
 * experiments are compared) and that it has: no `text —` for a setting only the other
 * experiment has. Two alike are told apart by when they ran.
 */
function legends(read: readonly Read[], settings: Settings, now: Date): { lead: string[]; differs: string[] }[] {
  const record = (r: Read) => (r.entry.kind === 'run' ? r.entry.record : undefined);
  const several = new Set(read.map((r) => record(r)?.name ?? r.runDir)).size > 1;
  const parts = read.map((r, i) => {
    const rec = record(r);
    const experiment = several ? [rec?.name ?? path.basename(r.runDir)] : [];
    const name = rec && runName(rec);
    if (name) return { lead: [...experiment, name], differs: [] };
    // Across experiments the name says most: only what tells this run from its experiment's others.
    const siblings = read.flatMap((q, j) => (record(q)?.name === rec?.name ? [j] : []));
    const tells = (s: Settings[number]) => !several || siblings.some((j) => s.values[j] !== s.values[i]);
    const differs = settings
      .filter((s) => s.path !== 'name' && s.values[i] !== null && legible(s.path, s.values[i]) && tells(s))
      .slice(0, LEGEND_SETTINGS)
      .map((s) => shortSetting(s.path, s.values[i]));
    return { lead: [...experiment, runTime(r.runDir, now)], differs };
  });
  const text = parts.map((p) => [...p.lead, ...p.differs].join(' · '));
  return parts.map((p, i) =>
    text.indexOf(text[i]) !== text.lastIndexOf(text[i]) && !p.lead.includes(runTime(read[i].runDir, now))
      ? { ...p, lead: [...p.lead, runTime(read[i].runDir, now)] }
      : p,
  );
}

export async function readComparison(
  runDirs: readonly string[],
  alive: Liveness = pidLiveness,
  now = new Date(),
): Promise<HostToCompare> {
  const read = await Promise.all(
    runDirs.map(async (runDir) => {
      const [entry, metrics, experiment] = await Promise.all([
        readRunEntry(runDir, alive),
        readMetrics(runDir),
        readExperiment(runDir),
      ]);
      return { runDir, entry, metrics, experiment: experiment ?? {} };
    }),
  );
  const settings = settingsDiff(read.map((r) => r.experiment)).map((d) => ({
    path: d.path,
    values: d.values.map((v) => shown(d.path, v ?? null)),
  }));
  const legend = legends(read, settings, now);
  // Runs of both engines side by side: each legend says which.
  const engines = read.map(({ entry }) => (entry.kind === 'run' ? runEngine(entry.record) : undefined));
  const mixed = new Set(engines).size > 1;
  const runs = read.map(({ runDir, entry, metrics }, i): ComparedRun => {
    const keep = minMaxDownsample(
      metrics.map((m) => m.loss),
      PANEL_MAX_POINTS,
    );
    return {
      runDir,
      engine: entry.kind === 'run' ? engineDetail(entry.record) : '—',
      label: [...legend[i].lead, ...(mixed ? [engines[i] ?? '—'] : []), ...legend[i].differs].join(' · '),
      status: entry.kind === 'run' ? entry.state : 'failed',
      finalLoss: entry.kind === 'run' ? entry.record.finalLoss : null,
      epochs: entry.kind === 'run' ? entry.record.epochs : metrics.length,
      startedAt: entry.kind === 'run' ? entry.record.startedAt : null,
      facts: lossFacts(metrics),
      points: keep.map((k) => ({ epoch: metrics[k].epoch, loss: metrics[k].loss, valLoss: metrics[k].valLoss })),
    };
  });
  return { type: 'compare', runs, settings };
}
