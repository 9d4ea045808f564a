// Run directories: DIR/<name>-<YYYYMMDD-HHMMSS>[-k]/. A run directory appears complete or not
// at all: it is filled under a hidden temporary name (readers skip names starting with ".")
// and renamed into place, and two runs started in the same second (two windows, a CLI and the
// editor) never share one, because renaming onto a non-empty directory fails.

import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The most characters of a name a directory name keeps: with the timestamp, a "-k" and the
 * temporary name's affixes it stays far below the 255 bytes file systems allow (a 231-character
 * name once failed with ENAMETOOLONG). run.json keeps the whole name.
 */
export const MAX_SLUG_LENGTH = 100;

/** Keeps names readable and safe on every file system: anything else becomes "-"; long ones are cut. */
export function slug(name: string): string {
  const s = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, '');
  return s || 'experiment';
}

export function timestamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

/** Creates the run directory with the files `populate` writes into it, and returns its path. */
export function createRunDirectory(
  runsDir: string,
  name: string,
  started: Date,
  populate: (dir: string) => void,
): string {
  mkdirSync(runsDir, { recursive: true });
  const base = `${slug(name)}-${timestamp(started)}`;
  const temp = mkdtempSync(path.join(runsDir, `.${base}-`));
  try {
    populate(temp);
    for (let k = 1; ; k++) {
      const dir = path.join(runsDir, k === 1 ? base : `${base}-${k}`);
      try {
        renameSync(temp, dir);
        return dir;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw err;
      }
    }
  } catch (err) {
    rmSync(temp, { recursive: true, force: true });
    throw err;
  }
}
