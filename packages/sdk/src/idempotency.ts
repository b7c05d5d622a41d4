/** Per-call options of the sends that are safe to retry (a chat message, a tip start). */
export interface IdempotentOptions {
  /**
   * The send's idempotency key (1 to 255 printable ASCII characters). By default the SDK makes a
   * random one per call and reuses it for its own retries; pass your own to retry a call yourself
   * (after a timeout or a network error) without the risk of a second message or tip: the server
   * answers a repeated key with the first result.
   */
  idempotencyKey?: string;
}

/**
 * A random UUID (v4): crypto.randomUUID where it exists (Node, browsers on https and localhost),
 * otherwise built from crypto.getRandomValues, which plain-http pages have too.
 */
export function newIdempotencyKey(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
