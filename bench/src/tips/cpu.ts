import { cpuBetween } from '../database';
import { nowMicros } from '../latency';
import { machineBusyMicros } from '../machine';

export interface CpuSnapshot {
  atMicros: number;
  serverMicros: number;
  databaseByPid: Map<number, number>;
  benchMicros: number;
  machineMicros: number;
}

/** CPU spent between two snapshots, µs, by whom. */
export interface CpuUse {
  wallMicros: number;
  server: number;
  /** The Postgres backends serving the bench's database (0 when Postgres is not on this machine). */
  database: number;
  /** This process: the webhook sender, the overlay connections, the fake Stripe. */
  bench: number;
  /** Everything else the machine did meanwhile (other people's work, Postgres's own background processes). */
  other: number;
}

export class CpuMeter {
  constructor(
    private readonly serverCpu: () => Promise<number>,
    private readonly databaseCpu: () => Promise<Map<number, number>>,
  ) {}

  async snapshot(): Promise<CpuSnapshot> {
    const [serverMicros, databaseByPid] = await Promise.all([this.serverCpu(), this.databaseCpu()]);
    const own = process.cpuUsage();
    return { atMicros: nowMicros(), serverMicros, databaseByPid, benchMicros: own.user + own.system, machineMicros: machineBusyMicros() };
  }
}

export function cpuUse(before: CpuSnapshot, after: CpuSnapshot): CpuUse {
  const server = after.serverMicros - before.serverMicros;
  const database = cpuBetween(before.databaseByPid, after.databaseByPid);
  const bench = after.benchMicros - before.benchMicros;
  const machine = after.machineMicros - before.machineMicros;
  return { wallMicros: after.atMicros - before.atMicros, server, database, bench, other: Math.max(0, machine - server - database - bench) };
}
