// src/core is pure computation shared by the CLI, the editor's worker and the webview's
// reports: no Node built-ins, no I/O, no vscode, nothing from outside src/core.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';

const CORE = path.resolve(__dirname, '../../src/core');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

it('src/core imports only from src/core', () => {
  const offenders: string[] = [];
  for (const file of files(CORE)) {
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)) {
      const target = m[1];
      const inside = target.startsWith('.') && path.resolve(path.dirname(file), target).startsWith(CORE);
      if (!inside) offenders.push(`${path.relative(CORE, file)} imports ${target}`);
    }
  }
  assert.deepEqual(offenders, []);
});

it('only src/extension imports vscode', () => {
  const SRC = path.resolve(__dirname, '../../src');
  const offenders = files(SRC)
    .filter((f) => !f.startsWith(path.join(SRC, 'extension') + path.sep))
    .filter((f) => /from\s+['"]vscode['"]/.test(readFileSync(f, 'utf8')))
    .map((f) => path.relative(SRC, f));
  assert.deepEqual(offenders, []);
});
