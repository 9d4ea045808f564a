// The README stays a front page a newcomer reads in five minutes: short, its two commands true,
// every feature one click from its page in docs/. A section that grows back into the README
// fails here and belongs in docs/.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { fences, links, parse, ROOT } from './markdownDocs';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const scripts = (
  JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

it('the README is a front page: at most 260 lines, no section over 60', () => {
  const lines = readme.split('\n');
  assert.ok(lines.length <= 260, `README.md has ${lines.length} lines: move detail into docs/`);
  const sections = readme.split(/^## /m).slice(1);
  for (const s of sections) {
    const n = s.split('\n').length;
    assert.ok(n <= 60, `README section "${s.split('\n')[0]}" has ${n} lines: move detail into docs/`);
  }
});

it('the two commands are the first code block and name scripts that do what their comments say', () => {
  const first = fences(parse('README.md'))[0];
  assert.equal(first.info, 'sh');
  assert.match(
    first.content,
    /^npm install && npm start {3}# builds dist\/ and trains examples\/notebook\.rnn\.json\n/,
  );
  assert.match(first.content, /\nnpm test {19}# builds, type-checks, lints/);
  assert.match(scripts.start, /train examples\/notebook\.rnn\.json$/);
  assert.match(scripts.prepare, /build/, 'npm install builds dist/');
  for (const step of [
    'npm run build',
    'npm run typecheck',
    'npm run lint',
    'npm run test:unit',
    'npm run test:browser',
    'npm run test:vscode',
  ])
    assert.ok(scripts.test.includes(step), `npm test runs ${step}`);
});

it('every feature of the front page links into docs/', () => {
  const features = readme.slice(
    readme.indexOf('## Features'),
    readme.indexOf('\n## ', readme.indexOf('## Features') + 1),
  );
  const bullets = features.split(/\n- /).slice(1);
  assert.ok(bullets.length >= 6, `${bullets.length} features`);
  for (const bullet of bullets)
    assert.match(bullet, /\]\(docs\/[^)]+\.md(#[^)]*)?\)/, `no docs link in: ${bullet.slice(0, 60)}`);
  const targets = new Set(links(parse('README.md')).map((l) => l.target.split('#')[0]));
  for (const page of ['CHANGELOG.md', 'CONTRIBUTING.md', 'docs/README.md'])
    assert.ok(targets.has(page), `README links ${page}`);
});
