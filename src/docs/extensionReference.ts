// docs/reference/extension.md, written from package.json's `contributes`: every command with its
// id and where VS Code shows it, and every setting with its type, default and description.
// A command or setting added to package.json appears here; test/docs/generated.test.ts fails
// until the committed page is written again (`npm run docs`).

import { code, generatedBanner, table } from './markdown';

interface CommandContribution {
  command: string;
  title: string;
  category?: string;
}

interface MenuItem {
  command: string;
  when?: string;
}

interface SettingContribution {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
  markdownDescription?: string;
}

export interface ExtensionManifest {
  contributes: {
    commands: CommandContribution[];
    menus?: Record<string, MenuItem[]>;
    configuration?: { properties: Record<string, SettingContribution> };
  };
}

const MENU_NAMES: Record<string, string> = {
  commandPalette: 'command palette',
  'editor/title': 'editor title bar',
  'view/title': 'Runs view title bar',
  'view/item/context': 'Runs view items',
  'editor/context': 'editor context menu',
  'explorer/context': 'Explorer context menu',
};

/** Where a command is offered: the palette unless a `when` of `false` hides it there, and its menus. */
function placesOf(manifest: ExtensionManifest, id: string): string {
  const menus = manifest.contributes.menus ?? {};
  const hiddenInPalette = (menus.commandPalette ?? []).some((m) => m.command === id && m.when === 'false');
  const places = hiddenInPalette ? [] : ['command palette'];
  for (const [menu, items] of Object.entries(menus)) {
    if (menu === 'commandPalette') continue;
    if (items.some((m) => m.command === id)) places.push(MENU_NAMES[menu] ?? menu);
  }
  return [...new Set(places)].join(', ') || 'other commands and links only';
}

function settingType(s: SettingContribution): string {
  if (s.enum) return s.enum.map((v) => code(JSON.stringify(v))).join(' | ');
  return Array.isArray(s.type) ? s.type.join(' or ') : (s.type ?? 'any');
}

export function renderExtensionReference(manifest: ExtensionManifest): string {
  const commands = manifest.contributes.commands.map((c) => [
    `${c.category ? `${c.category}: ` : ''}${c.title}`,
    code(c.command),
    placesOf(manifest, c.command),
  ]);
  const settings = Object.entries(manifest.contributes.configuration?.properties ?? {}).map(([key, s]) => [
    code(key),
    settingType(s),
    s.default === undefined ? '—' : code(JSON.stringify(s.default)),
    s.markdownDescription ?? s.description ?? '',
  ]);
  return `${[
    generatedBanner('`contributes` in `package.json`'),
    '',
    '# VS Code commands and settings',
    '',
    'Every command and setting the extension contributes, read from its manifest. What each does is',
    'in the guides: [Experiments](../guide/experiments.md), [the training panel](../guide/training-panel.md),',
    '[Runs and Compare](../guide/runs-and-compare.md), [what the network learned](../guide/what-it-learned.md),',
    '[sweeps](../guide/sweeps.md) and [export to PyTorch](../guide/export-pytorch.md).',
    '',
    '## Commands',
    '',
    ...table(['Command', 'Id', 'Where'], commands),
    '',
    '## Settings',
    '',
    ...table(['Setting', 'Type', 'Default', 'Description'], settings),
  ].join('\n')}\n`;
}
