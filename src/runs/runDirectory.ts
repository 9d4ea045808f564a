// Run directories: DIR/<name>-<YYYYMMDD-HHMMSS>[-k]/, created exclusively so that two runs
// started in the same second (two windows, a CLI and the editor) never share one.

import { mkdirSync } from 'node:fs';
import * as path from 'node:path';

/** Keeps names readable and safe on every file system: anything else becomes "-". */
export function slug(name: string): string {
  const s = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return s || 'experiment';
}

export function timestamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

export function createRunDirectory(runsDir: string, name: string, started: Date): string {
  mkdirSync(runsDir, { recursive: true });
  const base = `${slug(name)}-${timestamp(started)}`;
  for (let k = 1; ; k++) {
    const dir = path.join(runsDir, k === 1 ? base : `${base}-${k}`);
    try {
      mkdirSync(dir);
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
