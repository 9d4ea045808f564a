// The panel's "Experiment and results" section (open at the top of a report): when the run
// started and ended, its final and best losses with their epochs, its last figures, and every
// setting of the experiment it trained. Text nodes only: values come from experiment files.

import type { Best, RunAbout, RunHeader } from '../src/panel/protocol';
import { formatDuration } from '../src/format/duration';
import { formatDateTime, formatNumber } from '../src/format/numbers';

const loss = formatNumber;
const best = (b: Best | null) => (b === null ? '—' : `${loss(b.value)} (epoch ${b.epoch})`);
const date = formatDateTime;

function rows(body: HTMLTableSectionElement, pairs: readonly (readonly [string, string])[]): void {
  body.replaceChildren(
    ...pairs.map(([k, v]) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.textContent = k;
      const td = document.createElement('td');
      td.textContent = v;
      tr.append(th, td);
      return tr;
    }),
  );
}

export function renderAbout(header: RunHeader | undefined, about: RunAbout | undefined): void {
  const section = document.getElementById('about')!;
  section.hidden = !header;
  if (!header) return;
  const results = (document.getElementById('results') as HTMLTableElement).tBodies[0];
  const ended = header.endedAt
    ? `${date(header.endedAt)} (took ${formatDuration(Date.parse(header.endedAt) - Date.parse(header.startedAt))})`
    : '—';
  const pairs: [string, string][] = [
    ['started', date(header.startedAt)],
    ['ended', header.status === 'running' ? 'still training' : ended],
    ['epochs', `${header.epochsCompleted}/${header.epochs} (${header.status})`],
    ...(header.engine ? [['engine', header.engine] as [string, string]] : []),
    ...(header.compute ? [['compute', header.compute] as [string, string]] : []),
  ];
  if (about) {
    pairs.push(['final loss', loss(about.finalLoss)], ['best loss', best(about.bestLoss)]);
    if (about.bestValLoss)
      pairs.push(
        ['final validation loss', loss(about.finalValLoss)],
        ['best validation loss', best(about.bestValLoss)],
      );
    for (const [k, v] of Object.entries(about.figures)) pairs.push([`${k} (last epoch)`, formatNumber(v)]);
  }
  rows(results, pairs);
  const table = document.getElementById('experiment') as HTMLTableElement;
  table.hidden = !about?.settings.length;
  rows(
    table.tBodies[0],
    (about?.settings ?? []).map((s) => [s.path, s.value] as const),
  );
}
