// `npm run bench` (last step): docs/speed.md's measured section from bench/results.json.
//   node --import tsx scripts/render-speed.ts [RESULTS.json]

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderSpeedSection, spliceSpeedSection, type BenchResults } from '../src/docs/speedReport';

const root = path.resolve(__dirname, '..');
const resultsFile = path.resolve(process.argv[2] ?? path.join(root, 'bench/results.json'));
const page = path.join(root, 'docs/speed.md');
if (!existsSync(resultsFile)) {
  process.stderr.write(`${resultsFile}: no results yet: run node --import tsx bench/speed.ts first\n`);
  process.exitCode = 1;
} else {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as BenchResults;
  if (results.quick) {
    process.stderr.write(`${resultsFile}: a --quick run measures nothing: docs/speed.md left as it is\n`);
  } else {
    writeFileSync(page, spliceSpeedSection(readFileSync(page, 'utf8'), renderSpeedSection(results)));
    process.stdout.write(`wrote docs/speed.md from ${path.relative(root, resultsFile)}\n`);
  }
}
