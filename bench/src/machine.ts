import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** USER_HZ: the unit of the CPU times in /proc. */
export const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time every process of the machine has spent so far (all cores, non-idle), µs. Minus what
 * the bench's own processes spent, it tells how much other work shared the cores during a run.
 */
export function machineBusyMicros(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((user + nice + system + irq + softirq + steal) * 1e6) / CLOCK_TICKS;
}

/** The hardware and software of the run, the first line of every bench's report: numbers mean little without it. */
export function machineLine(): string {
  return `machine: ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Linux ${os.release()}, Node ${process.version}`;
}

/** The load average as the run starts: other work sharing the cores shows in every number after it. */
export function loadAverageLine(): string {
  return `load average at start: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

/** The one-minute load average now: taken before a phase, it goes into `loadAverageNote` after it. */
export const loadAverage = (): number => os.loadavg()[0] ?? 0;

/** How loaded the machine was over a phase: other work shares the cores with the server and the load. */
export function loadAverageNote(before: number): string {
  return `machine load average (1 min): ${before.toFixed(1)} before, ${loadAverage().toFixed(1)} after`;
}

/** The head of every bench's report: the machine, the database, the load offered, and the load average at start. */
export function reportHead(database: string, load: string): string {
  return [machineLine(), database, load, loadAverageLine()].join('\n');
}
