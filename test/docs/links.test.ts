// Every relative link and anchor in the README and docs/ leads somewhere: a page moved or a
// heading renamed fails here, not in a reader's browser.

import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { anchors, docPages, githubSlug, links, parse, ROOT } from './markdownDocs';

const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i;

it('GitHub anchors: punctuation dropped, spaces to hyphens, code kept', () => {
  assert.equal(githubSlug('`--json` events'), '--json-events');
  assert.equal(githubSlug('predict, inspect and sample'), 'predict-inspect-and-sample');
  assert.equal(githubSlug('`model.layers[]`'), 'modellayers');
  assert.equal(githubSlug('Weights file `rnn-lab/weights@1`'), 'weights-file-rnn-labweights1');
});

it('every relative link and anchor in README.md, CONTRIBUTING.md, CHANGELOG.md and docs/ resolves', () => {
  const pages = docPages();
  const anchorsOf = new Map(pages.map((page) => [page, anchors(parse(page))]));
  const broken: string[] = [];
  for (const page of pages) {
    for (const link of links(parse(page))) {
      if (EXTERNAL.test(link.target)) continue;
      const where = `${page}:${link.line}: ${link.target}`;
      const [file, anchor] = link.target.split('#', 2);
      const target = file === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
      if (target.startsWith('..') || !existsSync(path.join(ROOT, target))) {
        broken.push(`${where} (no such file)`);
        continue;
      }
      if (link.image && !statSync(path.join(ROOT, target)).isFile()) broken.push(`${where} (not an image file)`);
      if (anchor === undefined) continue;
      const known = anchorsOf.get(target);
      if (!known) broken.push(`${where} (an anchor into a page that is not in the docs)`);
      else if (!known.has(decodeURIComponent(anchor))) broken.push(`${where} (no heading with that anchor)`);
    }
  }
  assert.deepEqual(broken, [], `broken links:\n${broken.join('\n')}`);
});
