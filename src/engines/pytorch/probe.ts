// What an interpreter can do, asked before train.py runs: whether it imports torch, which
// version, whether CUDA and MPS are there. A short Python program prints one JSON line; its
// failures (no torch, a broken install) become the messages of failures.ts.

import { execFile } from 'node:child_process';

export interface TorchInfo {
  readonly python: string;
  /** torch.__version__; null when `import torch` failed (importError says why). */
  readonly torch: string | null;
  readonly importError?: string;
  readonly cuda: boolean;
  /** The torch build has CUDA (torch.version.cuda): false on CPU-only builds. */
  readonly cudaBuild: boolean;
  readonly mps: boolean;
}

/** Imports torch the way train.py does; prints one line of JSON whatever happens. */
export const PROBE_SOURCE = `
import json, sys
info = {"python": sys.version.split()[0], "torch": None, "cuda": False, "cudaBuild": False, "mps": False}
try:
    import torch
except Exception as err:
    info["importError"] = f"{type(err).__name__}: {err}"
else:
    info["torch"] = str(torch.__version__)
    info["cudaBuild"] = torch.version.cuda is not None
    info["cuda"] = bool(torch.cuda.is_available())
    mps = getattr(torch.backends, "mps", None)
    info["mps"] = bool(mps is not None and mps.is_available())
print(json.dumps(info))
`;

/** The probe takes a few seconds where torch is large; a hung interpreter is given up after this. */
export const PROBE_TIMEOUT_MS = 60_000;

export type ProbeResult = { readonly info: TorchInfo } | { readonly failure: string };

export function probeTorch(python: string, env: NodeJS.ProcessEnv = process.env): Promise<ProbeResult> {
  return new Promise((resolve) => {
    execFile(
      python,
      ['-c', PROBE_SOURCE],
      { env, timeout: PROBE_TIMEOUT_MS, maxBuffer: 1024 * 1024, windowsHide: true },
      (err, stdout, stderr) => {
        const line = stdout.trim().split('\n').pop() ?? '';
        try {
          const info = JSON.parse(line) as TorchInfo;
          if (typeof info.python === 'string') return resolve({ info });
        } catch {
          // not our line: the interpreter failed before printing it
        }
        const why = (err as NodeJS.ErrnoException | null)?.code === 'ENOENT' ? 'ENOENT' : undefined;
        resolve({ failure: why ?? (stderr.trim() || err?.message || 'no output') });
      },
    );
  });
}

export type DeviceSetting = string;

/**
 * The device train.py gets: `auto` is cuda, then mps (float32 experiments only: MPS has no
 * float64), then cpu; anything else is passed as it is (cpu, cuda, cuda:1, mps).
 */
export function chooseDevice(setting: DeviceSetting, info: TorchInfo, dtype: 'float32' | 'float64'): string {
  const s = setting.trim() || 'auto';
  if (s !== 'auto') return s;
  if (info.cuda) return 'cuda';
  if (info.mps && dtype === 'float32') return 'mps';
  return 'cpu';
}
