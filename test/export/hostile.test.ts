// An exported project never runs a user's string: experiments named, described and filed under
// folders chosen to break out of Python strings, docstrings, comments, f-strings and argparse's
// format strings export to files that parse, train without running the payload, print --help,
// and record the name byte for byte, in a run folder named as `rnn-lab train` names it.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import type { ResolvedExperiment } from '../../src/experiment/types';
import { projectReadme } from '../../src/export/projectReadme';
import { pyString } from '../../src/export/python';
import { slug } from '../../src/runs/runDirectory';
import { experiment, workspace } from '../helpers/workspace';
import { checkPython, exportProject, load, noTorch, runProjects } from './exportFixtures';
import { HOSTILE_FOLDERS, HOSTILE_STRINGS } from './hostileStrings';

interface Case {
  readonly name: string;
  readonly description: string;
  readonly dir: string;
  readonly runsDir: string;
  readonly file: string;
}

/** What a string reads as in Markdown once mdText has made it one line of text. */
function asText(s: string): string {
  return s
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');
}

/** Strings drawn (seeded) from pieces that break literals, comments and Markdown. */
function randomStrings(count: number, seed: number): string[] {
  const pieces = [
    ...'"\'\\`$%{}()[]<>#*_|!&;~=\n\r\t\u0000\u001b\u007f\u0085\u00a0\u2028\u2029\ufeff\ud800\udc00',
    '😀',
    '𝔘',
    '"""',
    "'''",
    '%(prog)s',
    '-->',
    '<script>',
    'a',
    'é',
    ' ',
  ];
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + (next() % 24) }, () => pieces[next() % pieces.length]).join(''),
  );
}
const RANDOM_STRINGS = randomStrings(400, 21);
const README_EXPERIMENT = { name: 'plain', description: 'plain', dtype: 'float64' } as ResolvedExperiment;

describe('pyString and mdText on random strings', { skip: noTorch }, () => {
  it('Python reads every literal back as its string', { timeout: 60_000 }, async () => {
    const checked = (await checkPython({ literals: RANDOM_STRINGS.map((s) => [pyString(s), s]) }, 30_000)) as {
      literals: boolean[];
    };
    assert.deepEqual(
      RANDOM_STRINGS.filter((_, i) => !checked.literals[i]),
      [],
    );
  });

  it('a README title is one line of text: no HTML, no link, no other block', () => {
    const md = new MarkdownIt({ html: true });
    const readme = (name: string) =>
      md.parse(
        projectReadme({
          experiment: { ...README_EXPERIMENT, name, description: name },
          source: name,
          toolVersion: 't',
          shuffled: false,
        }),
        {},
      );
    const plain = readme('plain').map((t) => t.type);
    for (const name of RANDOM_STRINGS) {
      const tokens = readme(name);
      assert.deepEqual(
        tokens.map((t) => t.type),
        plain,
        `the same blocks for ${JSON.stringify(name)}`,
      );
      assert.deepEqual(
        tokens[1].children!.map((t) => t.type),
        ['text'],
        JSON.stringify(name),
      );
    }
  });
});

