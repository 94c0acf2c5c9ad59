/** A user error on the command line: printed as one line, exit code 1. */
export class CliError extends Error {
  override name = 'CliError';
}
