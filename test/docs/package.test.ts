// The marketplace page is the README: the pictures it shows ship in the .vsix (vsce rewrites
// their relative links to the repository's URL), and the docs pages themselves stay out of it.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { it } from 'node:test';
import { links, parse, ROOT } from './markdownDocs';

it("the .vsix holds the README's images and no other docs page", () => {
  const vsce = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
  );
  assert.equal(vsce.status, 0, vsce.stderr);
  const files = new Set(vsce.stdout.split('\n').map((line) => line.trim()));
  const images = links(parse('README.md'))
    .filter((link) => link.image && !/^[a-z]+:/i.test(link.target))
    .map((link) => path.posix.normalize(link.target));
  assert.ok(images.length >= 3, `the README shows ${images.length} pictures`);
  for (const image of images) assert.ok(files.has(image), `${image} is not packaged`);
  const docs = [...files].filter((f) => f.startsWith('docs/') && !images.includes(f));
  assert.deepEqual(docs, [], 'docs pages packaged');
  assert.ok(files.has('README.md') && files.has('CHANGELOG.md'), 'README and CHANGELOG are the marketplace tabs');
  assert.ok(!files.has('CONTRIBUTING.md'));
});
