// A file that cannot be read, said the way a user can fix it.

import { readFile } from 'node:fs/promises';
import type { Diagnostic } from '../diagnostics/diagnostic';

export function readFailure(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `file not found: ${file}`;
  if (code === 'EISDIR') return `expected a file, found a directory: ${file}`;
  if (code === 'EACCES') return `permission denied: ${file}`;
  return `cannot read ${file}: ${(err as Error).message}`;
}

/** The file's text, or a diagnostic placed where the experiment names it. */
export async function readReferencedFile(file: string, namedAt: (message: string) => Diagnostic): Promise<{ text: string } | { problem: Diagnostic }> {
  try {
    return { text: await readFile(file, 'utf8') };
  } catch (err) {
    return { problem: namedAt(readFailure(file, err)) };
  }
}
