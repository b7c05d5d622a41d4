import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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
