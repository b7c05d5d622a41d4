import type { ChannelConnection, ChannelEvent, ConnectionState } from '@tipchat/sdk';
import { expect } from 'vitest';
import { eventually } from '../support/realtime';

export type Recording = ReturnType<typeof record>;

/** Everything a connection handed to its handlers, in the order it did. */
export function record(connection: ChannelConnection) {
  const events: ChannelEvent[] = [];
  const states: ConnectionState[] = [];
  connection.onAny((event) => events.push(event));
  connection.onState((state) => states.push(state));
  return {
    events,
    states,
    seqs: () => events.map((event) => event.seq),
    types: () => events.map((event) => event.type),
  };
}

/** Sequences `from`..`to`, both included. */
export const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** Asserts a stream of sequences is strictly increasing: nothing twice, nothing out of order. */
export function expectStrictlyIncreasing(seqs: number[]): void {
  for (let i = 1; i < seqs.length; i++) expect(seqs[i], `sequence ${seqs.join(',')}`).toBeGreaterThan(seqs[i - 1] as number);
}

/** Reconnecting includes socket.io's back-off and a catch-up: give it more time than a single delivery. */
export const waitForState = (connection: ChannelConnection, state: ConnectionState) =>
  eventually(() => expect(connection.state).toBe(state));

/**
 * A credential function that can hold the next handshake: the transport reconnects, but the
 * socket stays out of the channel's rooms until `release()` — a deterministic "while away".
 */
export function handshakeGate(token?: string) {
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  let waiting = 0;
  return {
    token: async () => {
      if (gate) {
        waiting++;
        await gate;
      }
      return token;
    },
    close() {
      gate = new Promise((resolve) => (open = resolve));
    },
    /** Resolves once a handshake is held at the gate. */
    held: () => eventually(() => expect(waiting).toBeGreaterThan(0)),
    release() {
      gate = undefined;
      waiting = 0;
      open?.();
    },
  };
}
