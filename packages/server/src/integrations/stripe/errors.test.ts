import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../providers/payment-provider';
import { redactSecrets, toProviderError } from './errors';

const { StripeAPIError, StripeAuthenticationError, StripeCardError, StripeRateLimitError } = Stripe.errors;

describe('toProviderError', () => {
  it('masks a secret key that appears whole in a Stripe message', () => {
    const err = toProviderError(
      new StripeAuthenticationError({ message: 'Invalid API Key provided: sk_live_51Habcdef0123456789', statusCode: 401 }),
      'create the payment',
    );
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.message).toBe('Stripe refused to create the payment (HTTP 401): Invalid API Key provided: sk_live_***');
    expect(err.refused).toBe(true);
  });

  it('reports a declined card as refused with the decline code', () => {
    const err = toProviderError(
      new StripeCardError({ message: 'Your card was declined.', code: 'card_declined', type: 'card_error', statusCode: 402 }),
      'create the payment',
    );
    expect(err).toMatchObject({ refused: true, providerCode: 'card_declined' });
  });

  it('treats a rate limit and a conflict as failures worth retrying, not refusals', () => {
    const limited = toProviderError(new StripeRateLimitError({ message: 'Too many requests', statusCode: 429, code: 'rate_limit' }), 'x');
    const conflict = toProviderError(new StripeAPIError({ message: 'Concurrent request', statusCode: 409, code: 'lock_timeout' }), 'x');
    expect(limited).toMatchObject({ refused: false, providerCode: 'rate_limit' });
    expect(conflict).toMatchObject({ refused: false, providerCode: 'lock_timeout' });
  });

  it('rethrows anything that is not a Stripe error: that is our bug, not the provider’s', () => {
    const bug = new TypeError('undefined is not a function');
    expect(() => toProviderError(bug, 'x')).toThrow(bug);
  });
});

describe('redactSecrets', () => {
  it('masks live, test and restricted keys and keeps the rest of the text', () => {
    expect(redactSecrets('keys sk_test_abc123, rk_live_XYZ and sk_live_****9876 end')).toBe(
      'keys sk_test_***, rk_live_*** and sk_live_*** end',
    );
    expect(redactSecrets('pk_test_public stays')).toBe('pk_test_public stays');
  });
});
