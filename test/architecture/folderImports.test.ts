// The folders of src/ are layers: every import between two folders goes one way, so each
// folder can be read, tested and changed knowing only those below it. src/core, the bottom,
// imports nothing from outside itself (no Node built-ins, no packages, no other folder).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';

const SRC = path.resolve(__dirname, '../../src');

/** Static and re-exporting imports (type-only ones too), side-effect imports and import(). */
const IMPORT_PATTERNS = [
  /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm,
  /^\s*import\s*['"]([^'"]+)['"]/gm,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return IMPORT_PATTERNS.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1]));
}

/** `core` for src/core/kernels/memory.ts; undefined outside src/. */
function folderOf(file: string): string | undefined {
  const rel = path.relative(SRC, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep)[0];
}

/** from folder → to folder → the files (relative to src/) whose imports make that edge. */
function folderEdges(): Map<string, Map<string, Set<string>>> {
  const edges = new Map<string, Map<string, Set<string>>>();
  for (const file of sourceFiles(SRC)) {
    const from = folderOf(file)!;
    for (const target of importsOf(file).filter((t) => t.startsWith('.'))) {
      const to = folderOf(path.resolve(path.dirname(file), target));
      if (to === undefined || to === from) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      const byTarget = edges.get(from)!;
      if (!byTarget.has(to)) byTarget.set(to, new Set());
      byTarget.get(to)!.add(path.relative(SRC, file));
    }
  }
  return edges;
}

/** A path of folders from `start` to `goal` along the edges, if there is one. */
function route(edges: Map<string, Map<string, Set<string>>>, start: string, goal: string): string[] | undefined {
  const previous = new Map<string, string>([[start, start]]);
  const queue = [start];
  while (queue.length) {
    const at = queue.shift()!;
    if (at === goal) {
      const path = [goal];
      while (path[0] !== start) path.unshift(previous.get(path[0])!);
      return path;
    }
    for (const next of edges.get(at)?.keys() ?? []) {
      if (!previous.has(next)) {
        previous.set(next, at);
        queue.push(next);
      }
    }
  }
  return undefined;
}

it('imports between the folders of src/ go one way: no folder reaches back to itself', () => {
  const edges = folderEdges();
  const cycles: string[] = [];
  for (const [from, targets] of edges) {
    for (const [to, files] of targets) {
      const back = route(edges, to, from);
      if (back) cycles.push(`${[from, ...back].join(' → ')} (${from} → ${to} in ${[...files].sort().join(', ')})`);
    }
  }
  assert.deepEqual(cycles, []);
});

it('src/core imports only from src/core', () => {
  const CORE = path.join(SRC, 'core');
  const offenders = sourceFiles(CORE).flatMap((file) =>
    importsOf(file)
      .filter((target) => !target.startsWith('.') || folderOf(path.resolve(path.dirname(file), target)) !== 'core')
      .map((target) => `${path.relative(SRC, file)} imports ${target}`),
  );
  assert.deepEqual(offenders, []);
});

it('finds the imports it checks (a sanity check of the parser above)', () => {
  const edges = folderEdges();
  assert.ok(
    edges.get('experiment')?.get('data')?.has(path.join('experiment', 'load.ts')),
    'experiment/load.ts imports the data loaders',
  );
  assert.ok(edges.get('cli')?.has('runs'), 'the CLI records runs');
});