describe('an export of hostile names, descriptions and folders', { skip: noTorch }, () => {
  const root = workspace({});
  const cases: Case[] = [];
  let checked: { parse: (string | null)[]; literals: boolean[]; slugs: string[]; help: Record<string, unknown>[] };
  let trained = { code: 0 as number | null, output: '' };
  before(
    async () => {
      for (const [i, name] of HOSTILE_STRINGS.entries()) {
        const folder = path.join(root, HOSTILE_FOLDERS[i % HOSTILE_FOLDERS.length], `e${i}`);
        mkdirSync(folder, { recursive: true });
        const file = path.join(folder, 'e.rnn.json');
        const description = HOSTILE_STRINGS[(i + 7) % HOSTILE_STRINGS.length];
        writeFileSync(file, JSON.stringify(experiment({ name, description, training: { ...TRAINING } })));
        const runsDir = path.join(folder, 'runs %(prog)s %');
        const dir = exportProject(await load(file), path.join(root, `p${i}`), runsDir);
        cases.push({ name, description, dir, runsDir, file });
      }
      checked = (await checkPython(
        {
          parse: cases.flatMap((c) => ['train.py', 'rnn_lab_io.py'].map((f) => path.join(c.dir, f))),
          literals: HOSTILE_STRINGS.map((s) => [pyString(s), s]),
          slugs: { io: path.join(cases[0].dir, 'rnn_lab_io.py'), names: HOSTILE_STRINGS },
          help: cases.map((c) => c.dir),
        },
        60_000,
      )) as typeof checked;
      const r = await runProjects(cases, 90_000, root);
      trained = { code: r.code, output: `${r.stdout}\n${r.stderr}` };
    },
    { timeout: 180_000 },
  );

  it('writes Python that ast.parse accepts, every file of every export', () => {
    assert.deepEqual(
      checked.parse,
      checked.parse.map(() => null),
    );
  });

  it('writes every string as a literal that Python reads back as that string', () => {
    assert.deepEqual(
      checked.literals,
      HOSTILE_STRINGS.map(() => true),
    );
    for (const s of HOSTILE_STRINGS) assert.match(pyString(s), /^"[\x20-\x7e]*"$/, 'ASCII only, on one line');
  });

  it('prints train.py --help, the name and runs folder with their % intact', () => {
    for (const [i, c] of cases.entries()) {
      const help = checked.help[i] as { code: number; stdout: string; error: string | null };
      assert.equal(help.error, null, `--help of ${JSON.stringify(c.name)}`);
      assert.equal(help.code, 0);
      const text = help.stdout.replace(/\s+/g, ' ');
      assert.match(text, /train\.py trains .* as RNN Lab does, and saves the run\./);
      if (c.name.startsWith('%')) assert.ok(text.includes('trains %(prog)s %s %% % %(default)s 100% as'), text);
    }
  });

  it('trains each, without running any payload', () => {
    assert.equal(trained.code, 0, trained.output);
    const pwned = (dir: string): boolean =>
      existsSync(path.join(dir, 'PWNED')) ||
      readdirSync(dir, { withFileTypes: true }).some((d) => d.isDirectory() && pwned(path.join(dir, d.name)));
    assert.equal(pwned(root), false, 'no PWNED file anywhere under the workspace');
    assert.equal(existsSync(path.resolve('PWNED')), false);
  });

  it('records the name and source byte for byte, in the run folder `rnn-lab train` would name', () => {
    assert.deepEqual(checked.slugs, HOSTILE_STRINGS.map(slug), 'rnn_lab_io._slug is runDirectory.slug');
    for (const c of cases) {
      const runs = readdirSync(c.runsDir).filter((n) => !n.startsWith('.'));
      assert.equal(runs.length, 1);
      assert.match(runs[0], /-\d{8}-\d{6}$/);
      assert.equal(runs[0].slice(0, -'-YYYYMMDD-HHMMSS'.length), slug(c.name));
      const record = JSON.parse(readFileSync(path.join(c.runsDir, runs[0], 'run.json'), 'utf8'));
      assert.equal(record.name, c.name, 'run.json name');
      assert.equal(record.source, c.file, 'run.json source');
      assert.equal(record.status, 'completed');
      const recorded = JSON.parse(readFileSync(path.join(c.runsDir, runs[0], 'experiment.json'), 'utf8'));
      assert.equal(recorded.description, c.description);
    }
  });

  it('writes a README whose title and description are text, on their lines', () => {
    const md = new MarkdownIt({ html: true, linkify: false });
    for (const c of cases) {
      const tokens = md.parse(readFileSync(path.join(c.dir, 'README.md'), 'utf8'), {});
      assert.equal(tokens[0].type, 'heading_open');
      const title = tokens[1].children!;
      assert.deepEqual(
        title.map((t) => t.type),
        ['text'],
        `the title is one text: ${JSON.stringify(c.name)}`,
      );
      assert.equal(title[0].content, `${asText(c.name)} in PyTorch`);
      const inline = tokens.filter((t) => t.type === 'inline').flatMap((t) => t.children ?? []);
      assert.ok(
        !inline.some(
          (t) =>
            t.type === 'html_inline' || (t.type === 'link_open' && /javascript/.test(String(t.attrGet('href') ?? ''))),
        ),
      );
      assert.ok(!tokens.some((t) => t.type === 'html_block'));
    }
  });
});

const TRAINING = { epochs: 1, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.1 } };
