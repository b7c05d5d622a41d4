import { parseArgs } from 'node:util';
import { ARM_NAMES, type ArmName } from './arms';
import { numberList, positive, wholeNumber } from './cli';

export interface Options {
  clients: number[];
  seconds: number;
  reps: number;
  rate: number;
  probes: number;
  /** Guest identities the sends are spread over (tipchat arm); 0 = enough for the default flood limits. */
  senders: number;
  workers: number;
  concurrency: number;
  arms: ArmName[];
  /** Stop starting new runs after this long; what ran is still reported. */
  maxMinutes: number;
}

export const USAGE = `Usage: pnpm bench:fanout [options]

  --clients 1000,5000,10000  clients in the channel, one table per value
  --seconds 10               sending time per run
  --reps 3                   runs per arm and N; arms alternate, medians are reported
  --rate 4                   chat messages per second, sent through the API
  --probes 24                of the clients, real socket.io-client instances measuring latency
  --senders 0                guest senders (0: enough for the default per-viewer flood limit)
  --workers 1                load processes holding the thin clients
  --concurrency 100          handshakes in flight per load process
  --arms tipchat,socket.io,ws
  --max-minutes 30           start no new run after this long

Postgres: set DATABASE_URL (an admin URL); a fresh database is made and dropped. Otherwise
embedded PGlite in memory.`;

export function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      clients: { type: 'string', default: '1000,5000,10000' },
      seconds: { type: 'string', default: '10' },
      reps: { type: 'string', default: '3' },
      rate: { type: 'string', default: '4' },
      probes: { type: 'string', default: '24' },
      senders: { type: 'string', default: '0' },
      workers: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '100' },
      arms: { type: 'string', default: ARM_NAMES.join(',') },
      'max-minutes': { type: 'string', default: '30' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  const arms = values.arms.split(',').map((a) => a.trim());
  for (const arm of arms)
    if (!(ARM_NAMES as readonly string[]).includes(arm)) throw new Error(`--arms: unknown arm "${arm}" (known: ${ARM_NAMES.join(', ')})`);
  return {
    clients: numberList('clients', values.clients).map((c) => Math.round(c)),
    seconds: positive('seconds', values.seconds),
    reps: wholeNumber('reps', values.reps),
    rate: positive('rate', values.rate),
    probes: wholeNumber('probes', values.probes, { allowZero: true }),
    senders: wholeNumber('senders', values.senders, { allowZero: true }),
    workers: wholeNumber('workers', values.workers),
    concurrency: wholeNumber('concurrency', values.concurrency),
    arms: arms as ArmName[],
    maxMinutes: positive('max-minutes', values['max-minutes']),
  };
}
