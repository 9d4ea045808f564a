// The examples in the docs are true: every experiment shown passes `rnn-lab validate`'s checks,
// and every `rnn-lab …` command shown in a ```console block runs and prints what the block shows.
//
// Marking, for writers of docs: a ```jsonc rnn-experiment (or json) block must be a whole
// experiment; any other json/jsonc block that parses to an object with data, model and training
// is checked too. In a ```console block, a line `$ rnn-lab ARGS` is run from a scratch folder
// holding a copy of examples/; the lines after it, up to the next `$`, are its output (stdout,
// then stderr): `…` inside a line stands for any text, and a line that is only `…` for any
// number of lines.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { checkExperiment } from '../../src/experiment/load';
import { formatDiagnostics } from '../../src/format/lines';
import { docPages, fences, parse, ROOT } from './markdownDocs';

const CLI = path.join(ROOT, 'dist/cli.js');

interface Example<T> {
  where: string;
  page: string;
  block: T;
}

function experimentBlocks(): Example<{ text: string; marked: boolean }>[] {
  return docPages().flatMap((page) =>
    fences(parse(page))
      .filter((f) => /^jsonc?\b/.test(f.info))
      .flatMap((f) => {
        const marked = /\brnn-experiment\b/.test(f.info);
        const errors: ParseError[] = [];
        const value: unknown = parseJsonc(f.content, errors, { allowTrailingComma: false });
        const isExperiment =
          errors.length === 0 &&
          typeof value === 'object' &&
          value !== null &&
          ['data', 'model', 'training'].every((k) => k in value);
        return marked || isExperiment ? [{ where: `${page}:${f.line}`, page, block: { text: f.content, marked } }] : [];
      }),
  );
}

describe('experiments shown in the docs', () => {
  const blocks = experimentBlocks();
  it('there are some, and the marked ones are found', () => {
    assert.ok(
      blocks.some((b) => b.block.marked),
      'no ```jsonc rnn-experiment block in the docs',
    );
  });
  for (const { where, page, block } of blocks) {
    it(`${where} passes rnn-lab validate`, async () => {
      // Paths in an example are relative to the repository root, as if it were saved there.
      const file = path.join(ROOT, `docs-example-${path.basename(page, '.md')}.rnn.json`);
      const { checked, diagnostics } = await checkExperiment(file, {}, block.text);
      assert.ok(checked, `${where}: ${formatDiagnostics(diagnostics)}`);
    });
  }
});

interface Session {
  args: string[];
  expected: string[];
}

/** Shell words as a reader types them: spaces split, '…' and "…" quote. */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

function sessions(content: string): Session[] {
  const out: Session[] = [];
  for (const line of content.replace(/\n$/, '').split('\n')) {
    if (line.startsWith('$ ')) {
      const words = shellWords(line.slice(2));
      out.push({ args: words[0] === 'rnn-lab' ? words.slice(1) : [], expected: [] });
    } else out.at(-1)?.expected.push(line.trimEnd());
  }
  return out.filter((s) => s.args.length);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The expected lines as one pattern: `…` any text in a line, a line of `…` any lines. */
export function outputPattern(expected: readonly string[]): RegExp {
  const parts = expected.map((line) =>
    line.trim() === '…' ? '(?:[^\\n]*\\n)*?' : `${line.split('…').map(escapeRegExp).join('[^\\n]*')}\\n`,
  );
  return new RegExp(`^${parts.join('')}$`);
}

it('an output pattern: … in a line is any text, a line of … is any lines', () => {
  const p = outputPattern(['a …', '…', 'z']);
  assert.match('a b c\nx\ny\nz\n', p);
  assert.match('a \nz\n', p);
  assert.doesNotMatch('a b\nz\nextra\n', p);
  assert.doesNotMatch('b\nz\n', p);
});

describe('rnn-lab commands shown with their output in the docs', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'rnn-lab-docs-'));
  cpSync(path.join(ROOT, 'examples'), path.join(scratch, 'examples'), { recursive: true });
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const shown = docPages().flatMap((page) =>
    fences(parse(page))
      .filter((f) => f.info.split(/\s+/)[0] === 'console')
      .flatMap((f) => sessions(f.content).map((s) => ({ where: `${page}:${f.line}`, page, block: s }))),
  );
  it('there are some', () => assert.ok(shown.length >= 3, `only ${shown.length} found`));
  for (const { where, block } of shown) {
    it(`${where}: rnn-lab ${block.args.join(' ')}`, () => {
      assert.ok(existsSync(CLI), 'dist/cli.js is missing: npm run build');
      const run = spawnSync(process.execPath, [CLI, ...block.args], {
        cwd: scratch,
        encoding: 'utf8',
        timeout: 60_000,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      assert.equal(run.error, undefined, `${where}: ${String(run.error)}`);
      const output = run.stdout + run.stderr;
      assert.match(output, outputPattern(block.expected), `${where}: the docs show\n${block.expected.join('\n')}`);
    });
  }
});

it('every bundled example is in the experiments guide, and every example listed there exists', () => {
  const guide = readFileSync(path.join(ROOT, 'docs/guide/experiments.md'), 'utf8');
  const listed = [...guide.matchAll(/^\| `(examples\/[^`]+\.rnn\.json)` \|/gm)].map((m) => m[1]).sort();
  const bundled = readdirSync(path.join(ROOT, 'examples'))
    .filter((f) => f.endsWith('.rnn.json'))
    .map((f) => `examples/${f}`)
    .sort();
  assert.deepEqual(listed, bundled);
});
