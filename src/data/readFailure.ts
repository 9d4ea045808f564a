// Reading the files an experiment names: regular files only (a FIFO or a device would block or
// never end), at most a given size, and every failure said the way a user can fix it.

import { constants, type Stats } from 'node:fs';
import { lstat, open, stat, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { diagnosticAt, formatDiagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import { formatBytes } from '../diagnostics/quantities';

export function readFailure(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `file not found: ${file}`;
  if (code === 'EISDIR') return `expected a file, found a directory: ${file}`;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied: ${file}`;
  if (code === 'ENAMETOOLONG') return `the path is too long: ${file}`;
  if (code === 'ENOTDIR') return `a part of the path is not a directory: ${file}`;
  if (code === 'ELOOP') return `too many symbolic links: ${file}`;
  if (code === 'ERR_INVALID_ARG_VALUE' || code === 'ERR_INVALID_ARG_TYPE') return 'the path contains a NUL character';
  return `cannot read ${file}: ${(err as Error).message}`;
}

export function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

export function tooLarge(file: string, what: string, maxBytes: number, size?: number): string {
  const is = size !== undefined ? `is ${formatBytes(size)}` : `is larger than ${formatBytes(maxBytes)}`;
  return `${file} ${is}; RNN Lab reads at most ${formatBytes(maxBytes)} from ${what}`;
}

/**
 * Why `file` cannot be read as `what`: missing, not a regular file, or larger than `maxBytes`.
 * Asked of the file system (stat) before anything opens it: a FIFO or a device is never opened.
 */
export async function inputFileProblem(file: string, what: string, maxBytes: number): Promise<string | undefined> {
  let stats: Stats;
  try {
    stats = await stat(file);
  } catch (err) {
    return readFailure(file, err);
  }
  if (!stats.isFile()) return `expected a regular file, found ${kindOf(stats)}: ${file}`;
  if (stats.size > maxBytes) return tooLarge(file, what, maxBytes, stats.size);
  return undefined;
}

/**
 * Why `file` cannot be written (replaced whole, by writeFileAtomic): its folder is missing or not
 * a folder, or the name is taken by a directory, a FIFO, a device or a socket. Nothing is opened.
 */
export async function outputFileProblem(file: string): Promise<string | undefined> {
  if (file.includes('\0')) return 'the path contains a NUL character';
  try {
    const stats = await stat(file);
    if (!stats.isFile()) return `cannot write there: it is ${kindOf(stats)}: ${file}`;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return `too many symbolic links: ${file}`;
    if (code === 'ENAMETOOLONG') return `the path is too long: ${file}`;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return readFailure(file, err);
    // a dangling symbolic link: writing would replace the link, not create its target
    if (code === 'ENOENT' && (await lstat(file).catch(() => undefined))?.isSymbolicLink())
      return `cannot write there: it is a symbolic link to nothing: ${file}`;
  }
  const folder = path.dirname(path.resolve(file));
  try {
    const stats = await stat(folder);
    if (!stats.isDirectory()) return `cannot write there: ${folder} is ${kindOf(stats)}, not a folder`;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return `cannot write there: the folder ${folder} does not exist`;
    return readFailure(folder, err);
  }
  const runDir = path.basename(folder) === 'checkpoints' ? path.dirname(folder) : folder;
  if ((runDir !== folder || RUN_FILES.has(path.basename(file))) && (await isFile(path.join(runDir, 'run.json'))))
    return `cannot write there: ${path.basename(file)} is a file of the saved run ${runDir}, which is never changed`;
  return undefined;
}

/** The files of a run directory (docs/reference/run-directory.md): no output replaces one. */
const RUN_FILES = new Set(['run.json', 'experiment.json', 'weights.json', 'metrics.ndjson']);

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() === true;
}

/**
 * Opens `file` for reading if it is a regular file of at most `maxBytes`. Its kind is asked
 * first (stat), so a FIFO or a device is never opened; opened without blocking all the same,
 * and checked again on the open file, so it cannot be swapped between the check and the read.
 */
export async function openRegularFile(
  file: string,
  what: string,
  maxBytes: number,
): Promise<{ handle: FileHandle; size: number } | { problem: string }> {
  const problem = await inputFileProblem(file, what, maxBytes);
  if (problem) return { problem };
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    return { problem: readFailure(file, err) };
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new Error(`expected a regular file, found ${kindOf(stats)}: ${file}`);
    if (stats.size > maxBytes) throw new Error(tooLarge(file, what, maxBytes, stats.size));
    return { handle, size: stats.size };
  } catch (err) {
    await handle.close();
    return { problem: (err as Error).message };
  }
}

/**
 * The file's text (UTF-8, a byte order mark dropped), read up to `maxBytes` — also for files
 * whose size the system does not know in advance (/proc).
 */
export async function readTextFile(
  file: string,
  what: string,
  maxBytes: number,
): Promise<{ text: string } | { problem: string }> {
  const opened = await openRegularFile(file, what, maxBytes);
  if ('problem' in opened) return opened;
  const { handle, size } = opened;
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(size + 1 - total, 65536), maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) return { problem: tooLarge(file, what, maxBytes) };
    }
    return { text: new TextDecoder('utf-8').decode(Buffer.concat(chunks, total)) };
  } catch (err) {
    return { problem: readFailure(file, err) };
  } finally {
    await handle.close();
  }
}

/** The file's text, or a diagnostic placed where the experiment names it. */
export async function readReferencedFile(
  file: string,
  what: string,
  maxBytes: number,
  namedAt: (message: string) => Diagnostic,
): Promise<{ text: string } | { problem: Diagnostic }> {
  const read = await readTextFile(file, what, maxBytes);
  return 'problem' in read ? { problem: namedAt(read.problem) } : read;
}

/**
 * `PATH: error: MESSAGE`, how a command says a path it was given cannot be used: one line,
 * whatever the path or the message holds (control characters escaped, the message bounded).
 */
export function pathError(file: string, message: string): string {
  const head = formatDiagnostic(diagnosticAt(file, 1, 1, ''));
  const shownFile = head.slice(0, head.length - ':1:1: error: '.length);
  return `${shownFile}: error: ${diagnosticAt(file, 1, 1, message).message}`;
}
