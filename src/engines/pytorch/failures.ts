// Why a PyTorch training could not run, said so that a user can act on it: what is wrong and
// the command or setting that fixes it. Each takes what is known (the interpreter, torch's
// answer, the script's last lines) and returns one message; none ever throws.

import { describeCandidate, type InterpreterCandidate } from './interpreter';
import type { TorchInfo } from './probe';

/** A quoted path for a shell command a user copies: quoted only when it needs it. */
function shellWord(p: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(p) ? p : `"${p.replace(/(["\\$`])/g, '\\$1')}"`;
}

export function installTorchCommand(python: string): string {
  return `${shellWord(python)} -m pip install torch`;
}

export function noInterpreter(tried: readonly InterpreterCandidate[]): string {
  return (
    `No Python interpreter found (tried ${tried.map(describeCandidate).join(', ')}). ` +
    'Install Python 3 with PyTorch, then select it with "Python: Select Interpreter" or set rnnLab.python to its path.'
  );
}

export function noTorch(python: string, importError?: string): string {
  const why = importError && !/No module named 'torch'/.test(importError) ? ` (${importError})` : '';
  return (
    `PyTorch is not installed for ${python}${why}. Install it with: ${installTorchCommand(python)} ` +
    '— or select an interpreter that has it ("Python: Select Interpreter", or the setting rnnLab.python).'
  );
}

export function interpreterFailed(python: string, output: string): string {
  const last = lastLines(output.split('\n'), 3).join(' | ');
  return `${python} could not be run (${last || 'no output'}). Select another interpreter or set rnnLab.python.`;
}

export function noCuda(device: string, python: string, info: TorchInfo): string {
  const build = info.cudaBuild
    ? `torch ${info.torch} was built with CUDA but finds no GPU (driver missing, or CUDA_VISIBLE_DEVICES hides it)`
    : `torch ${info.torch} in ${python} is a CPU-only build`;
  return (
    `rnnLab.pytorch.device is "${device}", but ${build}. Set rnnLab.pytorch.device to "auto" or "cpu", ` +
    `or install a CUDA build: ${shellWord(python)} -m pip install torch --index-url https://download.pytorch.org/whl/cu121`
  );
}

export function noMps(device: string, info: TorchInfo): string {
  return `rnnLab.pytorch.device is "${device}", but torch ${info.torch} has no MPS here (Apple silicon, macOS 12.3+ only). Set rnnLab.pytorch.device to "auto" or "cpu".`;
}

/** The device setting asks for what torch does not have; undefined when it can run. */
export function deviceProblem(device: string, python: string, info: TorchInfo): string | undefined {
  if (device.startsWith('cuda') && !info.cuda) return noCuda(device, python, info);
  if (device === 'mps' && !info.mps) return noMps(device, info);
  return undefined;
}

/** The last `n` non-empty lines of some output. */
export function lastLines(lines: readonly string[], n: number): string[] {
  return lines.filter((l) => l.trim() !== '').slice(-n);
}

/**
 * train.py (or torchrun) ended without finishing its run: what its last lines say, in words.
 * `lines`: its last lines of output, stderr and stdout as they came.
 */
export function scriptFailed(
  python: string,
  exit: { code: number | null; signal: string | null },
  lines: readonly string[],
): string {
  const text = lines.join('\n');
  const missing = /ModuleNotFoundError: No module named '([^']+)'/.exec(text);
  if (missing?.[1] === 'torch' || missing?.[1]?.startsWith('torch.')) return noTorch(python);
  if (missing)
    return `train.py needs the Python module "${missing[1]}", which ${python} does not have. Install it with: ${shellWord(python)} -m pip install ${missing[1]}`;
  if (
    /Torch not compiled with CUDA enabled|Found no NVIDIA driver|no CUDA GPUs are available|CUDA driver version is insufficient/.test(
      text,
    )
  )
    return `CUDA is not available to torch in ${python}: ${lastLines(lines, 1)[0]}. Set rnnLab.pytorch.device to "auto" or "cpu", or install a CUDA build of torch.`;
  const how = exit.signal ? `was ended by ${exit.signal}` : `exited with code ${exit.code}`;
  const last = lastLines(lines, 1)[0];
  return `train.py ${how}${last ? `: ${last}` : ''}`;
}
