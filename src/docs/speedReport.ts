// docs/speed.md's measured part, written by `npm run bench` (scripts/render-speed.ts) from
// bench/results.json: the machine, the versions, the table and the targets of the last run.
// Only the part between the two markers is written; the prose around it (how the trainer is
// fast, how to read the table) is kept as it is.

import { spliceSection } from './markdown';

/** The parts of bench/results.json (bench/speed.ts) this page reads. */
export interface BenchResults {
  /** ISO time the run ended. */
  date: string;
  cpu: string;
  cores: number;
  node: string;
  threads?: number[];
  quick?: boolean;
  /** The lines bench/speed.ts printed: the header (machine, versions), the table, the ratios. */
  table: string[];
}

export const SPEED_BEGIN =
  '<!-- bench:begin — written by `npm run bench` (scripts/render-speed.ts) from bench/results.json; do not edit by hand -->';
export const SPEED_END = '<!-- bench:end -->';

/** The measured section: a heading, the machine in a sentence, the printed lines, the targets. */
export function renderSpeedSection(r: BenchResults): string {
  const threads = r.threads ?? [1];
  const targets = r.table.filter((line) => /\btarget\b/.test(line));
  const lines = [
    SPEED_BEGIN,
    '',
    '## The last run',
    '',
    `Measured on ${r.date.slice(0, 10)} by \`npm run bench\` (\`bench/speed.ts\`) on ${r.cpu}, ${r.cores} cores, ` +
      `Node ${r.node}, with ${threads.join(' and ')} thread${threads.length > 1 ? 's' : ''}. The first lines name ` +
      "each contender's version and the BLAS it loaded.",
    '',
    '```text',
    ...r.table.map((line) => line.trimEnd()),
    '```',
    '',
  ];
  if (targets.length) {
    lines.push('Against the targets, from this run:', '', ...targets.map((line) => `- ${line}`), '');
  }
  lines.push(SPEED_END);
  return lines.join('\n');
}

/** The page with its measured section replaced; an error when the markers are missing. */
export function spliceSpeedSection(page: string, section: string): string {
  return spliceSection(page, SPEED_BEGIN, SPEED_END, section);
}
