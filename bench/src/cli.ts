/** What every bench's command line shares: number flags and the run from arguments to exit code. */

/** A flag's value as a number ≥ 0 (> 0 unless `allowZero`), or an error naming the flag. */
export function positive(name: string, raw: string, { allowZero = false } = {}): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`--${name} must be a positive number, got "${raw}"`);
  }
  return value;
}

/** A flag's value rounded to a whole number (counts: tips, clients, in flight…), checked as `positive`. */
export function wholeNumber(name: string, raw: string, options: { allowZero?: boolean } = {}): number {
  return Math.round(positive(name, raw, options));
}

/** A comma-separated flag (`--rate 250,500`): each value checked as `positive`, in the order given. */
export function numberList(name: string, raw: string): number[] {
  return raw.split(',').map((value) => positive(name, value.trim()));
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

/** On Ctrl-C: says what it stops, stops it and exits 130, so no server, load process or bench database outlives the bench. */
export function stopOnInterrupt(what: string, stopAll: () => Promise<void>): void {
  process.once('SIGINT', () => {
    process.stderr.write(`\ninterrupted: stopping ${what}\n`);
    stopAll().finally(() => process.exit(130));
  });
}
