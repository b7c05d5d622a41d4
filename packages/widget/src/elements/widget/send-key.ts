import { newIdempotencyKey, TipchatError } from './client';

/**
 * The idempotency key of a send whose outcome is unknown (no answer: the network dropped, it
 * timed out, the server failed). Sending the same thing again — the viewer pressing send once
 * more — reuses it, so a message or tip that did arrive the first time is not stored twice. A
 * definite answer (stored, or refused with a 4xx) ends it: the next send is a new one.
 */
export class SendKey {
  private pending: { what: string; key: string } | undefined;

  /** The key for sending `what` (the text, or the tip form's fields, as one string). */
  for(what: string): string {
    if (this.pending?.what !== what) this.pending = { what, key: newIdempotencyKey() };
    return this.pending.key;
  }

  /** After the answer: keeps the key only while the send may or may not have arrived. */
  settle(error?: unknown): void {
    if (!outcomeUnknown(error)) this.pending = undefined;
  }
}

function outcomeUnknown(error: unknown): boolean {
  if (error === undefined) return false;
  if (!(error instanceof TipchatError)) return true;
  return error.status === 0 || error.status >= 500 || error.code === 'IDEMPOTENCY_KEY_IN_USE';
}
