// docs/reference/workspace-trust.md, written from the trust tables of src/extension/trust.ts:
// what works in Restricted Mode and what is refused, with why, for every command, view and
// setting. A command added with its verdict appears here; test/docs/generated.test.ts fails
// until the committed page is written again (`npm run docs`).

import manifest from '../../package.json';
import { Command } from '../extension/commandIds';
import {
  COMMAND_TRUST,
  MANAGE_TRUST,
  SETTING_TRUST,
  VIEW_TRUST,
  type Trust,
  type TrustedView,
} from '../extension/trust';
import { code, generatedBanner, table } from './markdown';

const VIEW_NAMES: { readonly [view in TrustedView]: string } = {
  runsView: 'The Runs view',
  runPanel: "A run's panel: its charts, facts and settings",
  learnedViews: "A run's panel: Predictions, Samples, Hidden states",
  comparePanel: 'Compare',
  experimentsTable: 'The Experiments table',
  diagnostics: "An experiment's problems, on open and edit",
};

const verdict = (trust: Trust) => (trust.untrusted === 'works' ? 'works' : '**refused**');
/** The reason as the page says it: "It reads …". */
const reason = (trust: Trust) => `${trust.because.charAt(0).toUpperCase()}${trust.because.slice(1)}.`;

function commandName(id: string): string {
  const contributed = manifest.contributes.commands.find((c) => c.command === id);
  return contributed ? `${contributed.category}: ${contributed.title} (${code(id)})` : `${code(id)} (no palette entry)`;
}

export function renderTrustReference(source: string): string {
  const commands = Object.entries(Command).map(([key, id]) => {
    const trust = COMMAND_TRUST[key as keyof typeof Command];
    return [commandName(id), verdict(trust), reason(trust)];
  });
  const views = (Object.keys(VIEW_TRUST) as TrustedView[]).map((view) => {
    const trust: Trust = VIEW_TRUST[view];
    return [VIEW_NAMES[view], verdict(trust), reason(trust)];
  });
  const settings = Object.entries(SETTING_TRUST).map(([key, s]) => [
    code(key),
    s.restricted ? '**restricted**' : 'applies',
    `${s.because.charAt(0).toUpperCase()}${s.because.slice(1)}.`,
  ]);
  return [
    '# Untrusted workspaces (Restricted Mode)',
    '',
    generatedBanner(source),
    '',
    'VS Code opens a folder nobody has trusted yet in Restricted Mode. RNN Lab works there with limits',
    '(`capabilities.untrustedWorkspaces.supported` is `"limited"`). What only shows what a run directory',
    'holds — its `run.json`, metrics and recorded settings, read as data — works, and so does validation.',
    'What trains, runs Python, writes or deletes files, signals a process, or reads a path that a file',
    "names (data files, initial weights, a run's source) is refused until the folder is trusted.",
    '',
    `A refused command stays in the Command Palette: running it says what it needs and why, with a`,
    `**${MANAGE_TRUST}** button (VS Code's \`workbench.trust.manage\`). The editor title, the CodeLens`,
    "(▶ Train, ▶ Train with PyTorch) and the Runs view's context menus do not offer it. Trusting the",
    'folder (that button, or the Restricted Mode badge in the status bar) brings it all back at once,',
    'without a reload. The CLI (`rnn-lab`) knows no trust: you run it on the files you choose.',
    '',
    '## Commands',
    '',
    ...table(['Command', 'In Restricted Mode', 'Why'], commands),
    '',
    '## Views',
    '',
    ...table(['View', 'In Restricted Mode', 'Why'], views),
    '',
    '## Settings',
    '',
    "A restricted setting's value in the folder's own `.vscode/settings.json` is ignored until the folder",
    'is trusted (VS Code applies `restrictedConfigurations`); your user settings always apply.',
    '',
    ...table(['Setting', 'In Restricted Mode', 'Why'], settings),
    '',
  ].join('\n');
}
