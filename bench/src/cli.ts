/** What every bench's command line shares: number flags and the run from arguments to exit code. */

/** A flag's value as a number ≥ 0 (> 0 unless `allowZero`), or an error naming the flag. */
export function positive(name: string, raw: string, { allowZero = false } = {}): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`--${name} must be a positive number, got "${raw}"`);
  }
  return value;
}

/**
 * Parses the arguments (null: help was asked for), prints the usage on a bad flag (exit 2), runs
 * the bench and exits 0, or 1 with the error when it failed.
 */
export function runBench<T>(name: string, usage: string, parse: (argv: string[]) => T | null, main: (options: T) => Promise<void>): void {
  let options: T | null;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`);
    process.exit(2);
  }
  if (!options) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  main(options).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
