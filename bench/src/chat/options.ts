import { parseArgs } from 'node:util';
import { numberList, positive, wholeNumber } from '../cli';
import { DEFAULT_ADMIN_URL, POSTGRES_ONLY_USAGE } from '../tips/options';

export type ChatPath = 'rest' | 'socket';
export const CHAT_PATHS: readonly ChatPath[] = ['rest', 'socket'];

export interface ChatOptions {
  /** Offered chat messages per second, one measured phase per rate and path. */
  rates: number[];
  /** Sending time per phase. */
  seconds: number;
  /** How the messages are sent: REST (`POST …/chat/messages`) and/or socket.io `chat:send` with ack. */
  paths: ChatPath[];
  /** socket.io-client instances connected to the channel that receive every message. */
  receivers: number;
  /** Requests (REST) or unanswered sends (socket) open at once at most; a send due while all are open waits. */
  inFlight: number;
  /** Guests the sends are spread over; 0: enough for the per-viewer flood limit at the highest rate. */
  guests: number;
  /** Socket path: messages each guest's socket sends before it leaves (at most 5: the per-viewer limit is 5 per 10 s). */
  block: number;
  /** Socket path: a sender's socket connects this long before its first message is due. */
  leadMs: number;
  /** Seconds of warm-up per path at the first rate's half, not measured. */
  warmupSeconds: number;
  /** After the last send, stop waiting for deliveries after this long without one. */
  drainSeconds: number;
  /** Start no new phase after this long; what ran is still reported. */
  maxMinutes: number;
  adminUrl: string;
}

export const CHAT_USAGE = `Usage: pnpm bench:chat [options]

  --rate 250,500,750     offered chat messages per second (open loop), one phase per rate and path
  --seconds 10           sending time per phase
  --paths rest,socket    rest: POST /api/v1/channels/:slug/chat/messages as a guest;
                         socket: socket.io chat:send with ack, from the guest's own socket
  --receivers 50         real socket.io-client instances in the channel receiving every message
  --in-flight 64         sends open at once at most (REST: kept-alive connections)
  --guests 0             guests the sends are spread over, each with its own address
                         (X-Forwarded-For); 0: 3 × the highest rate, so the per-viewer flood limit
                         (5 messages per 10 s) holds
  --block 4              socket path: messages per sender socket before it leaves (at most 5)
  --lead-ms 250          socket path: a sender's socket connects this long before its first message
  --warmup-seconds 2     per path, at half the first rate, before the measured phases
  --drain-seconds 5      after the last send, stop waiting for deliveries after this long without one
  --max-minutes 20       start no new phase after this long

${POSTGRES_ONLY_USAGE}`;

/** Flags win over the environment, the environment over the defaults. Null when help was asked for. */
export function parseChatOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): ChatOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      rate: { type: 'string', default: env.BENCH_CHAT_RATE ?? '250,500,750' },
      seconds: { type: 'string', default: '10' },
      paths: { type: 'string', default: CHAT_PATHS.join(',') },
      receivers: { type: 'string', default: '50' },
      'in-flight': { type: 'string', default: '64' },
      guests: { type: 'string', default: '0' },
      block: { type: 'string', default: '4' },
      'lead-ms': { type: 'string', default: '250' },
      'warmup-seconds': { type: 'string', default: '2' },
      'drain-seconds': { type: 'string', default: '5' },
      'max-minutes': { type: 'string', default: '20' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  const paths = values.paths.split(',').map((p) => p.trim());
  for (const path of paths) {
    if (!(CHAT_PATHS as readonly string[]).includes(path))
      throw new Error(`--paths: unknown path "${path}" (known: ${CHAT_PATHS.join(', ')})`);
  }
  const block = wholeNumber('block', values.block);
  if (block > 5) throw new Error(`--block must be at most 5 (the per-viewer flood limit is 5 messages per 10 s), got ${block}`);
  return {
    rates: numberList('rate', values.rate),
    seconds: positive('seconds', values.seconds),
    paths: paths as ChatPath[],
    receivers: wholeNumber('receivers', values.receivers),
    inFlight: wholeNumber('in-flight', values['in-flight']),
    guests: wholeNumber('guests', values.guests, { allowZero: true }),
    block,
    leadMs: positive('lead-ms', values['lead-ms'], { allowZero: true }),
    warmupSeconds: positive('warmup-seconds', values['warmup-seconds'], { allowZero: true }),
    drainSeconds: positive('drain-seconds', values['drain-seconds']),
    maxMinutes: positive('max-minutes', values['max-minutes']),
    adminUrl: env.DATABASE_URL || DEFAULT_ADMIN_URL,
  };
}

/** The flood limits of a tipchat server (not settings): per viewer and per address, in a fixed 10 s window. */
export const FLOOD = { perViewer: 5, perAddress: 20, windowSeconds: 10 } as const;

/**
 * Guests enough that neither path reaches the per-viewer limit at `rate`: REST sends go round
 * the guests one by one, so a guest sends every guests/rate seconds; the socket path gives each
 * guest `block` messages in a row, every guests × block / rate seconds. 3 × the rate keeps a
 * guest to 4 messages (REST) or one block (socket, with 12 s between blocks) per 10 s window.
 */
export function guestsFor(rate: number, block: number): number {
  return Math.max(20, Math.ceil(rate * 3), Math.ceil((rate * (FLOOD.windowSeconds + 2)) / block));
}

/** The most messages one guest sends in any flood window at `rate` over `guests`: checked before a run. */
export function mostPerWindow(path: ChatPath, rate: number, guests: number, block: number): number {
  if (path === 'rest') return Math.floor((FLOOD.windowSeconds * rate) / guests) + 1;
  const cycleSeconds = (guests * block) / rate;
  return block * (Math.floor(FLOOD.windowSeconds / cycleSeconds) + 1);
}
