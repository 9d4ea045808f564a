// The mutation fuzzer (docs/reference/limits.md): mutated copies of the examples and their data files,
// each checked in process (every case) and through dist/cli.js (a sample: `validate`, and
// `train --epochs 1` where the case is small), against the outcomes in check.ts.
//
//   node --import tsx test/fuzz/run.ts [--seed S] [--cases N] [--cli K] [--surface M] [--surface-cli L] [--only I] [--only-surface J]
//     --cases N  cases to run (default 300); --cli K: how many of them also run the CLI (default 12)
//     --surface M  cases of the newer surface (surface.ts: predict, inspect, sample, import-weights,
//                sweep, export; default: as many as --cases); --surface-cli L: how many also run
//                dist/cli.js (default: as --cli)
//     --only I   run case I of seed S alone (what a failure report says to reproduce it); --only-surface J
//                the same for a surface case
//
// Exits 1 when any case fails; failing cases are kept under test-output/fuzz/ with what went
// wrong. The last line of stdout is a JSON summary (test/fuzz/fuzz.test.ts reads it).

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Rng } from '../../src/core/rng';
import { checkInProcess, checkTrain, checkValidate, quickToTrain } from './check';
import { caseFrom, seedCorpus } from './corpus';
import { mutate, type FuzzCase } from './mutate';
import { cliProblems, surfaceCase, surfaceSeeds, unparsedPython } from './surface';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SEED = arg('--seed', 1);
const CASES = arg('--cases', 300);
const CLI_CASES = arg('--cli', 12);
const ONLY = process.argv.includes('--only') ? arg('--only', 0) : undefined;
const ONLY_SURFACE = process.argv.includes('--only-surface') ? arg('--only-surface', 0) : undefined;
const SURFACE = arg('--surface', CASES);
const SURFACE_CLI = arg('--surface-cli', CLI_CASES);
/** The fuzzer's own RSS must stay below this (the loader holds only small cases here). */
const OWN_RSS_CAP = 1536 * 1024 * 1024;
const KEEP = path.resolve(__dirname, '../../test-output/fuzz');

function makeCase(seeds: Awaited<ReturnType<typeof seedCorpus>>, index: number): FuzzCase {
  const rng = new Rng(SEED, 1000 + index);
  const c = caseFrom(seeds[rng.int(seeds.length)]);
  if (rng.int(3) === 0) mutate(rng, c, true);
  else for (let k = 1 + rng.int(3); k > 0; k--) mutate(rng, c);
  return c;
}

function materialize(c: FuzzCase, dir: string): void {
  for (const [file, contents] of c.files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), contents);
  }
  for (const s of c.specials) {
    const at = path.join(dir, s.path);
    if (s.kind === 'dir') mkdirSync(at);
    else if (s.kind === 'fifo') execFileSync('mkfifo', [at]);
    else if (s.kind === 'symlink') symlinkSync(s.target, at);
  }
}

interface Failure {
  readonly index: number;
  readonly origin: string;
  readonly mutations: string[];
  readonly problems: string[];
}

