// Files that are never seen half-written: write a temporary sibling in full, flush it to the
// disk, rename it over the file. A reader (the runs view, another window) sees the old file or
// the new one, nothing between. When anything fails (a full disk) the temporary file is
// removed and the error thrown: the old file stays as it was.

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The calls that write run files: tests hand the recorder a full disk or short writes through it. */
export interface FileSystem {
  openSync(file: string, flags: string): number;
  /** May write fewer bytes than asked (returns how many), or throw (ENOSPC). */
  writeSync(fd: number, data: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  rmSync(file: string, options: { force: boolean }): void;
}

export const nodeFileSystem: FileSystem = {
  openSync: (file, flags) => fs.openSync(file, flags),
  writeSync: (fd, data, offset, length) => fs.writeSync(fd, data, offset, length),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  closeSync: (fd) => fs.closeSync(fd),
  renameSync: (from, to) => fs.renameSync(from, to),
  rmSync: (file, options) => fs.rmSync(file, options),
};

/** Writes all of `data`: a write that takes only part of it is continued with the rest. */
export function writeAll(fd: number, data: string | Uint8Array, fsys: FileSystem = nodeFileSystem): void {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  for (let offset = 0; offset < bytes.length;) {
    const written = fsys.writeSync(fd, bytes, offset, bytes.length - offset);
    if (!(written > 0))
      throw Object.assign(new Error('ENOSPC: no space left on device, write (the file system took no more bytes)'), {
        code: 'ENOSPC',
      });
    offset += written;
  }
}

export function writeFileAtomic(file: string, contents: string | Uint8Array, fsys: FileSystem = nodeFileSystem): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  // "wx": a new file, never one through a link planted at that name.
  const fd = fsys.openSync(temp, 'wx');
  try {
    try {
      writeAll(fd, contents, fsys);
      fsys.fsyncSync(fd); // on the disk before the rename: a crash must not leave an empty file under the name
    } finally {
      fsys.closeSync(fd);
    }
    fsys.renameSync(temp, file); // replaces a link at `file` itself, never the file it points to
  } catch (err) {
    fsys.rmSync(temp, { force: true });
    throw err;
  }
}

export function writeJsonAtomic(file: string, value: unknown, fsys: FileSystem = nodeFileSystem): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, fsys);
}
