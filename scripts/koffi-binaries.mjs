// koffi (the FFI that calls the machine's BLAS, src/blas/) cannot be bundled: it loads a native
// koffi.node. This copies its loader into dist/koffi/ (src/blas/library.ts requires it from
// there first) and its prebuilt binaries for the platforms VS Code ships on, nothing else:
//   node scripts/koffi-binaries.mjs           the binaries already in node_modules (npm run build)
//   node scripts/koffi-binaries.mjs --fetch   also `npm pack` the missing ones (npm run package)
// A platform without its binary still trains: there the trainer says koffi cannot load and
// uses its WebAssembly kernels.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const koffi = path.join(root, 'node_modules', 'koffi');
const out = path.join(root, 'dist', 'koffi');
const cache = path.join(root, 'node_modules', '.cache', 'rnn-lab-koffi');
const fetch = process.argv.includes('--fetch');
export const TARGETS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-arm64'];

if (!existsSync(koffi)) {
  process.stderr.write('koffi-binaries: node_modules/koffi is missing (npm install): dist/ gets no BLAS loader\n');
} else {
  const { version } = JSON.parse(readFileSync(path.join(koffi, 'package.json'), 'utf8'));
  rmSync(out, { recursive: true, force: true });
  // The loader, laid out as in the package: src/koffi/index.cjs looks for ../../build/koffi/<platform>_<arch>/.
  for (const file of ['package.json', 'index.cjs', 'LICENSE.txt', 'src/koffi/index.cjs', 'src/koffi/src/static.cjs']) {
    mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
    copyFileSync(path.join(koffi, file), path.join(out, file));
  }
  const missing = [];
  for (const target of TARGETS) {
    const from = binaryPackage(target, version);
    if (!from) {
      missing.push(target);
      continue;
    }
    // One folder per libc/ABI in the package (linux_x64, musl_x64…): the glibc/system one only.
    for (const dir of readdirSync(from).filter((d) => d.includes('_') && !d.startsWith('musl'))) {
      const binary = path.join(from, dir, 'koffi.node');
      if (!existsSync(binary)) continue;
      mkdirSync(path.join(out, 'build', 'koffi', dir), { recursive: true });
      copyFileSync(binary, path.join(out, 'build', 'koffi', dir, 'koffi.node'));
    }
  }
  // npm run build copies what is installed, quietly; npm run package says what the .vsix lacks.
  if (missing.length > 0 && fetch)
    process.stderr.write(
      `koffi-binaries: no koffi binary for ${missing.join(', ')} (npm pack failed): those platforms train with WebAssembly only\n`,
    );
}

/** The unpacked @koromix/koffi-<target> package: installed, cached, or (with --fetch) packed now. */
function binaryPackage(target, version) {
  const installed = path.join(root, 'node_modules', '@koromix', `koffi-${target}`);
  if (existsSync(installed)) return installed;
  const cached = path.join(cache, `koffi-${target}-${version}`, 'package');
  if (existsSync(cached)) return cached;
  if (!fetch) return undefined;
  try {
    const dir = path.dirname(cached);
    mkdirSync(dir, { recursive: true });
    const tgz = execFileSync('npm', ['pack', `@koromix/koffi-${target}@${version}`, '--pack-destination', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .trim()
      .split('\n')
      .pop();
    execFileSync('tar', ['xzf', path.join(dir, tgz), '-C', dir]);
    return existsSync(cached) ? cached : undefined;
  } catch {
    return undefined;
  }
}
