import { describe, expect, it } from 'vitest';
import { isRefusalStatus, isTransientStatus, TIMEOUT_OR_RATE_LIMIT } from './transient-status';

describe('final or transient provider answers', () => {
  const stripe = new Set([409, 429]);

  it('takes every 5xx and the provider’s own 4xx set as "not now", and no other status', () => {
    for (const status of [500, 502, 503, 504, 408, 429])
      expect(isTransientStatus(status, TIMEOUT_OR_RATE_LIMIT), String(status)).toBe(true);
    for (const status of [200, 302, 400, 401, 404, 409, 422])
      expect(isTransientStatus(status, TIMEOUT_OR_RATE_LIMIT), String(status)).toBe(false);
    expect(isTransientStatus(409, stripe)).toBe(true);
    expect(isTransientStatus(408, stripe)).toBe(false);
  });

  it('takes only a 4xx outside the provider’s set as a refusal', () => {
    expect([400, 404, 408, 409, 422, 429, 500, 302].filter((status) => isRefusalStatus(status, TIMEOUT_OR_RATE_LIMIT))).toEqual([
      400, 404, 409, 422,
    ]);
    expect([400, 404, 408, 409, 422, 429, 500, 302].filter((status) => isRefusalStatus(status, stripe))).toEqual([400, 404, 408, 422]);
  });
});
