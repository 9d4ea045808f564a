// A file that cannot be read, said the way a user can fix it.

export function readFailure(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `file not found: ${file}`;
  if (code === 'EISDIR') return `expected a file, found a directory: ${file}`;
  if (code === 'EACCES') return `permission denied: ${file}`;
  return `cannot read ${file}: ${(err as Error).message}`;
}