async function main(): Promise<void> {
  const seeds = await seedCorpus();
  const root = mkdtempSync(path.join(tmpdir(), 'rnn-lab-fuzz-'));
  const failures: Failure[] = [];
  const counts = { cases: 0, valid: 0, invalid: 0, cliValidate: 0, cliTrain: 0 };
  const surface = { cases: 0, cli: 0, python: 0, byKind: {} as Record<string, number> };
  let peakChildRss = 0;
  let peakOwnRss = 0;
  const cliEvery = CLI_CASES > 0 ? Math.max(1, Math.floor(CASES / CLI_CASES)) : Infinity;
  const started = performance.now();
  const indices =
    ONLY !== undefined ? [ONLY] : ONLY_SURFACE !== undefined ? [] : Array.from({ length: CASES }, (_, i) => i);
  try {
    for (const index of indices) {
      const c = makeCase(seeds, index);
      const dir = path.join(root, String(index));
      mkdirSync(dir);
      materialize(c, dir);
      const problems: string[] = [];
      const inProcess = await checkInProcess(dir, c.experiment);
      problems.push(...inProcess.failures);
      counts.cases++;
      if (inProcess.checked) counts.valid++;
      else counts.invalid++;
      // the command on a sample: validate every cliEvery-th case; train (one epoch) on small valid
      // cases, about half as many, spread over the run (most mutated cases are invalid)
      if (ONLY !== undefined || (CLI_CASES > 0 && index % cliEvery === 0)) {
        const validate = await checkValidate(dir, c.experiment);
        problems.push(...validate.failures);
        counts.cliValidate++;
        peakChildRss = Math.max(peakChildRss, validate.peakRss);
      }
      const trainQuota = Math.ceil(((index + 1) / CASES) * (CLI_CASES / 2));
      if (
        inProcess.checked &&
        quickToTrain(inProcess.checked) &&
        (ONLY !== undefined || counts.cliTrain < trainQuota)
      ) {
        const train = await checkTrain(dir, c.experiment);
        problems.push(...train.failures);
        counts.cliTrain++;
        peakChildRss = Math.max(peakChildRss, train.peakRss);
      }
      peakOwnRss = Math.max(peakOwnRss, process.memoryUsage().rss);
      if (peakOwnRss > OWN_RSS_CAP) problems.push(`the fuzzer's RSS reached ${Math.round(peakOwnRss / 2 ** 20)} MiB`);
      if (problems.length) {
        failures.push({ index, origin: c.origin, mutations: c.mutations, problems });
        const kept = path.join(KEEP, `seed${SEED}-case${index}`);
        rmSync(kept, { recursive: true, force: true });
        mkdirSync(kept, { recursive: true });
        cpSync(dir, kept, { recursive: true, filter: (src) => !/\/(fifo|loop2?|zero-link|runs)$/.test(src) });
        writeFileSync(
          path.join(kept, 'FAILURE.txt'),
          `${JSON.stringify({ seed: SEED, index, origin: c.origin, mutations: c.mutations }, null, 2)}\n\n${problems.join('\n\n')}\n` +
            `\nreproduce: node --import tsx test/fuzz/run.ts --seed ${SEED} --only ${index}\n`,
        );
        process.stderr.write(`case ${index} (${c.origin}: ${c.mutations.join(', ')}):\n  ${problems.join('\n  ')}\n`);
      }
      rmSync(dir, { recursive: true, force: true });
      if (counts.cases % 100 === 0)
        process.stderr.write(`fuzz: ${counts.cases}/${indices.length} cases, ${failures.length} failing\n`);
    }
    await surfacePhase(root, failures, surface, (rss) => {
      peakChildRss = Math.max(peakChildRss, rss);
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  peakOwnRss = Math.max(peakOwnRss, process.memoryUsage().rss);
  const summary = {
    seed: SEED,
    ...counts,
    surface,
    failures: failures.length,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    peakChildRssMiB: Math.round(peakChildRss / 2 ** 20),
    peakOwnRssMiB: Math.round(peakOwnRss / 2 ** 20),
    failing: failures
      .slice(0, 20)
      .map((f) => ({ index: f.index, origin: f.origin, mutations: f.mutations, problem: f.problems[0].slice(0, 400) })),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.exitCode = failures.length ? 1 : 0;
}

/** The newer surface (surface.ts): SURFACE cases, failures kept as the loader's are. */
async function surfacePhase(
  root: string,
  failures: Failure[],
  counts: { cases: number; cli: number; python: number; byKind: Record<string, number> },
  childRss: (rss: number) => void,
): Promise<void> {
  const indices =
    ONLY_SURFACE !== undefined
      ? [ONLY_SURFACE]
      : ONLY !== undefined
        ? []
        : Array.from({ length: SURFACE }, (_, i) => i);
  if (!indices.length) return;
  const seeds = await surfaceSeeds(path.join(root, 'surface-seeds'));
  const cliEvery = SURFACE_CLI > 0 ? Math.max(1, Math.floor(SURFACE / SURFACE_CLI)) : Infinity;
  const python: { index: number; files: string[] }[] = [];
  const fail = (index: number, kind: string, mutations: string[], problems: string[], dir?: string) => {
    failures.push({ index, origin: `surface ${kind}`, mutations, problems });
    const kept = path.join(KEEP, `seed${SEED}-surface${index}`);
    rmSync(kept, { recursive: true, force: true });
    mkdirSync(kept, { recursive: true });
    if (dir) cpSync(dir, kept, { recursive: true, filter: (src) => !/\/(fifo|zero)$/.test(src) });
    writeFileSync(
      path.join(kept, 'FAILURE.txt'),
      `${JSON.stringify({ seed: SEED, surface: index, kind, mutations }, null, 2)}\n\n${problems.join('\n\n')}\n` +
        `\nreproduce: node --import tsx test/fuzz/run.ts --seed ${SEED} --only-surface ${index}\n`,
    );
    process.stderr.write(`surface case ${index} (${kind}: ${mutations.join(', ')}):\n  ${problems.join('\n  ')}\n`);
  };
  for (const index of indices) {
    const rng = new Rng(SEED, 500_000 + index);
    const dir = path.join(root, `surface-${index}`);
    const c = await surfaceCase(seeds, rng, dir, ONLY_SURFACE !== undefined || index % cliEvery === 0);
    counts.cases++;
    counts.byKind[c.kind] = (counts.byKind[c.kind] ?? 0) + 1;
    const problems = [...c.problems];
    if (c.cli) {
      const r = await cliProblems(c.cli);
      counts.cli++;
      childRss(r.peakRss);
      problems.push(...r.problems);
    }
    if (process.memoryUsage().rss > OWN_RSS_CAP)
      problems.push(`the fuzzer's RSS reached ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
    if (c.python.length) {
      // kept until the batch is parsed
      const keep = path.join(root, 'python', String(index));
      mkdirSync(keep, { recursive: true });
      python.push({
        index,
        files: c.python.map((f) => (cpSync(f, path.join(keep, path.basename(f))), path.join(keep, path.basename(f)))),
      });
    }
    if (problems.length) fail(index, c.kind, c.mutations, problems, dir);
    rmSync(dir, { recursive: true, force: true });
    if (counts.cases % 500 === 0) process.stderr.write(`fuzz: ${counts.cases}/${indices.length} surface cases\n`);
  }
  const files = python.flatMap((p) => p.files);
  counts.python = files.length;
  for (const bad of unparsedPython(files)) {
    const owner = python.find((p) => p.files.some((f) => bad.startsWith(f)));
    fail(owner?.index ?? -1, 'export', ['generated Python'], [`does not parse: ${bad.slice(0, 600)}`]);
  }
}

void main();
