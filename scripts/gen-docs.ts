// `npm run docs`: writes the docs pages generated from the code (src/docs/generatedPages.ts).
// `--check` writes nothing and exits 1 naming each page that is out of date.

import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { GENERATED_PAGES } from '../src/docs/generatedPages';

const root = path.resolve(__dirname, '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const page of GENERATED_PAGES) {
  const file = path.join(root, page.path);
  const text = page.render();
  let current: string | undefined;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) continue;
  if (check) {
    stale++;
    process.stderr.write(`${page.path}: out of date: run npm run docs\n`);
  } else {
    writeFileSync(file, text);
    process.stdout.write(`wrote ${page.path}\n`);
  }
}
process.exitCode = stale ? 1 : 0;
