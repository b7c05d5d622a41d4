import { randomBytes } from 'node:crypto';

/**
 * Our id of a payout's transfer, and its idempotency key at the provider: `po_` and 32 hex digits (35 characters;
 * Cashfree allows letters, digits and `_` up to 40). One per payout, never reused, so a transfer can never be sent
 * twice under two names and a lookup by it finds exactly that payout's transfer.
 */
export const newTransferId = () => `po_${randomBytes(16).toString('hex')}`;
