// Exit codes are a contract (docs/guide/cli.md).
export const ExitCode = {
  Ok: 0,
  /** Training failed: diverged (non-finite loss or gradient) or an internal error. */
  Failed: 1,
  /** Invalid experiment or command-line usage. */
  Invalid: 2,
  /** Stopped by SIGINT; the run is saved as cancelled. */
  Interrupted: 130,
} as const;
