// The trust table (src/extension/trust.ts) and what follows it: a command without a verdict, a
// refused command still offered in a menu of an untrusted folder, a setting naming a path that a
// hostile folder could set, or a refusal that does not say why and how to trust, would each let
// Restricted Mode down without any other error.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Command, type CommandId } from '../../src/extension/commandIds';
import {
  COMMAND_TRUST,
  refusalMessage,
  SETTING_TRUST,
  trustOf,
  VIEW_TRUST,
  type Trust,
} from '../../src/extension/trust';

const ROOT = path.resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const ids = Object.values(Command) as CommandId[];
const refusedIds = ids.filter((id) => trustOf(id).untrusted === 'refused');

interface MenuItem {
  command: string;
  when?: string;
}
const menus = Object.entries(manifest.contributes.menus as Record<string, MenuItem[]>);

describe('what works in an untrusted workspace', () => {
  it('gives every command of commandIds.ts a verdict with its reason', () => {
    for (const [key, id] of Object.entries(Command)) {
      const trust: Trust | undefined = COMMAND_TRUST[key as keyof typeof Command];
      assert.ok(trust, `${id} has a verdict in trust.ts`);
      assert.ok(trust.because.length > 20, `${id} says why`);
      assert.equal(trustOf(id), trust);
    }
  });

  it('refuses what trains, runs Python, writes, signals or reads a path a file names; shows what a run holds', () => {
    const refused = [
      Command.train,
      Command.runsRerun,
      Command.sweep,
      Command.exportPyTorch,
      Command.trainPyTorch,
      Command.runsRerunPyTorch,
      Command.runsPredict,
      Command.runsSample,
      Command.runsInspect,
      Command.runsRename,
      Command.runsDelete,
      Command.runsExportWeights,
      Command.runsReveal,
      Command.runsStop,
      Command.newExperiment,
    ];
    assert.deepEqual([...refusedIds].sort(), [...refused].sort());
    for (const id of [Command.validate, Command.runsOpen, Command.runsCompare, Command.experimentsOpen])
      assert.equal(trustOf(id).untrusted, 'works', id);
    assert.equal(VIEW_TRUST.learnedViews.untrusted, 'refused');
    assert.equal(VIEW_TRUST.runsView.untrusted, 'works');
  });

  it('registers every command through registerCommand.ts, the one place the guard is', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
      );
    const registers = (f: string) => /\bcommands\s*\.\s*register(TextEditor)?Command\b/.test(readFileSync(f, 'utf8'));
    const guard = path.join(ROOT, 'src/extension/registerCommand.ts');
    assert.ok(registers(guard), 'the pattern finds the one registration');
    const bypassing = files(path.join(ROOT, 'src'))
      .filter((f) => f !== guard && registers(f))
      .map((f) => path.relative(ROOT, f));
    assert.deepEqual(bypassing, [], 'these call vscode.commands.registerCommand themselves, past the trust guard');
  });

  it('says in a refusal what was refused, why, and how to trust', () => {
    const trust = trustOf(Command.train);
    assert.ok(trust.untrusted === 'refused');
    assert.equal(
      refusalMessage(trust),
      'RNN Lab: Training needs a trusted workspace, because it reads the data files and initial weights the experiment names and writes a run. This folder is in Restricted Mode: trust it first (Manage Workspace Trust).',
    );
  });

  it('hides refused commands from every menu of an untrusted folder, and only those', () => {
    for (const [menu, items] of menus) {
      if (menu === 'commandPalette') continue;
      for (const item of items) {
        const gated = /(^|&&\s*)isWorkspaceTrusted\s*($|&&)/.test(item.when ?? '');
        const refused = refusedIds.includes(item.command as CommandId);
        assert.equal(gated, refused, `${menu}: ${item.command} when "${item.when ?? ''}"`);
      }
    }
  });

  it('keeps refused commands in the palette, where running one explains itself', () => {
    const palette = (manifest.contributes.menus.commandPalette ?? []) as MenuItem[];
    for (const item of palette)
      assert.ok(!/isWorkspaceTrusted/.test(item.when ?? ''), `${item.command} is not hidden for lack of trust`);
  });

  it("counts a folder's settings that name a path or a program only once it is trusted", () => {
    const properties = Object.keys(manifest.contributes.configuration.properties as Record<string, unknown>);
    for (const key of properties) assert.ok(SETTING_TRUST[key], `${key} has a verdict in trust.ts SETTING_TRUST`);
    const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    assert.deepEqual(
      [...restricted].sort(),
      Object.keys(SETTING_TRUST)
        .filter((k) => SETTING_TRUST[k].restricted)
        .sort(),
    );
    for (const key of ['rnnLab.runsDirectory', 'rnnLab.python', 'rnnLab.blas'])
      assert.ok(restricted.includes(key), key);
  });

  it('declares limited support, and a welcome for each trust state of the Runs view', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    const welcomes = manifest.contributes.viewsWelcome as { view: string; contents: string; when?: string }[];
    const runs = welcomes.filter((w) => w.view === 'rnnLab.runs');
    const untrusted = runs.find((w) => w.when === '!isWorkspaceTrusted');
    assert.ok(
      untrusted && /Restricted Mode/.test(untrusted.contents) && /workbench\.trust\.manage/.test(untrusted.contents),
    );
    assert.ok(!/command:rnnLab\.train\b/.test(untrusted.contents), 'no Train link where training is refused');
  });
});
