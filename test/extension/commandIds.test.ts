// The command ids of src/extension/commandIds.ts are the ones package.json contributes and
// the code uses: a command renamed on one side only would be missing from the palette, a
// menu or a lens, without any error.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Command, UNCONTRIBUTED_COMMANDS, type CommandId } from '../../src/extension/commandIds';

const ROOT = path.resolve(__dirname, '../..');
const contributes = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).contributes;
const ids: readonly string[] = Object.values(Command);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(file) : file.endsWith('.ts') ? [file] : [];
  });
}

describe('command ids', () => {
  it('package.json contributes exactly the registered commands, each once', () => {
    const contributed: string[] = contributes.commands.map((c: { command: string }) => c.command);
    assert.equal(new Set(contributed).size, contributed.length, 'no command is contributed twice');
    assert.deepEqual(
      [...contributed].sort(),
      ids.filter((id) => !UNCONTRIBUTED_COMMANDS.includes(id as CommandId)).sort(),
    );
  });

  it('every menu item and welcome link names a contributed command', () => {
    const contributed = new Set(contributes.commands.map((c: { command: string }) => c.command));
    for (const [menu, items] of Object.entries(contributes.menus as Record<string, { command: string }[]>)) {
      for (const item of items) assert.ok(contributed.has(item.command), `${menu}: ${item.command}`);
    }
    for (const welcome of contributes.viewsWelcome as { contents: string }[]) {
      // Ours only: the Restricted Mode welcome links VS Code's own workbench.trust.manage.
      for (const [, id] of welcome.contents.matchAll(/\(command:(rnnLab\.[\w.]+)\)/g))
        assert.ok(contributed.has(id), `viewsWelcome: ${id}`);
    }
  });

  it('the extension names commands only through commandIds.ts', () => {
    for (const file of sourceFiles(path.join(ROOT, 'src/extension'))) {
      if (file.endsWith('commandIds.ts')) continue;
      const literals = [...readFileSync(file, 'utf8').matchAll(/['"`](rnnLab\.[\w.]+)['"`]/g)].map((m) => m[1]);
      assert.deepEqual(
        literals.filter((l) => ids.includes(l)),
        [],
        path.relative(ROOT, file),
      );
    }
  });
});
