// Short names for runs where several are side by side (tab titles, Compare's legend): when the
// run started, and what its settings say that the others' do not.

import * as path from 'node:path';

/** Run directories are named <name>-<YYYYMMDD-HHMMSS>[-k], in local time (src/runs/runDirectory.ts). */
const STARTED = /-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(?:-(\d+))?$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "16:31:05" for a run of today, "28 Nov 16:31" for an older one; the folder's name otherwise. */
export function runTime(runDir: string, now = new Date()): string {
  const m = STARTED.exec(path.basename(runDir));
  if (!m) return path.basename(runDir);
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const p = (n: number) => String(n).padStart(2, '0');
  const today = y === now.getFullYear() && mo === now.getMonth() + 1 && d === now.getDate();
  const second = m[7] ? ` (${m[7]})` : '';
  return (today ? `${p(h)}:${p(mi)}:${p(s)}` : `${d} ${MONTHS[mo - 1]} ${p(h)}:${p(mi)}`) + second;
}

const SHORT: Record<string, string> = {
  learningRate: 'lr',
  batchSize: 'batch',
  validationSplit: 'val split',
  clipNorm: 'clip',
  seqLength: 'T',
};

/** `training.optimizer.learningRate` = 0.003 → "lr 0.003"; `model.layers[1].units` → "layers[1].units 16". */
export function shortSetting(settingPath: string, value: string | null): string {
  const layer = /layers\[(\d+)\]\.(\w+)$/.exec(settingPath);
  const key = layer ? `layers[${layer[1]}].${layer[2]}` : settingPath.slice(settingPath.lastIndexOf('.') + 1);
  return `${SHORT[key] ?? key} ${value ?? '—'}`;
}
