// The command that trains an exported project: `python -u train.py --out RUNS --device D` in
// one process, or torchrun for several — run as `python -m torch.distributed.run`, the module
// behind the torchrun command, so that it is the selected interpreter's torchrun and not
// whichever one PATH finds. --standalone: a rendezvous on a free local port, so two jobs of
// one machine never meet. --redirects 2 --tee 2: the ranks' stderr to torchrun's logs and to
// its own stderr (the output channel), stdout left alone (rank 0's epoch lines come through
// as they are); they also spare torch 1.13 under Python 3.11 its default ("0"), which it
// cannot parse (an enum change in 3.11).

export interface TrainCommandInput {
  readonly python: string;
  readonly script: string;
  readonly runsDir: string;
  readonly device: string;
  /** 1: plain python; N > 1: N processes under torchrun (DistributedDataParallel). */
  readonly processes: number;
}

export interface CommandLine {
  readonly command: string;
  readonly args: readonly string[];
  /** Added to the environment: unbuffered output, so every line arrives as it is printed. */
  readonly env: Readonly<Record<string, string>>;
}

export const MAX_PROCESSES = 64;

export function trainCommand(input: TrainCommandInput): CommandLine {
  const processes = Math.trunc(input.processes);
  if (!(processes >= 1 && processes <= MAX_PROCESSES))
    throw new RangeError(`rnnLab.pytorch.processes must be between 1 and ${MAX_PROCESSES}, not ${input.processes}`);
  const script = [input.script, '--out', input.runsDir, '--device', input.device];
  const launcher =
    processes === 1
      ? []
      : [
          '-m',
          'torch.distributed.run',
          '--standalone',
          '--nproc_per_node',
          String(processes),
          '--redirects',
          '2',
          '--tee',
          '2',
        ];
  return { command: input.python, args: ['-u', ...launcher, ...script], env: { PYTHONUNBUFFERED: '1' } };
}

/** How the command is shown in the output channel: as a user would type it. */
export function displayCommand(line: CommandLine): string {
  return [line.command, ...line.args]
    .map((w) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(w) ? w : JSON.stringify(w)))
    .join(' ');
}
