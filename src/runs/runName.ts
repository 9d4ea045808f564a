// What a run is called in a list: the name a user gave it (Rename Run…), else for a sweep's
// trial its number and parameters (`#3 learningRate=0.01 units=8`); and the marks that say how
// it came about (a re-run, a run from the CLI, a trial the sweep pruned).

import type { RunRecord } from './runRecord';

/** The run's name, or undefined for a plain run (it is known by its experiment and time). */
export function runName(record: Pick<RunRecord, 'label' | 'sweep'>): string | undefined {
  if (record.label) return record.label;
  if (!record.sweep) return undefined;
  const names = shortParameterNames(Object.keys(record.sweep.parameters));
  const values = Object.entries(record.sweep.parameters).map(([p, v]) => `${names.get(p)}=${formatValue(v)}`);
  return [`#${record.sweep.trial}`, ...values].join(' ');
}

export function runMarks(record: Pick<RunRecord, 'rerunOf' | 'host' | 'sweep'>): string[] {
  return [
    ...(record.sweep?.pruned ? [`pruned at epoch ${record.sweep.pruned.epoch}`] : []),
    ...(record.rerunOf ? ['re-run'] : []),
    ...(record.host === 'cli' ? ['CLI'] : []),
  ];
}

/** A value as short as it can be told apart: numbers to 4 significant digits, strings bare. */
export function formatValue(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Each path's shortest distinct tail: `learningRate` for training.optimizer.learningRate, and
 * `layers[0].units` and `layers[1].units` where both are swept.
 */
export function shortParameterNames(paths: readonly string[]): Map<string, string> {
  const parts = paths.map((p) => p.split('.'));
  const names = new Map<string, string>();
  for (const [i, p] of paths.entries()) {
    for (let n = 1; n <= parts[i].length; n++) {
      const tail = (q: string[]) =>
        q
          .slice(-n)
          .join('.')
          .replace(n === 1 ? /\[\d+\]$/ : /$^/, '');
      const mine = tail(parts[i]);
      if (parts.every((q, j) => j === i || tail(q) !== mine) || n === parts[i].length) {
        names.set(p, mine);
        break;
      }
    }
  }
  return names;
}
