// Writing POSIX shell from TypeScript values: the one escaping function for the shell scripts an
// export writes (slurm.sbatch). A value enters a script only as a word shQuote made.

/** `s` as one shell word that the shell reads back as `s`: single-quoted, ' as '\''. */
export function shQuote(s: string): string {
  if (typeof s !== 'string') throw new TypeError(`not a string: ${typeof s}`);
  if (s.includes('\0')) throw new TypeError('a shell word cannot hold NUL');
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
